"""The guard every reader of .xlsx, .docx and .csv calls before parsing: it
refuses, with a Chinese reason, what unpacks to more than the limits allow."""

from __future__ import annotations

import io
import time
import zipfile

import docx
import pytest
from openpyxl import Workbook

from tests.zipbombs import MB, bomb_xlsx, understate
from xiaoan.core.archives import (
    ArchiveRefusedError,
    check_archive,
    check_text_file,
    csv_rows,
)

HEADER = ["场所名称", "地址", "所属区域", "场所类型"]
ROW: list[str | None] = [None, "惠宾街2号", "惠宾社区", "住宅小区"]


def plain_workbook() -> bytes:
    book = Workbook()
    for r in range(200):
        book.active.append([f"第{r}行", "惠宾街", r])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_ordinary_workbook_and_document_pass():
    check_archive(plain_workbook())
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关于开展除患攻坚大整治的通知")
    document.save(out)
    check_archive(out.getvalue())


def test_a_file_object_is_rewound_to_where_it_was():
    handle = io.BytesIO(plain_workbook())
    check_archive(handle)
    assert handle.tell() == 0


def test_a_highly_compressed_part_is_refused_at_once():
    bomb = bomb_xlsx(HEADER, ROW, huge_column=0, size=190 * MB)
    assert len(bomb) < 400 * 1024
    started = time.perf_counter()
    with pytest.raises(ArchiveRefusedError) as refused:
        check_archive(bomb)
    assert time.perf_counter() - started < 1  # read from the directory, nothing inflated
    assert "xl/sharedStrings.xml" in refused.value.message
    assert "疑似压缩炸弹" in refused.value.message


def test_the_unpacked_size_limit_is_a_setting(settings):
    data = plain_workbook()
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    check_archive(data, max_bytes=unpacked)
    with pytest.raises(ArchiveRefusedError, match=r"解压后为 .*超过上限"):
        check_archive(data, max_bytes=unpacked - 1)
    settings.XIAOAN_ARCHIVE_MAX_MB = 0
    with pytest.raises(ArchiveRefusedError, match="超过上限 0 KB"):
        check_archive(data, max_bytes=100 * MB)  # a reader cannot raise the ceiling


def test_the_ratio_limit_is_a_setting(settings):
    mild = bomb_xlsx(HEADER, ROW, huge_column=0, size=2 * MB)
    settings.XIAOAN_ARCHIVE_MAX_RATIO = 100
    with pytest.raises(ArchiveRefusedError, match="压缩了"):
        check_archive(mild)
    settings.XIAOAN_ARCHIVE_MAX_RATIO = 10_000
    check_archive(mild)


def test_too_many_parts_are_refused(settings):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(30):
            archive.writestr(f"xl/media/image{n}.png", b"x")
    settings.XIAOAN_ARCHIVE_MAX_ENTRIES = 29
    with pytest.raises(ArchiveRefusedError, match="内含 30 个部件，超过上限 29 个"):
        check_archive(out.getvalue())
    settings.XIAOAN_ARCHIVE_MAX_ENTRIES = 30
    check_archive(out.getvalue())


def test_a_directory_that_understates_a_part_is_refused():
    honest = bomb_xlsx(HEADER, ROW, huge_column=0, size=600 * 1024)
    check_archive(honest)
    lying = understate(honest, "xl/sharedStrings.xml", 1000)
    with pytest.raises(ArchiveRefusedError, match="解压后的大小与文件目录不符"):
        check_archive(lying)


@pytest.mark.parametrize(
    "data",
    [b"hello", b"PK\x03\x04" + b"\x00" * 100, b""],
    ids=["text", "truncated", "empty"],
)
def test_what_is_not_an_archive_gets_the_readers_message(data):
    with pytest.raises(ArchiveRefusedError, match=r"请上传 \.xlsx"):
        check_archive(data, unreadable="无法读取文件：请上传 .xlsx 文件。")


def test_a_damaged_part_is_refused():
    data = bytearray(plain_workbook())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start : start + 40] = b"\xff" * 40
    with pytest.raises(ArchiveRefusedError, match="无法读取文件"):
        check_archive(bytes(data))


def test_an_encrypted_archive_is_refused():
    data = bytearray(plain_workbook())
    at = bytes(data).find(b"PK\x01\x02")
    data[at + 8] |= 0x1  # the central directory's "encrypted" flag
    with pytest.raises(ArchiveRefusedError, match="已加密"):
        check_archive(bytes(data))


def test_text_files_are_size_limited(settings):
    settings.XIAOAN_ARCHIVE_MAX_MB = 1
    check_text_file(b"x" * MB)
    with pytest.raises(ArchiveRefusedError, match="超过上限 1 MB"):
        check_text_file(b"x" * (MB + 1))


def test_a_csv_field_longer_than_an_excel_cell_refuses_the_file():
    rows = list(csv_rows("a,b\n1," + "火" * 32_767 + "\n", ","))
    assert len(rows[1][1]) == 32_767
    with pytest.raises(ArchiveRefusedError, match="CSV 文件第 3 行有一个字段超过 32767 字"):
        list(csv_rows("a,b\n1,2\n3," + "火" * 32_768 + "\n", ","))
    # beyond the csv module's own limit too, with the same message
    with pytest.raises(ArchiveRefusedError, match="第 2 行有一个字段超过"):
        list(csv_rows('a\n"' + "火" * 200_000 + '"\n', ","))
