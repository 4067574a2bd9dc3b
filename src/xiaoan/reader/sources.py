"""Text out of what a person gives the reader: pasted text, a .txt file (UTF-8
or GB18030) or a Word .docx document. Checked by content, not by name; a .docx
passes the shared archive guard before python-docx opens it, and the text comes
back cleaned of control characters."""

from __future__ import annotations

import io
import zipfile

from xiaoan.core.archives import MB, ArchiveRefusedError, check_archive
from xiaoan.core.attachments import max_upload_bytes
from xiaoan.core.errors import XiaoanError
from xiaoan.core.text import clean_text

from .parsing import MAX_CHARS

_OLE = b"\xd0\xcf\x11\xe0"
_ZIP = b"PK\x03\x04"
#: a briefing's text is at most 100,000 characters; its pictures make up the rest
MAX_UNPACKED_BYTES = 64 * MB


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and table cells of a .docx, one per line, in document order."""
    from docx import Document

    unreadable = f"文件“{name}”不是有效的 Word（.docx）文档。"
    try:
        check_archive(data, max_bytes=MAX_UNPACKED_BYTES, unreadable=unreadable)
    except ArchiveRefusedError as exc:
        message = exc.message if exc.message == unreadable else f"文件“{name}”：{exc.message}"
        raise XiaoanError(message) from exc
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise XiaoanError(unreadable) from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row
                        if cell.tag.endswith("}tc")
                    ]
                    lines.append("\t".join(cells))
    return "\n".join(lines)


def plain_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls <= max(2, len(text) // 100):
            return text
        break
    raise XiaoanError(f"文件“{name}”既不是纯文本（UTF-8 或 GBK），也不是 Word（.docx）文档。")


def text_from_file(data: bytes, name: str) -> str:
    """The text of an uploaded or named file; a Chinese error saying what is wrong."""
    if not data:
        raise XiaoanError(f"文件“{name}”是空文件。")
    if len(data) > max_upload_bytes():
        raise XiaoanError(f"文件“{name}”超过上传大小上限。")
    if data.startswith(_OLE):
        raise XiaoanError(f"文件“{name}”是旧版 Word（.doc），请另存为 .docx 或直接粘贴文字。")
    text = clean_text(docx_text(data, name) if data.startswith(_ZIP) else plain_text(data, name))
    if len(text) > MAX_CHARS:
        raise XiaoanError(f"文件“{name}”的文字超过 {MAX_CHARS} 字，请分段识别。")
    return text
