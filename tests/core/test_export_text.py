"""Downloads never fail on stored text: a name holding a control character, a
lone surrogate or U+FFFF is written without it, in .xlsx and in .docx."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import pytest
from openpyxl import Workbook, load_workbook

from xiaoan.areas.models import Organisation
from xiaoan.core.officedoc import OfficialDocument
from xiaoan.core.text import for_docx, for_excel
from xiaoan.directives import services as directives
from xiaoan.places.services import do_register_place

#: every character an XML part refuses, and a few it holds
HOSTILE = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ud800\ufffe\uffff"


def sheet_values(data: bytes) -> list[Any]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [v for row in sheet.iter_rows(values_only=True) for v in row]


def test_for_excel_makes_any_text_writable() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([for_excel(f"甲{HOSTILE}乙\t丙"), for_excel(3), for_excel(None)])
    out = io.BytesIO()
    book.save(out)
    assert sheet_values(out.getvalue()) == ["甲乙\t丙", 3]


def test_for_docx_makes_any_text_writable() -> None:
    document = docx.Document()
    document.add_paragraph(for_docx(f"甲{HOSTILE}乙"))
    out = io.BytesIO()
    document.save(out)
    assert [p.text for p in docx.Document(io.BytesIO(out.getvalue())).paragraphs] == ["甲乙"]


def test_official_documents_write_stored_text_whatever_it_holds() -> None:
    """Notices, the dispatch summary and briefings all write through OfficialDocument."""
    doc = OfficialDocument()
    doc.title("关于\x0b整改的通知")
    doc.paragraph("惠宾苑\x001号楼\ufffe：楼道堆物")
    text = [p.text for p in docx.Document(io.BytesIO(doc.to_bytes())).paragraphs]
    assert text == ["关于整改的通知", "惠宾苑1号楼：楼道堆物"]


@pytest.mark.django_db
def test_places_export_with_a_control_character_in_a_name(
    client_as: Any, user: Any, area: Any
) -> None:
    do_register_place(
        acting_user=user("xinglongtai"),
        name="惠宾\x0b苑\x08导出楼",  # PostgreSQL cannot hold \x00; SQLite can
        address="惠宾街\x1f99号",
        area=area("惠宾社区"),
        kind="high_rise",
    )
    response = client_as("xinglongtai").get("/places/export.xlsx")
    assert response.status_code == 200
    values = sheet_values(b"".join(response.streaming_content))
    assert "惠宾苑导出楼" in values and "惠宾街99号" in values


@pytest.mark.django_db
def test_tasks_export_with_a_control_character_in_a_title(client_as: Any, user: Any) -> None:
    directives.do_create_task(
        acting_user=user("office"),
        title="排查\x0b惠宾社区\x1b电动车",
        lead_organisation=Organisation.objects.get(name="兴隆台区消防救援大队"),
        deadline=dt.date(2024, 3, 8),
    )
    response = client_as("office").get("/tasks/export.xlsx")
    assert response.status_code == 200
    assert "排查惠宾社区电动车" in sheet_values(b"".join(response.streaming_content))
