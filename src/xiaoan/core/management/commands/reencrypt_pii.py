"""`xiaoan reencrypt-pii --old-key-env NAME`: after XIAOAN_PII_KEY changed, read
every value of personal information written under the old key (taken from the
environment variable NAME, never from the command line where `ps` would show it)
and write it under the current key, with its lookup hash. Values already under
the current key are left alone; rows from before encryption are encrypted."""

from __future__ import annotations

import os
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from xiaoan.core import pii
from xiaoan.core.pii_rows import columns_of_models, encrypt_columns


class Command(BaseCommand):
    help = "更换个人信息密钥（XIAOAN_PII_KEY）后，把旧密钥加密的个人信息改用当前密钥重新加密。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--old-key-env",
            metavar="NAME",
            default="",
            help="保存旧密钥的环境变量名（如 XIAOAN_PII_OLD_KEY）；不给时只加密尚未加密的旧数据",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pii.require_key()
        old_keys: tuple[pii.PiiKey, ...] = ()
        name = options["old_key_env"]
        if name:
            secret = os.environ.get(name, "")
            if not secret:
                raise CommandError(
                    f"环境变量 {name} 未设置或为空：请把旧的 XIAOAN_PII_KEY 放在其中。"
                )
            old = pii.key_from_secret(secret)
            if old.key_id == pii.current_key().key_id:
                raise CommandError(
                    f"环境变量 {name} 中的密钥与当前 XIAOAN_PII_KEY 相同，无需重新加密。"
                )
            old_keys = (old,)
        columns = columns_of_models(apps.get_models())
        try:
            with transaction.atomic():
                written = encrypt_columns(connection, columns, old_keys)
            files = reencrypt_import_files(old_keys)
        except pii.PiiKeyError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已用当前密钥（编号 {pii.current_key().key_id}）重新加密 {written} 个值"
            f"（检查了 {len(columns)} 个字段）和 {files} 个 12345 导入文件。"
        )


def reencrypt_import_files(old_keys: tuple[pii.PiiKey, ...]) -> int:
    """The kept 12345 uploads and rejected-rows workbooks, rewritten under the
    current key in place (files from before encryption are encrypted)."""
    from xiaoan.complaints.models import ImportJob

    count = 0
    for job in ImportJob.objects.all():
        for field in (job.file, job.rejected_file):
            if not field or not field.storage.exists(field.name):
                continue
            with field.open("rb") as handle:
                stored = handle.read()
            clear = pii.decrypt_file_content(stored, old_keys)
            if stored.startswith(pii.FILE_MAGIC) and pii.key_id_of_file(stored) == (
                pii.current_key().key_id
            ):
                continue
            with field.storage.open(field.name, "wb") as handle:
                handle.write(pii.encrypt_file_content(clear))
            count += 1
    return count
