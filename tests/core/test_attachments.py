"""Uploads are checked by content and size, stored through the storage API."""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from xiaoan.core.models import Attachment, SecurityEvent
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

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


@pytest.fixture(autouse=True)
def place(user, area):
    """A place of 兴隆台区 the brigade may attach files to."""
    return do_register_place(
        acting_user=user("xinglongtai"),
        name="附件测试小区",
        address="兴隆台区惠宾小区",
        area=area("惠宾社区"),
        kind=PlaceKind.RESIDENTIAL,
    )


def upload(api, name: str, content: bytes, target: str = "places.place", target_id=None):
    if target_id is None:
        target_id = Place.objects.get(name="附件测试小区").pk
    return api.post(
        "/api/attachments",
        {"file": SimpleUploadedFile(name, content), "target_type": target, "target_id": target_id},
    )


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


def test_an_upload_needs_a_target_record(api_as):
    api = api_as("xinglongtai")
    missing = api.post("/api/attachments", {"file": SimpleUploadedFile("a.png", png_bytes())})
    assert missing.status_code == 422
    assert "target_type" in missing.json()["error"]["message"]
    wrong = upload(api, "a.png", png_bytes(), target="core.notification", target_id=1)
    assert wrong.status_code == 400
    assert "附件的关联记录类型“core.notification”无效" in wrong.json()["error"]["message"]
    assert not Attachment.objects.exists()


def test_the_auditor_may_not_upload_and_a_neighbour_gets_404(api_as, place):
    refused = upload(api_as("auditor"), "a.png", png_bytes())
    assert refused.status_code == 403
    assert "无权修改这条记录" in refused.json()["error"]["message"]
    assert SecurityEvent.objects.filter(kind="permission_denied", username="auditor").exists()
    assert upload(api_as("shuangtaizi"), "a.png", png_bytes()).status_code == 404
    assert upload(api_as("xinglongtai"), "a.png", png_bytes(), target_id=10**9).status_code == 404
    assert not Attachment.objects.exists()


def test_an_upload_is_attached_to_its_record_and_area(api_as, place):
    body = upload(api_as("xinglongtai"), "照片.png", png_bytes()).json()
    stored = Attachment.objects.get(pk=body["id"])
    assert stored.target == place
    assert stored.area == place.area


def test_daily_quota_per_user(api_as, settings):
    settings.XIAOAN_UPLOAD_QUOTA_MB = 1
    half = PDF + b"0" * (600 * 1024)
    api = api_as("xinglongtai")
    assert upload(api, "一.pdf", half).status_code == 201
    refused = upload(api, "二.pdf", half)
    assert refused.status_code == 400
    message = refused.json()["error"]["message"]
    assert "每人每天最多 1 MB" in message and "二.pdf" in message
    assert Attachment.objects.count() == 1
    # another user's quota is their own
    assert upload(api_as("office"), "三.pdf", half).status_code == 201


def test_orphaned_uploads_older_than_a_day_are_removed_with_their_files(api_as, user, area):
    from django.core.files.base import ContentFile

    from xiaoan.core import clock
    from xiaoan.core.periodic import run_due

    attached = Attachment.objects.get(
        pk=upload(api_as("xinglongtai"), "a.png", png_bytes()).json()["id"]
    )

    def orphan(days: int) -> Attachment:
        a = Attachment(
            original_name="o.png",
            kind="image",
            mime_type="image/png",
            size=10,
            sha256="0" * 64,
            uploaded_by=user("xinglongtai"),
            area=area("兴隆台区"),
            created_at=clock.now() - dt.timedelta(days=days),
        )
        a.file.save("o.png", ContentFile(png_bytes()), save=False)
        a.save()
        return a

    old, fresh = orphan(2), orphan(0)
    Attachment.objects.filter(pk=attached.pk).update(created_at=clock.now() - dt.timedelta(days=5))
    old_path = old.file.path
    assert "orphan-attachments" in run_due(force=True)
    assert set(Attachment.objects.values_list("pk", flat=True)) == {attached.pk, fresh.pk}
    assert not os.path.exists(old_path)
