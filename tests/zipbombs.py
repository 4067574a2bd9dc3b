"""Hostile workbooks for the tests: an .xlsx whose one shared string inflates to
hundreds of megabytes from a few hundred kilobytes, written part by part with
zipfile (DEFLATE) so that building it never holds the string in memory; and an
archive whose directory understates the size of a part."""

from __future__ import annotations

import io
import struct
import zipfile
from xml.sax.saxutils import escape

MB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SST_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _column(index: int) -> str:
    return chr(ord("A") + index)


def bomb_xlsx(header: list[str], row: list[str | None], *, huge_column: int, size: int) -> bytes:
    """A one-sheet workbook: `header`, then `row` whose cell `huge_column` is a
    shared string of about `size` bytes (UTF-8). Every text is a shared string."""
    strings = [*header, *(v for v in row if v is not None)]
    huge_index = len(strings)
    cells = [
        "".join(f'<c r="{_column(i)}1" t="s"><v>{i}</v></c>' for i in range(len(header))),
    ]
    second = []
    index = len(header)
    for i, value in enumerate(row):
        if i == huge_column:
            second.append(f'<c r="{_column(i)}2" t="s"><v>{huge_index}</v></c>')
        elif value is not None:
            second.append(f'<c r="{_column(i)}2" t="s"><v>{index}</v></c>')
            index += 1
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{SST_NS}"><sheetData>'
        f'<row r="1">{cells[0]}</row><row r="2">{"".join(second)}</row>'
        "</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            count = len(strings) + 1
            part.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<sst xmlns="{SST_NS}" count="{count}" uniqueCount="{count}">'.encode()
            )
            for text in strings:
                part.write(f"<si><t>{escape(text)}</t></si>".encode())
            part.write(b"<si><t>")
            piece = ("隐患" * (min(size, MB) // 6)).encode()  # up to 1 MB of text at a time
            for _ in range(size // max(len(piece), 1)):
                part.write(piece)
            part.write(b"</t></si></sst>")
    return out.getvalue()


def understate(data: bytes, part: str, declared: int) -> bytes:
    """The archive with `part`'s uncompressed size set to `declared` in the central
    directory and the local header (its data unchanged): a directory that lies."""
    buffer = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    struct.pack_into("<I", buffer, info.header_offset + 22, declared)
    name = part.encode()
    at = bytes(buffer).find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", buffer, at + 28)[0]
        if bytes(buffer[at + 46 : at + 46 + name_length]) == name:
            struct.pack_into("<I", buffer, at + 24, declared)
            break
        at = bytes(buffer).find(b"PK\x01\x02", at + 4)
    return bytes(buffer)


def bomb_docx(*, size: int) -> bytes:
    """A Word document with one paragraph and a part that inflates to about `size` bytes."""
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关于开展除患攻坚大整治的通知")
    document.save(out)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/padding.xml", "w") as part,
    ):
        piece = b"<p>" + b"0" * (MB - 8) + b"</p>"
        for _ in range(size // len(piece)):
            part.write(piece)
    return out.getvalue()
