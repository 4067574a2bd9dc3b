"""Limits on what an uploaded file unpacks to, checked before any reader parses it.

An .xlsx or .docx is a zip archive: a 200 KB upload can hold a part that
inflates to hundreds of megabytes (a "zip bomb"), which openpyxl, python-docx
and python-calamine would then read into memory. Every reader of such files
calls `check_archive` first; it refuses an archive with too many entries, one
that claims to unpack to more than the limit, one whose parts are compressed
far beyond what real office files reach, and one whose parts do not inflate to
the sizes its directory claims. The last check inflates each part and counts
the bytes without keeping them, so memory stays flat whatever the archive says
about itself (a reader trusting the directory could be fed more than it was
told).

A CSV file is not compressed; `check_text_file` limits its size, and
`csv_rows` reads it with a limit per field (Excel's own limit of a cell), so
one enormous field cannot hide in an otherwise small table.

The limits are settings (XIAOAN_ARCHIVE_MAX_MB, XIAOAN_ARCHIVE_MAX_ENTRIES,
XIAOAN_ARCHIVE_MAX_RATIO); a reader whose rows are few may pass a smaller
`max_bytes`.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

from django.conf import settings

from xiaoan.core.errors import XiaoanError

MB = 1024 * 1024
#: a part smaller than this is not judged by its compression ratio (tiny parts are harmless)
RATIO_GRACE_BYTES = 1 * MB
#: the longest text a cell of Excel can hold; a CSV field beyond it is not from a spreadsheet
CSV_FIELD_MAX = 32_767
_CHUNK = 256 * 1024
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_LOCAL_HEADER = b"PK\x03\x04"


class ArchiveRefusedError(XiaoanError):
    """The file is refused before it is read: too large unpacked, too many parts, damaged."""

    code = "archive_refused"


def max_unpacked_bytes() -> int:
    return int(settings.XIAOAN_ARCHIVE_MAX_MB) * MB


def max_entries() -> int:
    return int(settings.XIAOAN_ARCHIVE_MAX_ENTRIES)


def max_ratio() -> int:
    return int(settings.XIAOAN_ARCHIVE_MAX_RATIO)


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def check_archive(
    source: bytes | IO[bytes],
    *,
    max_bytes: int | None = None,
    unreadable: str = "无法读取文件：文件已损坏，或不是 Excel（.xlsx）/ Word（.docx）文件。",
) -> None:
    """Refuse (ArchiveRefusedError, a Chinese reason) an archive that is damaged or
    unpacks to more than the limits allow; return quietly for one that is fine.
    A file object is read from where it is and rewound to there."""
    handle = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    start = handle.tell()
    limit = min(max_bytes or max_unpacked_bytes(), max_unpacked_bytes())
    try:
        _check_entry_count(handle, start, unreadable)
        handle.seek(start)
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            raise ArchiveRefusedError(unreadable) from exc
        with archive:
            infos = archive.infolist()
            _check_declared(infos, limit)
            for info in infos:
                _check_inflated(handle, start, info, unreadable)
    finally:
        handle.seek(start)


def _check_entry_count(handle: IO[bytes], start: int, unreadable: str) -> None:
    """The number of parts, read from the archive's end record before Python's
    zipfile builds an object for each of them."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell() - start
    tail_size = min(size, 22 + 65_535)
    handle.seek(start + size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        raise ArchiveRefusedError(unreadable)
    (count,) = struct.unpack("<H", tail[at + 10 : at + 12])
    if count == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack("<Q", tail[at - 12 : at - 4])
        handle.seek(start + offset)
        record = handle.read(56)
        if len(record) < 56 or not record.startswith(_ZIP64_EOCD):
            raise ArchiveRefusedError(unreadable)
        (count,) = struct.unpack("<Q", record[32:40])
    if count > max_entries():
        raise ArchiveRefusedError(
            f"文件内含 {count} 个部件，超过上限 {max_entries()} 个，"
            "不像是正常的 Excel 或 Word 文件，已拒绝读取。"
        )


def _check_declared(infos: list[zipfile.ZipInfo], limit: int) -> None:
    total = sum(info.file_size for info in infos)
    if total > limit:
        raise ArchiveRefusedError(
            f"文件解压后为 {_mb(total)}，超过上限 {_mb(limit)}，已拒绝读取。"
            "请检查文件是否正确，或分成几个文件导入。"
        )
    for info in infos:
        if info.file_size > RATIO_GRACE_BYTES and info.file_size > max_ratio() * max(
            info.compress_size, 1
        ):
            raise ArchiveRefusedError(
                f"文件中的“{info.filename}”压缩了 {info.file_size // max(info.compress_size, 1)} 倍"
                f"（解压后 {_mb(info.file_size)}），远超正常文件（上限 {max_ratio()} 倍），"
                "疑似压缩炸弹，已拒绝读取。"
            )


def _check_inflated(handle: IO[bytes], start: int, info: zipfile.ZipInfo, unreadable: str) -> None:
    """Inflate one part, counting its bytes without keeping them, and refuse it
    unless it comes to exactly the size the directory declares."""
    if info.flag_bits & 0x1:
        raise ArchiveRefusedError("文件已加密，请去掉密码后再上传。")
    handle.seek(start + info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or not header.startswith(_LOCAL_HEADER):
        raise ArchiveRefusedError(unreadable)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(start + info.header_offset + 30 + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        inflated = len(_read_exactly(handle, info.compress_size, unreadable))
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflated = _inflated_size(handle, info, unreadable)
    else:
        raise ArchiveRefusedError(unreadable)
    if inflated != info.file_size:
        raise ArchiveRefusedError(
            f"文件中的“{info.filename}”解压后的大小与文件目录不符，文件已损坏或被篡改，已拒绝读取。"
        )


def _read_exactly(handle: IO[bytes], size: int, unreadable: str) -> bytes:
    # only STORED parts come here; they are as large as the file itself
    data = handle.read(size)
    if len(data) != size:
        raise ArchiveRefusedError(unreadable)
    return data


def _inflated_size(handle: IO[bytes], info: zipfile.ZipInfo, unreadable: str) -> int:
    """The size a deflated part inflates to, stopping as soon as it passes the declared size."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left = info.compress_size
    inflated = 0
    try:
        while left > 0:
            chunk = handle.read(min(_CHUNK, left))
            if not chunk:
                raise ArchiveRefusedError(unreadable)
            left -= len(chunk)
            while chunk:
                inflated += len(inflater.decompress(chunk, _CHUNK))
                if inflated > info.file_size:
                    return inflated
                chunk = inflater.unconsumed_tail
        inflated += len(inflater.flush())
    except zlib.error as exc:
        raise ArchiveRefusedError(unreadable) from exc
    if not inflater.eof:
        raise ArchiveRefusedError(unreadable)
    return inflated


def check_text_file(data: bytes, *, max_bytes: int | None = None) -> None:
    """Refuse a text file (a CSV) larger than the unpacked limit: it is parsed whole."""
    limit = min(max_bytes or max_unpacked_bytes(), max_unpacked_bytes())
    if len(data) > limit:
        raise ArchiveRefusedError(
            f"文件为 {_mb(len(data))}，超过上限 {_mb(limit)}，已拒绝读取。请分成几个文件导入。"
        )


def csv_rows(text: str, delimiter: str, *, field_max: int = CSV_FIELD_MAX) -> Iterator[list[str]]:
    """The rows of a CSV text; a field longer than `field_max` characters refuses
    the file with its line number (no spreadsheet writes such a field)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise _field_too_long(reader.line_num, field_max) from exc
            raise ArchiveRefusedError(
                f"CSV 文件第 {reader.line_num} 行格式有误，无法读取。"
            ) from exc
        if any(len(value) > field_max for value in row):
            raise _field_too_long(reader.line_num, field_max)
        yield row


def _field_too_long(line: int, field_max: int) -> ArchiveRefusedError:
    return ArchiveRefusedError(
        f"CSV 文件第 {line} 行有一个字段超过 {field_max} 字（Excel 单元格的上限），"
        "不像是平台导出的文件，已拒绝读取。"
    )
