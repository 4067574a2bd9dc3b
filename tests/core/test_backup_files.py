"""Backup files: readable by their owner only, in the format their name says
(.tar.gz, .zip, either + .enc when encrypted), an encrypted round trip, and the
refusals: a wrong passphrase, a cut-off file, a content that is not what the name
says — each before the database is touched."""

from __future__ import annotations

import gzip
import re
import tarfile
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.rewards.conftest import png_file
from xiaoan.areas.models import Area
from xiaoan.core import pii
from xiaoan.core.backup import read_backup, write_backup
from xiaoan.rewards import services
from xiaoan.rewards.models import RewardReport

pytestmark = pytest.mark.django_db

PHONE = "13612345678"
KEY = "备份口令-correct horse battery staple"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def forget_restored_content_types():
    """A restore recreates the content types inside the test's transaction; once
    that is rolled back, the cached ids would be wrong for the tests after it."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def report():
    return services.do_submit_report(
        description="楼道堆放杂物堵塞通道",
        address="兴隆台区惠宾小区5号楼",
        phone=PHONE,
        reporter_name="孙悟空",
        area=Area.objects.get(name="兴隆台区"),
        photos=[("p.png", png_file())],
        consent=True,
    )


@pytest.mark.parametrize("name", ["b.tar.gz", "b.tgz", "b.zip"])
def test_backups_are_private_and_in_the_format_their_name_says(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"old")
    path.chmod(0o644)  # an earlier file of the same name, readable by all
    write_backup(path)
    assert path.stat().st_mode & 0o777 == 0o600
    if name.endswith(".zip"):
        assert zipfile.is_zipfile(path)
        with zipfile.ZipFile(path) as archive:
            assert {"manifest.json", "data.jsonl"} <= set(archive.namelist())
    else:
        assert path.read_bytes()[:2] == b"\x1f\x8b"
        with tarfile.open(path, "r:gz") as archive:
            assert "data.jsonl" in archive.getnames()


def test_personal_information_stays_encrypted_inside_a_backup(tmp_path, report):
    path = tmp_path / "b.zip"
    write_backup(path)
    with zipfile.ZipFile(path) as archive:
        data = archive.read("data.jsonl").decode()
    assert PHONE not in data and "孙悟空" not in data
    assert pii.encrypt(PHONE)[:12] in data  # the stored form: cipher tag and key id


def test_encrypted_round_trip(tmp_path, report, monkeypatch):
    path = tmp_path / "b.zip.enc"
    monkeypatch.setenv("XIAOAN_BACKUP_KEY", KEY)
    call_command("backup", str(path), "--encrypt")
    assert path.stat().st_mode & 0o777 == 0o600
    content = path.read_bytes()
    assert content.startswith(b"XIAOAN-BACKUP-ENC1\n")
    assert b"manifest.json" not in content and not zipfile.is_zipfile(path)

    RewardReport.objects.filter(pk=report.pk).update(address="被改坏")
    counts = read_backup(path, migrate=False, passphrase=KEY)
    assert counts["records"] > 100 and counts["files"] == 1
    restored = RewardReport.objects.get(pk=report.pk)
    assert restored.address == "兴隆台区惠宾小区5号楼"
    assert (restored.phone, restored.reporter_name) == (PHONE, "孙悟空")
    assert restored.phone_hash == pii.phone_hash(PHONE)


def test_a_wrong_or_missing_passphrase_is_refused_before_anything_changes(tmp_path, report):
    path = tmp_path / "b.tar.gz.enc"
    write_backup(path, encrypt=True, passphrase=KEY)
    RewardReport.objects.filter(pk=report.pk).update(address="现在的地址")
    with pytest.raises(CommandError, match="备份密钥不正确"):
        read_backup_command(path, "另一个口令")
    with pytest.raises(CommandError, match="是加密备份：请在环境变量 XIAOAN_BACKUP_KEY"):
        read_backup_command(path, "")
    assert RewardReport.objects.get(pk=report.pk).address == "现在的地址"


def test_a_cut_off_encrypted_file_is_refused(tmp_path):
    path = tmp_path / "b.tar.gz.enc"
    write_backup(path, encrypt=True, passphrase=KEY)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(CommandError, match=r"备份密钥不正确（或文件已损坏）|已损坏或不完整"):
        read_backup_command(path, KEY)


def read_backup_command(path, passphrase):
    import os

    old = os.environ.get("XIAOAN_BACKUP_KEY")
    os.environ["XIAOAN_BACKUP_KEY"] = passphrase
    try:
        call_command("restore", str(path), yes=True)
    finally:
        if old is None:
            del os.environ["XIAOAN_BACKUP_KEY"]
        else:
            os.environ["XIAOAN_BACKUP_KEY"] = old


def test_a_content_that_is_not_what_the_name_says_is_refused(tmp_path, monkeypatch):
    zipped = tmp_path / "real.zip"
    write_backup(zipped)
    misnamed = tmp_path / "b.tar.gz"
    misnamed.write_bytes(zipped.read_bytes())
    with pytest.raises(
        CommandError, match=re.escape("扩展名表示gzip 压缩的 tar 包（.tar.gz），但内容是zip")
    ):
        call_command("restore", str(misnamed), yes=True)

    gz = tmp_path / "b.zip"
    gz.write_bytes(gzip.compress(b"x"))
    with pytest.raises(CommandError, match="但内容是gzip"):
        call_command("restore", str(gz), yes=True)

    plain_enc = tmp_path / "b.zip.enc"
    plain_enc.write_bytes(zipped.read_bytes())
    with pytest.raises(CommandError, match=re.escape("以 .enc 结尾，但内容没有加密")):
        call_command("restore", str(plain_enc), yes=True)

    encrypted = tmp_path / "e.zip.enc"
    write_backup(encrypted, encrypt=True, passphrase=KEY)
    renamed = tmp_path / "e.zip"
    renamed.write_bytes(encrypted.read_bytes())
    with pytest.raises(CommandError, match=re.escape("内容是加密的，但文件名没有 .enc 后缀")):
        call_command("restore", str(renamed), yes=True)

    # encrypted, but the archive inside is not what the name says
    inner_wrong = tmp_path / "e.tar.gz.enc"
    inner_wrong.write_bytes(encrypted.read_bytes())
    monkeypatch.setenv("XIAOAN_BACKUP_KEY", KEY)
    with pytest.raises(CommandError, match="但内容是zip"):
        call_command("restore", str(inner_wrong), yes=True)


def test_backup_names_and_the_encrypt_option_must_agree(tmp_path, monkeypatch):
    monkeypatch.setenv("XIAOAN_BACKUP_KEY", KEY)
    with pytest.raises(CommandError, match=r"须以 .enc 结尾（如 b.tar.gz.enc）"):
        call_command("backup", str(tmp_path / "b.tar.gz"), "--encrypt")
    with pytest.raises(CommandError, match="请加 --encrypt"):
        call_command("backup", str(tmp_path / "b.tar.gz.enc"))
    with pytest.raises(CommandError, match="扩展名无法识别"):
        call_command("backup", str(tmp_path / "b.bak"))
    monkeypatch.setenv("XIAOAN_BACKUP_KEY", "")
    with pytest.raises(CommandError, match="加密备份需要口令"):
        call_command("backup", str(tmp_path / "b.tar.gz.enc"), "--encrypt")
    assert not any(tmp_path.glob("b.*"))
