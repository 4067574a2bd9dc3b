"""Official Chinese documents (GB/T 9704-2012) written with python-docx.

A4 with the standard margins, 仿宋 三号 body at an exact 28.95 pt line pitch
(22 lines of 28 characters), 小标宋 二号 title, two-character first-line
indents, the issuer and date line at the end. python-docx sets only Latin
fonts by name, so every run also gets its East Asian font.

The type area is 156 mm (442 pt) wide; 28 characters of 16 pt need 448 pt, so
each run is condensed by 0.25 pt a character, which makes 28 fit. Word and
LibreOffice both honour that; a `linesAndChars` document grid would do it in
Word but breaks LibreOffice's layout, so the grid only carries the line pitch.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from xiaoan.core.text import for_docx

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
TITLE_FONT = "方正小标宋简体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_PITCH = Pt(28.95)
LINE_PITCH_TWIPS = 579
#: −0.25 pt per character, in twentieths of a point (see the module docstring)
CONDENSE_TWIPS = -5
#: page numbers sit 7 mm under the type area: 35 mm bottom margin − 7 mm − the 四号 line
FOOTER_DISTANCE = Mm(23)


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
        set_language(normal.element)
        set_line_grid(section._sectPr)

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
            self.run(p, text, font=font, size=size, bold=bold)
        return p

    def run(
        self,
        p: Paragraph,
        text: str,
        *,
        font: str = FANGSONG,
        size: Pt = BODY_SIZE,
        bold: bool = False,
    ) -> None:
        """Append a run to a paragraph: its fonts (Latin and East Asian), size and spacing."""
        run = p.add_run(for_docx(text))  # stored text may hold what XML cannot
        run.font.size = size
        run.bold = bold
        set_fonts(run._r, font)
        condense(run._r)

    def title(self, text: str) -> None:
        self.paragraph(text, font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)

    def heading(self, text: str) -> None:
        """A level-1 heading ("一、…") in 黑体."""
        self.paragraph(text, font=HEITI)

    def heading2(self, text: str) -> None:
        """A level-2 heading ("（一）…") in 楷体."""
        self.paragraph(text, font=KAITI)

    def heading3(self, text: str) -> None:
        """A level-3 heading ("1. …") in 仿宋, bold."""
        self.paragraph(text, bold=True)

    def date_line(self, day: dt.date) -> None:
        """A centred "（2024年3月4日）" under the title, as briefings carry it."""
        self.paragraph(f"（{chinese_date(day)}）", align=WD_ALIGN_PARAGRAPH.CENTER)

    def page_numbers(self) -> None:
        """ "— 1 —" in 宋体 四号 at the foot: odd pages right, even pages left, one
        character in from the edge of the type area."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        section.footer_distance = FOOTER_DISTANCE
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                p.paragraph_format.right_indent = PAGE_NUMBER_SIZE
            else:
                p.paragraph_format.left_indent = PAGE_NUMBER_SIZE
            self._page_field(p)

    def _page_field(self, p: Paragraph) -> None:
        """ "— PAGE —": python-docx has no field API, so the field is written as runs."""
        self.run(p, "— ", font=SONGTI, size=PAGE_NUMBER_SIZE)
        for kind, text in (
            ("begin", None),
            ("instr", " PAGE "),
            ("separate", None),
            ("text", "1"),
            ("end", None),
        ):
            run = p.add_run()
            run.font.size = PAGE_NUMBER_SIZE
            set_fonts(run._r, SONGTI, latin=SONGTI)
            if kind == "instr":
                instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
                instr.text = text
                run._r.append(instr)
            elif kind == "text":
                run.text = text or ""
            else:
                run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
        self.run(p, " —", font=SONGTI, size=PAGE_NUMBER_SIZE)

    def picture(self, image: bytes, width_mm: float = 150) -> None:
        """A centred image (a chart), as wide as the type area at most."""
        p = self.paragraph("", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.add_run().add_picture(io.BytesIO(image), width=Mm(width_mm))

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


#: run properties that come after w:spacing in the schema's order
AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def condense(run_element: object) -> None:
    """Condense a run by 0.25 pt a character, so 28 characters fill a line."""
    r_pr = run_element.get_or_add_rPr()  # type: ignore[attr-defined]
    spacing = r_pr.find(qn("w:spacing"))
    if spacing is None:
        spacing = r_pr.makeelement(qn("w:spacing"), {})
        # keep the schema's order of run properties, which Word enforces
        r_pr.insert_element_before(spacing, *AFTER_SPACING)
    spacing.set(qn("w:val"), str(CONDENSE_TWIPS))


def set_line_grid(sect_pr: object) -> None:
    """The section's document grid: the line pitch only, no grid type (see above)."""
    grid = sect_pr.find(qn("w:docGrid"))  # type: ignore[attr-defined]
    if grid is None:
        grid = sect_pr.makeelement(qn("w:docGrid"), {})  # type: ignore[attr-defined]
        sect_pr.append(grid)  # type: ignore[attr-defined]
    for attr in ("w:type", "w:charSpace"):
        grid.attrib.pop(qn(attr), None)
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


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


def set_language(element: object) -> None:
    """Mark East Asian text as Simplified Chinese (zh-CN), so a converter that
    falls back to another font picks a Simplified Chinese one."""
    r_pr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = r_pr.makeelement(qn("w:lang"), {})
        r_pr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
