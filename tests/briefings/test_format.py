"""The Word file read back with python-docx: GB/T 9704 margins, fonts (with their
East Asian names), sizes, the fixed line pitch, the page-number field."""

from __future__ import annotations

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from xiaoan.briefings.builder import build_monthly, monthly_period
from xiaoan.briefings.render import to_docx

from .conftest import read_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(demo, area):
    city = area("盘锦市")
    return read_docx(to_docx(build_monthly(city, monthly_period(city, "2024-03"))))


def east_asian(run) -> str:
    return run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def paragraph(document, startswith: str):
    return next(p for p in document.paragraphs if p.text.startswith(startswith))


def test_page_and_margins(document):
    section = document.sections[0]

    def mm(*lengths):
        return tuple(round(length.mm, 1) for length in lengths)

    # stored in twips, so compared to a tenth of a millimetre
    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.bottom_margin) == (37, 35)
    assert mm(section.left_margin, section.right_margin) == (28, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579" and grid.get(qn("w:type")) is None


def test_fonts_and_sizes_of_title_headings_and_body(document):
    title = document.paragraphs[0]
    assert title.text == "3月份行政办公会议重点工作情况通报"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert document.paragraphs[1].text == "（2024年3月4日）"

    heading = paragraph(document, "一、领导批示情况")
    assert east_asian(heading.runs[0]) == "黑体" and heading.runs[0].font.size == Pt(16)

    meeting = paragraph(document, "（一）2月22日")
    assert [east_asian(r) for r in meeting.runs] == ["楷体_GB2312", "仿宋_GB2312"]
    item = paragraph(document, "1.加强消防队站建设")
    assert item.runs[0].bold and east_asian(item.runs[0]) == "仿宋_GB2312"
    assert not item.runs[1].bold

    body = paragraph(document, "2月25日，炳森书记")
    run = body.runs[0]
    assert east_asian(run) == "仿宋_GB2312" and run.font.size == Pt(16)
    assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    # condensed by 0.25 pt so 28 characters fill a line; two-character first-line indent
    assert run._r.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert body._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    normal = document.styles["Normal"]
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_every_paragraph_has_the_fixed_line_pitch(document):
    for p in document.paragraphs:
        if p.text:
            spacing = p._p.pPr.find(qn("w:spacing"))
            assert (spacing.get(qn("w:lineRule")), spacing.get(qn("w:line"))) == ("exact", "579")


def test_page_numbers_odd_right_even_left(document):
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        assert p.alignment == align
        xml = p._p.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert p.text == "— 1 —"
        assert {east_asian(r) for r in p.runs} == {"宋体"}
        assert {r.font.size for r in p.runs} == {Pt(14)}
