"""Importing places from Excel: created, duplicates flagged, bad rows reported."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.zipbombs import MB, bomb_xlsx
from xiaoan.core.text import NAME_MAX
from xiaoan.places import importers
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.django_db


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["场所名称", "地址", "所属区域", "场所类型", "负责人", "风险等级"]


def test_import_creates_flags_and_reports(client_as, user, area):
    do_register_place(
        acting_user=user("xinglongtai"),
        name="惠宾苑1号楼",
        address="惠宾街1号",
        area=area("惠宾社区"),
        kind="high_rise",
    )
    content = workbook(
        [
            HEADER,
            ["惠宾苑2号楼", "惠宾街2号", "惠宾社区", "高层住宅", "张三", "高"],
            ["惠宾苑1号楼", "惠宾街 1 号", "惠宾社区", "高层住宅", "", ""],  # already registered
            ["兴盛小卖部", "兴盛路8号", "211103001002", "小商店", "李四", "低"],
            ["", "", "", "", "", ""],  # blank: not counted
            ["胜利小区", "胜利街1号", "胜利社区", "住宅小区", "", ""],  # not in the user's area
            ["无类型", "某路1号", "惠宾社区", "仓库", "", "极高"],
            ["惠宾苑2号楼", "惠宾街2号", "惠宾社区", "高层住宅", "", ""],  # repeated in the file
        ]
    )
    response = client_as("xinglongtai").post(
        "/places/import/", {"file": SimpleUploadedFile("场所.xlsx", content)}
    )
    page = response.content.decode()
    assert "共 6 行：新建 2 处，重复 2 处（未新建），有误 2 行（未导入）" in page
    assert "第3行：惠宾苑1号楼（已登记）" in page and "第8行：惠宾苑2号楼（与第2行重复）" in page
    assert "“胜利社区”不是您辖区内的区域名称或代码" in page
    assert "“仓库”不是场所类型" in page and "“极高”应为 低、中 或 高" in page
    shop = Place.objects.get(name="兴盛小卖部")
    assert shop.area.name == "兴盛社区" and shop.risk_level == "low"
    assert (
        Place.objects.get(name="惠宾苑2号楼").history.first().history_user.username == "xinglongtai"
    )


def test_missing_columns_are_listed(client_as):
    content = workbook([["名称", "电话"], ["甲", "1"]])
    page = (
        client_as("xinglongtai")
        .post("/places/import/", {"file": SimpleUploadedFile("x.xlsx", content)})
        .content.decode()
    )
    assert "缺少必需的列：地址、区域、类型。表头中找到：名称、电话。" in page


def test_not_an_excel_file(client_as):
    page = (
        client_as("xinglongtai")
        .post("/places/import/", {"file": SimpleUploadedFile("x.xlsx", b"hello")})
        .content.decode()
    )
    assert "无法读取文件" in page


def test_auditor_cannot_import(client_as):
    response = client_as("auditor").get("/places/import/", follow=True)
    assert "无权导入场所" in response.content.decode()


# ----- bad input in the file -----


def post(client: Any, content: bytes) -> str:
    response = client.post("/places/import/", {"file": SimpleUploadedFile("场所.xlsx", content)})
    assert response.status_code == 200
    return response.content.decode()


def test_a_file_refused_for_its_length_saves_nothing(client_as, monkeypatch):
    monkeypatch.setattr(importers, "MAX_ROWS", 3)
    rows = [[f"惠宾苑{n}号楼", f"惠宾街{n}号", "惠宾社区", "高层住宅", "", ""] for n in range(2, 6)]
    before = Place.objects.count()
    page = post(client_as("xinglongtai"), workbook([HEADER, *rows]))
    assert "文件超过 3 行，请分批导入；本次未导入任何场所。" in page
    assert Place.objects.count() == before


def test_a_failure_part_way_leaves_none_of_the_places(user, monkeypatch):
    calls = []

    def failing(**kwargs: Any) -> Place:
        calls.append(kwargs["name"])
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return do_register_place(**kwargs)

    monkeypatch.setattr(importers, "do_register_place", failing)
    content = workbook(
        [
            HEADER,
            ["惠宾苑7号楼", "惠宾街7号", "惠宾社区", "高层住宅", "", ""],
            ["惠宾苑8号楼", "惠宾街8号", "惠宾社区", "高层住宅", "", ""],
        ]
    )
    with pytest.raises(RuntimeError):
        importers.import_places(io.BytesIO(content), acting_user=user("xinglongtai"))
    assert calls == ["惠宾苑7号楼", "惠宾苑8号楼"]
    assert not Place.objects.filter(name="惠宾苑7号楼").exists()


def test_texts_are_held_to_the_shared_limits(client_as):
    long_name = "惠" * (NAME_MAX + 1)
    content = workbook(
        [
            HEADER,
            ["惠宾苑9号楼", "惠宾街9号", "惠宾社区", "高层住宅", "张三", ""],
            [long_name, "惠宾街10号", "惠宾社区", "高层住宅", "", ""],
            ["惠宾苑11号楼", "惠宾街11号", "惠宾社区", "高层住宅", "李" * 51, ""],
        ]
    )
    page = post(client_as("xinglongtai"), content)
    assert "共 3 行：新建 1 处，重复 0 处（未新建），有误 2 行（未导入）" in page
    assert f"<td>3</td><td>名称</td><td>内容超过 {NAME_MAX} 字</td>" in page
    assert "<td>4</td><td>负责人</td><td>内容超过 50 字</td>" in page
    assert long_name not in page
    place = Place.objects.get(address="惠宾街9号")
    assert place.name == "惠宾苑9号楼" and place.responsible_person == "张三"


def test_a_zip_bomb_is_refused_before_it_is_read(client_as):
    bomb = bomb_xlsx(
        HEADER[:4], [None, "惠宾街12号", "惠宾社区", "高层住宅"], huge_column=0, size=190 * MB
    )
    before = Place.objects.count()
    page = post(client_as("xinglongtai"), bomb)
    assert "文件解压后为 190 MB，超过上限 64 MB，已拒绝读取" in page
    assert Place.objects.count() == before


def test_an_upload_over_the_size_limit_is_refused(client_as, settings):
    settings.XIAOAN_MAX_UPLOAD_MB = 0
    page = post(client_as("xinglongtai"), workbook([HEADER]))
    assert "超过上限 0 MB" in page
