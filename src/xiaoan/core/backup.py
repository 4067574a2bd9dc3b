"""Backup and restore: the database and the uploaded files in one archive.

The archive is a .tar.gz holding `manifest.json`, `data.jsonl` (every record,
as Django fixtures, with natural keys for content types so that it loads into
either database) and `media/` (the uploaded files). Restoring migrates the
target database, empties it, loads the records and puts the files back, all
records in one transaction.
"""

from __future__ import annotations

import getpass
import io
import json
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from xiaoan import __version__
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.securitylog import SecurityEventKind, record_security_event

FORMAT = 1
#: models whose rows are rebuilt, not restored
SKIPPED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "django_tasks_db.dbtaskresult",
}


def backed_up_models() -> list[Any]:
    models = []
    for model in apps.get_models():
        if model._meta.label_lower in SKIPPED_MODELS or model._meta.proxy:
            continue
        if not model._meta.managed:
            continue
        models.append(model)
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)  # type: ignore[arg-type]


def media_files() -> list[str]:
    """Every file name in the default storage, walked through the storage API."""
    names: list[str] = []

    def walk(prefix: str) -> None:
        try:
            dirs, files = default_storage.listdir(prefix)
        except FileNotFoundError:
            return
        for name in files:
            names.append(f"{prefix}/{name}" if prefix else name)
        for d in dirs:
            walk(f"{prefix}/{d}" if prefix else d)

    walk("")
    return sorted(names)


def write_backup(path: Path, log: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    counts = {"records": 0, "files": 0}
    with tempfile.TemporaryDirectory() as tmp:
        data_path = Path(tmp) / "data.jsonl"
        with data_path.open("w", encoding="utf-8") as out, transaction.atomic():
            for model in backed_up_models():
                queryset = model._default_manager.order_by(model._meta.pk.name)
                n = 0
                for obj in queryset.iterator(chunk_size=2000):
                    out.write(
                        serializers.serialize(
                            "json", [obj], use_natural_foreign_keys=True, ensure_ascii=False
                        )[1:-1]
                    )
                    out.write("\n")
                    n += 1
                counts["records"] += n
                if n:
                    log(f"  {model._meta.label}: {n}")
        files = media_files()
        manifest = {
            "format": FORMAT,
            "xiaoan": __version__,
            "database": connection.vendor,
            "created_at": clock.now().isoformat(),
            "records": counts["records"],
            "files": len(files),
        }
        with tarfile.open(path, "w:gz") as archive:
            add_bytes(
                archive,
                "manifest.json",
                json.dumps(manifest, ensure_ascii=False, indent=2).encode(),
            )
            archive.add(data_path, arcname="data.jsonl")
            for name in files:
                with default_storage.open(name, "rb") as fh:
                    content = fh.read()
                add_bytes(archive, f"media/{name}", content)
                counts["files"] += 1
    record_security_event(
        SecurityEventKind.BACKUP,
        username=actor_name(),
        target=str(path),
        detail=f"备份 {counts['records']} 条记录、{counts['files']} 个文件",
    )
    return counts


def actor_name() -> str:
    """Who ran a backup or restore: they run from the command line, as an OS account."""
    try:
        return f"（命令行）{getpass.getuser()}"
    except (KeyError, OSError):
        return "（命令行）"


def add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(clock.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def read_backup(
    path: Path, log: Callable[[str], None] = lambda _: None, *, migrate: bool = True
) -> dict[str, int]:
    """Restore a backup into the configured database and storage.

    `migrate=False` skips bringing the schema up to date first (for callers
    already inside a transaction, where migrating is not allowed).
    """
    if not path.exists():
        raise XiaoanError(f"备份文件不存在：{path}")
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError) as exc:
        raise XiaoanError(f"无法读取备份文件 {path}：{exc}") from exc
    with archive:
        manifest = json.loads(member_bytes(archive, "manifest.json"))
        if manifest.get("format") != FORMAT:
            raise XiaoanError(f"备份格式版本 {manifest.get('format')} 不受支持（需要 {FORMAT}）。")
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        counts = {"records": 0, "files": 0}
        data = archive.extractfile("data.jsonl")
        if data is None:
            raise XiaoanError("备份文件缺少 data.jsonl。")
        with transaction.atomic():
            empty_database()
            deferred = []
            loaded_models: set[Any] = set()
            for line in io.TextIOWrapper(data, encoding="utf-8"):
                line = line.strip()
                if not line:
                    continue
                for obj in serializers.deserialize(
                    "json", f"[{line}]", handle_forward_references=True
                ):
                    obj.save()
                    loaded_models.add(type(obj.object))
                    counts["records"] += 1
                    if obj.deferred_fields:
                        deferred.append(obj)
            for obj in deferred:
                obj.save_deferred_fields()
            reset_sequences(loaded_models)
        for member in archive.getmembers():
            if member.isfile() and member.name.startswith("media/"):
                name = member.name[len("media/") :]
                if ".." in Path(name).parts:
                    raise XiaoanError(f"备份中的文件名不安全：{member.name}")
                content = archive.extractfile(member)
                if content is None:
                    continue
                if default_storage.exists(name):
                    default_storage.delete(name)
                default_storage.save(name, File(content))
                counts["files"] += 1
    record_security_event(
        SecurityEventKind.RESTORE,
        username=actor_name(),
        target=str(path),
        detail=f"恢复 {counts['records']} 条记录、{counts['files']} 个文件"
        f"（备份于 {manifest.get('created_at')}）；恢复前的记录（含安全审计日志）被备份内容替换",
    )
    log(
        f"已恢复 {counts['records']} 条记录、{counts['files']} 个文件（备份于 {manifest.get('created_at')}，来自 {manifest.get('database')}）"
    )
    return counts


def empty_database() -> None:
    """Remove every row (and let post_migrate recreate content types)."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        # TRUNCATE refuses to run while deferred foreign-key checks are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=False)
    if postgres:
        # rows are loaded in dependency order, but self-references may point forward
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def member_bytes(archive: tarfile.TarFile, name: str) -> bytes:
    try:
        member = archive.extractfile(name)
    except KeyError as exc:
        raise XiaoanError(f"备份文件缺少 {name}。") from exc
    if member is None:
        raise XiaoanError(f"备份文件缺少 {name}。")
    return member.read()


def reset_sequences(models: set[Any]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
