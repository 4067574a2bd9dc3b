"""Render a briefing's content as an official Word document (GB/T 9704)."""

from __future__ import annotations

from xiaoan.core.officedoc import FANGSONG, HEITI, KAITI, OfficialDocument

from .content import HEADING2, HEADING3, Briefing, Item

#: the font of each item style (level-3 headings are 仿宋 in bold)
STYLE_FONTS = {HEADING2: (KAITI, False), HEADING3: (FANGSONG, True)}


def to_docx(content: Briefing, *, with_charts: bool = True) -> bytes:
    """The Word file; the content's charts go under the key figures."""
    from .charts import to_png

    charts = [to_png(c) for c in content.charts] if with_charts else []
    doc = OfficialDocument()
    doc.page_numbers()
    doc.title(content.title)
    doc.date_line(content.issued_on)
    for section in content.sections:
        doc.paragraph(section.heading, font=HEITI)
        for item in section.paragraphs():
            write_item(doc, item)
        if section.key == "figures":
            for chart in charts:
                doc.picture(chart)
    if content.issuer:
        doc.signature(content.issuer, content.issued_on)
    return doc.to_bytes()


def write_item(doc: OfficialDocument, item: Item) -> None:
    font, bold = STYLE_FONTS.get(item.style, (FANGSONG, False))
    if item.lead:
        p = doc.paragraph("")
        doc.run(p, item.lead, font=font, bold=bold)
        doc.run(p, item.text)
    else:
        doc.paragraph(item.text, font=font, bold=bold)
