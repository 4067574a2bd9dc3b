"""Limits and cleaning for the text that people, the API and imports put into records.

One set of limits serves forms, API schemas and imports, so a name refused on
a page is refused in a workbook too. Cleaning removes what no person means to
type and what breaks exports or the database: C0 control characters other
than tab and line breaks, DEL, and unpaired UTF-16 surrogates (which JSON can
carry but UTF-8 cannot store).
"""

from __future__ import annotations

import re

#: names of places, units, people, titles of documents
NAME_MAX = 200
#: a description, an order's content, a note, a reason
TEXT_MAX = 5000
#: a whole source text: a pasted document for the reader, a briefing section
SOURCE_TEXT_MAX = 100_000

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# the characters an .xlsx cell cannot hold (openpyxl refuses them)
_EXCEL_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# the two code points XML 1.0 excludes beyond the controls (lxml refuses them)
_XML_NONCHARACTER = re.compile("[\ufffe\uffff]")


def clean_text(value: str) -> str:
    """The text without control characters (tab and line breaks kept) and
    without unpaired surrogates."""
    return _SURROGATE.sub("", _CONTROL.sub("", value))


def too_long_message(limit: int) -> str:
    return f"内容超过 {limit} 字"


def for_excel(value: object) -> object:
    """A cell value an .xlsx can hold: text loses the characters Excel refuses."""
    if isinstance(value, str):
        return for_docx(value)
    return value


def for_docx(value: str) -> str:
    """Text a Word document (any XML part) can hold: python-docx refuses control
    characters, unpaired surrogates and U+FFFE/U+FFFF with a ValueError."""
    return _XML_NONCHARACTER.sub("", _SURROGATE.sub("", _EXCEL_ILLEGAL.sub("", value)))
