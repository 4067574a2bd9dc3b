"""Personal information at rest: SM4-GCM or AES-GCM with a fresh nonce per value,
the key id that detects a changed key, masks, lookup hashes, the key's
configuration, and `xiaoan reencrypt-pii` after a key change."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from xiaoan.complaints.models import Complaint
from xiaoan.complaints.services import do_record_complaint
from xiaoan.core import pii

OLD = "old-key-" + "o" * 40
NEW = "new-key-" + "n" * 40
PHONE = "13912345678"


@pytest.mark.parametrize("cipher,tag", [("sm4-gcm", "s1"), ("aes-gcm", "a1")])
def test_values_round_trip_with_a_fresh_nonce_each(settings, cipher, tag):
    settings.XIAOAN_PII_CIPHER = cipher
    first, second = pii.encrypt(PHONE), pii.encrypt(PHONE)
    assert first != second and first.startswith(f"{tag}.{pii.current_key().key_id}.")
    assert PHONE not in first
    assert pii.decrypt(first) == pii.decrypt(second) == PHONE
    assert pii.encrypt("") == "" and pii.decrypt("") == ""


def test_a_value_of_the_other_cipher_is_still_read(settings):
    settings.XIAOAN_PII_CIPHER = "sm4-gcm"
    stored = pii.encrypt("张三")
    settings.XIAOAN_PII_CIPHER = "aes-gcm"
    assert pii.decrypt(stored) == "张三"


def test_a_changed_key_is_detected_not_misread(settings):
    settings.XIAOAN_PII_KEY = OLD
    stored = pii.encrypt(PHONE)
    settings.XIAOAN_PII_KEY = NEW
    with pytest.raises(pii.PiiKeyError, match="reencrypt-pii"):
        pii.decrypt(stored)
    assert pii.decrypt(stored, (pii.key_from_secret(OLD),)) == PHONE
    tampered = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
    settings.XIAOAN_PII_KEY = OLD
    with pytest.raises(pii.PiiKeyError, match="已损坏"):
        pii.decrypt(tampered)


def test_masks_and_lookup_hashes():
    assert pii.mask_phone("13812341234") == "138****1234"
    assert pii.mask_name("张三") == "张*"
    assert pii.mask_name("张小明") == "张*明"
    assert pii.mask_name("欧阳小明") == "欧阳**"
    # one number however written, keyed (not a plain hash of the digits)
    assert pii.phone_hash("+86 139-1234-5678") == pii.phone_hash(PHONE)
    assert pii.phone_hash(PHONE) != pii.phone_hash("13912345679")
    assert pii.phone_hash(PHONE, pii.key_from_secret(OLD)) != pii.phone_hash(
        PHONE, pii.key_from_secret(NEW)
    )
    assert pii.phone_hash("") == ""


def run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"XIAOAN_DEBUG", "XIAOAN_PII_KEY", "PYTEST_CURRENT_TEST"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "SECRET_KEY": "k" * 50, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_serve_without_the_key(tmp_path):
    result = run("import xiaoan.wsgi", {"XIAOAN_DEBUG": "0", "XIAOAN_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "XIAOAN_PII_KEY 未设置" in result.stderr
    short = run(
        "import xiaoan.settings",
        {"XIAOAN_DEBUG": "0", "XIAOAN_PII_KEY": "short", "XIAOAN_DATA_DIR": str(tmp_path)},
    )
    assert short.returncode != 0 and "XIAOAN_PII_KEY 过短" in short.stderr
    ok = run(
        "import xiaoan.wsgi",
        {"XIAOAN_DEBUG": "0", "XIAOAN_PII_KEY": NEW, "XIAOAN_DATA_DIR": str(tmp_path)},
    )
    assert ok.returncode == 0, ok.stderr


def test_debug_keeps_a_generated_key_under_the_data_dir(tmp_path):
    code = "import xiaoan.settings as s; print(s.XIAOAN_PII_KEY)"
    first = run(code, {"XIAOAN_DEBUG": "1", "XIAOAN_DATA_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "pii_key"
    assert key_file.read_text() == first.stdout.strip() and len(first.stdout.strip()) >= 32
    assert key_file.stat().st_mode & 0o777 == 0o600
    again = run(code, {"XIAOAN_DEBUG": "1", "XIAOAN_DATA_DIR": str(tmp_path)})
    assert again.stdout == first.stdout


def record(number: str, user, area, **fields) -> Complaint:
    complaint, _created = do_record_complaint(
        None,
        acting_user=user("office"),
        number=number,
        received_at=dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC),
        content="楼道堆物",
        area=area("兴隆台区"),
        **fields,
    )
    return complaint


def raw_phone(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT caller_phone, caller_phone_hash FROM complaints_complaint WHERE id = %s", [pk]
        )
        return cursor.fetchone()


@pytest.mark.django_db
def test_reencrypt_moves_every_value_to_the_new_key(settings, monkeypatch, area, user):
    settings.XIAOAN_PII_KEY = OLD
    complaint = record("RE-1", user, area, caller_name="李四", caller_phone=PHONE)
    old_cipher, old_hash = raw_phone(complaint.pk)
    assert pii.key_id_of(old_cipher) == pii.key_from_secret(OLD).key_id

    settings.XIAOAN_PII_KEY = NEW
    with pytest.raises(pii.PiiKeyError):
        Complaint.objects.get(pk=complaint.pk)
    with pytest.raises(CommandError, match="XIAOAN_PII_OLD_KEY 未设置"):
        call_command("reencrypt_pii", old_key_env="XIAOAN_PII_OLD_KEY")
    monkeypatch.setenv("XIAOAN_PII_OLD_KEY", NEW)
    with pytest.raises(CommandError, match="相同"):
        call_command("reencrypt_pii", old_key_env="XIAOAN_PII_OLD_KEY")

    monkeypatch.setenv("XIAOAN_PII_OLD_KEY", OLD)
    call_command("reencrypt_pii", old_key_env="XIAOAN_PII_OLD_KEY")
    new_cipher, new_hash = raw_phone(complaint.pk)
    assert pii.key_id_of(new_cipher) == pii.key_from_secret(NEW).key_id
    assert new_hash == pii.phone_hash(PHONE) != old_hash
    reloaded = Complaint.objects.get(pk=complaint.pk)
    assert (reloaded.caller_name, reloaded.caller_phone) == ("李四", PHONE)
    # the history rows too
    assert reloaded.history.first().caller_phone == PHONE
    # a second run has nothing left to do
    call_command("reencrypt_pii", old_key_env="XIAOAN_PII_OLD_KEY")
    assert raw_phone(complaint.pk) == (new_cipher, new_hash)


@pytest.mark.django_db
def test_reencrypt_encrypts_rows_written_before_encryption(area, user):
    complaint = record("RE-2", user, area)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_complaint SET caller_phone = %s WHERE id = %s",
            [PHONE, complaint.pk],
        )
    call_command("reencrypt_pii")
    stored, lookup = raw_phone(complaint.pk)
    assert PHONE not in stored and pii.decrypt(stored) == PHONE
    assert lookup == pii.phone_hash(PHONE)


def test_file_content_round_trips_and_tells_a_changed_key(settings):
    sealed = pii.encrypt_file_content(b"PK\x03\x04 13800001234")
    assert sealed.startswith(pii.FILE_MAGIC) and b"13800001234" not in sealed
    assert pii.decrypt_file_content(sealed) == b"PK\x03\x04 13800001234"
    assert pii.decrypt_file_content(b"PK\x03\x04 kept before") == b"PK\x03\x04 kept before"
    settings.XIAOAN_PII_KEY = NEW
    with pytest.raises(pii.PiiKeyError, match="另一把密钥"):
        pii.decrypt_file_content(sealed)


@pytest.mark.django_db
def test_reencrypt_rewrites_kept_import_files(settings, monkeypatch, user, tmp_path):
    from django.core.files.base import ContentFile

    from xiaoan.complaints.models import ImportJob
    from xiaoan.complaints.services import stored_file_content

    settings.MEDIA_ROOT = tmp_path
    settings.XIAOAN_PII_KEY = OLD
    office = user("office")
    job = ImportJob(original_name="a.xlsx", imported_by=office, area=office.area)
    job.file.save("a.xlsx", ContentFile(pii.encrypt_file_content(b"caller 13800001234")))
    job.rejected_file.save("r.xlsx", ContentFile(b"written before encryption"))
    settings.XIAOAN_PII_KEY = NEW
    monkeypatch.setenv("XIAOAN_PII_OLD_KEY", OLD)
    call_command("reencrypt_pii", old_key_env="XIAOAN_PII_OLD_KEY")
    job.refresh_from_db()
    assert stored_file_content(job.file) == b"caller 13800001234"
    with job.file.open("rb") as kept:
        assert pii.key_id_of_file(kept.read()) == pii.key_from_secret(NEW).key_id
    with job.rejected_file.open("rb") as kept:
        assert kept.read().startswith(pii.FILE_MAGIC)
    assert stored_file_content(job.rejected_file) == b"written before encryption"
