"""`xiaoan backup` and `xiaoan restore`: a round trip of records and files."""

from __future__ import annotations

import tarfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.services import do_update_organisation
from xiaoan.core.backup import read_backup, write_backup
from xiaoan.core.models import Attachment
from xiaoan.places.choices import PlaceKind
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def forget_restored_content_types():
    """A restore recreates the content types inside the test's transaction; once
    that is rolled back, the cached ids would be wrong for the tests after it."""
    yield
    ContentType.objects.clear_cache()


def test_round_trip_restores_records_history_and_files(tmp_path, api_as, organisation, user, area):
    place = do_register_place(
        acting_user=user("xinglongtai"),
        name="备份测试小区",
        address="兴隆台区惠宾小区",
        area=area("惠宾社区"),
        kind=PlaceKind.RESIDENTIAL,
    )
    uploaded = (
        api_as("xinglongtai")
        .post(
            "/api/attachments",
            {
                "file": SimpleUploadedFile("检查记录.pdf", PDF),
                "target_type": "places.place",
                "target_id": place.pk,
            },
        )
        .json()
    )
    unit = organisation("盘锦市应急管理局")
    do_update_organisation(
        unit, acting_user=user("office"), expected_version=1, contact_phone="0427-119"
    )
    before = {
        "areas": Area.objects.count(),
        "users": User.objects.count(),
        "history": unit.history.count(),
    }
    archive = tmp_path / "xiaoan-backup.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "data.jsonl" in names
    assert any(n.startswith("media/attachments/") for n in names)

    # damage the live data and files, then restore
    stored_name = Attachment.objects.get(pk=uploaded["id"]).file.name
    Attachment.objects.all().delete()
    Organisation.objects.filter(pk=unit.pk).update(contact_phone="被改坏")
    (tmp_path / "media" / stored_name).unlink()

    counts = read_backup(archive, migrate=False)
    assert counts["files"] == 1 and counts["records"] > 100

    unit.refresh_from_db()
    assert unit.contact_phone == "0427-119" and unit.version == 2
    assert unit.history.count() == before["history"]
    assert unit.history.order_by("-history_date").first().history_user.username == "office"
    assert Area.objects.count() == before["areas"] and User.objects.count() == before["users"]
    restored = Attachment.objects.get(pk=uploaded["id"])
    with restored.file.open("rb") as fh:
        assert fh.read() == PDF
    # users can still sign in with their passwords, and the API still answers
    assert api_as("xinglongtai").get(f"/api/attachments/{uploaded['id']}").status_code == 200
    assert user("office").check_password("Xiaoan@2024")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore", str(bogus), yes=True)
    assert Area.objects.filter(name="兴隆台区").exists()


def test_write_backup_counts_records(tmp_path):
    counts = write_backup(tmp_path / "b.tar.gz")
    assert counts["records"] >= Area.objects.count() + User.objects.count()
