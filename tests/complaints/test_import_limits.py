"""Bad input in a 12345 export: zip bombs, enormous fields, control characters.
A refused file saves nothing; a row with a text beyond the shared limits is
rejected with its row, column and “内容超过 N 字”, and the rest import."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.zipbombs import MB, bomb_xlsx
from xiaoan.complaints.importers import ImportRefusedError, import_complaints
from xiaoan.complaints.models import Complaint, ImportJob
from xiaoan.core.text import NAME_MAX, TEXT_MAX

from .conftest import HEADER, csv_bytes, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db

CONTENT = HEADER.index("诉求内容")


def bomb() -> bytes:
    row: list[str | None] = list(good_row("GD-BOMB"))
    row[CONTENT] = None
    return bomb_xlsx(HEADER, row, huge_column=CONTENT, size=190 * MB)


def test_a_zip_bomb_is_refused_on_the_import_page_before_any_job(client_as: Any) -> None:
    response = client_as("office").post(
        "/complaints/import/", {"file": SimpleUploadedFile("工单.xlsx", bomb())}
    )
    assert response.status_code == 200
    assert "疑似压缩炸弹，已拒绝读取" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_zip_bomb_is_refused_through_the_api(api_as: Any) -> None:
    response = api_as("office").post(
        "/api/complaints/imports", {"file": SimpleUploadedFile("工单.xlsx", bomb())}
    )
    assert response.status_code == 400
    assert "疑似压缩炸弹" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_zip_bomb_is_refused_by_the_importer_itself(user: Any) -> None:
    """The background job and the command line do not pass through the page."""
    with pytest.raises(ImportRefusedError, match="疑似压缩炸弹"):
        import_complaints(bomb(), acting_user=user("office"))
    assert not Complaint.objects.filter(number="GD-BOMB").exists()


def test_texts_beyond_the_shared_limits_reject_their_row(user: Any) -> None:
    header = [*HEADER, "来电人"]
    rows = [
        [*good_row("GD-LONG-1", 诉求内容="火" * (TEXT_MAX + 1)), "张三"],
        [*good_row("GD-LONG-2", 工单标题="题" * (NAME_MAX + 1)), "李四"],
        [*good_row("GD-LONG-3"), "王" * (TEXT_MAX + 1)],
        [*good_row("GD-OK", 诉求内容="火" * TEXT_MAX), "赵六"],
    ]
    for data in (xlsx_bytes(rows, header), csv_bytes(rows, header)):
        result = import_complaints(data, acting_user=user("office"))
        assert [e.as_dict() for e in result.errors] == [
            {"row": 2, "column": "诉求内容", "reason": f"内容超过 {TEXT_MAX} 字"},
            {"row": 3, "column": "工单标题", "reason": f"内容超过 {NAME_MAX} 字"},
            {"row": 4, "column": "来电人", "reason": f"内容超过 {TEXT_MAX} 字"},
        ]
        assert result.rejected == 3
    assert set(
        Complaint.objects.filter(number__startswith="GD-").values_list("number", flat=True)
    ) == {"GD-OK"}
    assert len(Complaint.objects.get(number="GD-OK").content) == TEXT_MAX


def test_control_characters_are_cleaned_and_the_rejected_workbook_is_written(user: Any) -> None:
    """Excel escapes a control character as _x000B_; the reader decodes it, so
    it reaches the importer, which must neither store it nor fail to write it
    back into the workbook of rejected rows."""
    rows = [
        good_row("GD-CTRL", 诉求内容="楼道_x000B_堆物_x0000_", 事发地址="惠宾街_x001F_12号"),
        good_row("GD-BAD_x000B_", 来电时间="昨天下午"),
    ]
    result = import_complaints(xlsx_bytes(rows), acting_user=user("office"))
    order = Complaint.objects.get(number="GD-CTRL")
    assert order.content == "楼道堆物" and order.address == "惠宾街12号"
    assert order.raw["诉求内容"] == "楼道堆物"
    assert result.rejected == 1 and result.rejected_workbook is not None
    sheet = load_workbook(io.BytesIO(result.rejected_workbook)).active
    assert sheet is not None
    assert list(sheet.iter_rows(values_only=True))[1][0] == "GD-BAD"


def test_control_characters_in_a_csv_are_cleaned(user: Any) -> None:
    data = csv_bytes([good_row("GD-CSV", 诉求内容="楼道\x0b堆物\x1b", 工单标题="标\x7f题")])
    import_complaints(data, acting_user=user("office"))
    order = Complaint.objects.get(number="GD-CSV")
    assert (order.content, order.title) == ("楼道堆物", "标题")


def test_a_csv_field_longer_than_an_excel_cell_refuses_the_file(user: Any) -> None:
    data = csv_bytes([good_row("GD-A"), good_row("GD-B", 回复内容="火" * 40_000)])
    with pytest.raises(ImportRefusedError, match="CSV 文件第 3 行有一个字段超过 32767 字"):
        import_complaints(data, acting_user=user("office"))
    assert not Complaint.objects.filter(number__in=["GD-A", "GD-B"]).exists()


def test_a_csv_larger_than_the_limit_is_refused(user: Any, settings: Any) -> None:
    settings.XIAOAN_ARCHIVE_MAX_MB = 0
    with pytest.raises(ImportRefusedError, match="超过上限"):
        import_complaints(csv_bytes([good_row("GD-C")]), acting_user=user("office"))
    assert not Complaint.objects.filter(number="GD-C").exists()
