"""Importing places from Excel: created, duplicates flagged, bad rows reported."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

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
