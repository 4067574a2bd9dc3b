"""Official Chinese documents (GB/T 9704-2012) written with python-docx.

A4 with the standard margins, 仿宋 三号 body at an exact 28.95 pt line pitch
(22 lines of 28 characters), 小标宋 二号 title, two-character first-line
indents, the issuer and date line at the end. python-docx sets only Latin
fonts by name, so every run also gets its East Asian font.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
LINE_PITCH = Pt(28.95)


def chinese_date(day: dt.date) -> str:
    """2024年3月4日: full year, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


class OfficialDocument:
    """A document laid out by GB/T 9704; add paragraphs, then `to_bytes()`."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        normal = self.doc.styles["Normal"]
        normal.font.size = BODY_SIZE
        set_fonts(normal.element, FANGSONG)

    def paragraph(
        self,
        text: str = "",
        *,
        font: str = FANGSONG,
        size: Pt = BODY_SIZE,
        bold: bool = False,
        align: WD_ALIGN_PARAGRAPH | None = None,
        indent: bool = True,
        right_chars: int = 0,
    ) -> Paragraph:
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        fmt.space_before = fmt.space_after = Pt(0)
        if align is not None:
            p.alignment = align
        if indent and align is None:
            p_pr = p._p.get_or_add_pPr()
            ind = p_pr.find(qn("w:ind"))
            if ind is None:
                ind = p_pr.makeelement(qn("w:ind"), {})
                p_pr.append(ind)
            ind.set(qn("w:firstLineChars"), "200")
        if right_chars:
            fmt.right_indent = Pt(16 * right_chars)
        if text:
            run = p.add_run(text)
            run.font.size = size
            run.bold = bold
            set_fonts(run._r, font)
        return p

    def title(self, text: str) -> None:
        self.paragraph(text, font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)

    def heading(self, text: str) -> None:
        """A level-1 heading ("一、…") in 黑体."""
        self.paragraph(text, font=HEITI)

    def blank(self) -> None:
        self.paragraph("", indent=False)

    def signature(self, issuer: str, day: dt.date) -> None:
        """The issuer two characters in from the right, the date under it."""
        self.blank()
        self.paragraph(issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=2)
        self.paragraph(chinese_date(day), align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def set_fonts(element: object, east_asian: str, latin: str = "Times New Roman") -> None:
    """Set Latin and East Asian fonts on a style or run, dropping theme fonts that would win."""
    r_pr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
