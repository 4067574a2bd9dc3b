"""Uploads are checked by content and size, stored through the storage API."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from xiaoan.core.models import Attachment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("整改报告")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["工单编号", "受理时间"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def upload(api, name: str, content: bytes):
    return api.post("/api/attachments", {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("现场照片.png", png_bytes, "image"),
        ("检查记录.pdf", lambda: PDF, "pdf"),
        ("整改报告.docx", docx_bytes, "word"),
        ("台账.xlsx", xlsx_bytes, "excel"),
    ],
)
def test_allowed_files_are_stored_with_their_detected_kind(api_as, name, make, kind):
    content = make()
    response = upload(api_as("xinglongtai"), name, content)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == kind and body["original_name"] == name and body["size"] == len(content)
    attachment = Attachment.objects.get(pk=body["id"])
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    assert attachment.history.first().history_user.username == "xinglongtai"


@pytest.mark.parametrize(
    ("content", "label"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "Windows 可执行程序"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "Linux 可执行程序"),
    ],
)
def test_renamed_executable_is_refused(api_as, content, label):
    response = upload(api_as("xinglongtai"), "整改报告.pdf", content)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "upload_rejected"
    assert "整改报告.pdf" in error["message"] and label in error["message"]
    assert not Attachment.objects.exists()


def test_unknown_content_is_refused(api_as):
    response = upload(api_as("xinglongtai"), "a.jpg", b"just some text, not an image")
    assert response.status_code == 400
    assert "类型不被接受" in response.json()["error"]["message"]


def test_size_limit(api_as, settings):
    settings.XIAOAN_MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    response = upload(api_as("xinglongtai"), "大文件.pdf", big)
    assert response.status_code == 400
    assert "超过上限 1 MB" in response.json()["error"]["message"]


def test_attachment_of_another_district_is_404(api_as):
    created = upload(api_as("xinglongtai"), "照片.png", png_bytes()).json()
    assert api_as("shuangtaizi").get(f"/api/attachments/{created['id']}").status_code == 404
    assert api_as("shuangtaizi").get(f"/api/attachments/{created['id']}/file").status_code == 404
    download = api_as("office").get(f"/api/attachments/{created['id']}/file")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png_bytes()
