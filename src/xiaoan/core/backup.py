"""Backup and restore: the database and the uploaded files in one archive.

The archive is a .tar.gz or a .zip, as its name says (optionally encrypted:
core/backup_files.py), holding `manifest.json`, `data.jsonl` (every record,
as Django fixtures, with natural keys for content types so that it loads into
either database; personal information as stored, encrypted with
XIAOAN_PII_KEY) and `media/` (the uploaded files). The file is readable by its
owner only. Restoring migrates the
target database, empties it, loads the records and puts the files back, all
records in one transaction.
"""

from __future__ import annotations

import getpass
import io
import json
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from xiaoan import __version__
from xiaoan.core import backup_files, clock
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


class ArchiveWriter:
    """Members into a .tar.gz or a .zip, whichever `fmt` says."""

    def __init__(self, out: IO[bytes], fmt: str) -> None:
        self.fmt = fmt
        # both closed by close(), after the members are written
        self.tar = tarfile.open(fileobj=out, mode="w:gz") if fmt == "tar.gz" else None  # noqa: SIM115
        self.zip = None if self.tar else zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)

    def add_bytes(self, name: str, content: bytes) -> None:
        if self.tar is not None:
            add_bytes(self.tar, name, content)
        else:
            assert self.zip is not None
            self.zip.writestr(name, content)

    def add_file(self, path: Path, name: str) -> None:
        if self.tar is not None:
            self.tar.add(path, arcname=name)
        else:
            assert self.zip is not None
            self.zip.write(path, arcname=name)

    def close(self) -> None:
        (self.tar or self.zip).close()  # type: ignore[union-attr]


def write_backup(
    path: Path,
    log: Callable[[str], None] = lambda _: None,
    *,
    encrypt: bool = False,
    passphrase: str = "",
) -> dict[str, int]:
    """Write the backup to `path`, in the format its name says, readable by its
    owner only (0600); encrypted with `passphrase` when `encrypt` (the name then
    ends in .enc). Personal information stays encrypted inside either way."""
    fmt, named_encrypted = backup_files.format_of_name(path)
    if encrypt and not named_encrypted:
        raise XiaoanError(
            f"加密备份的文件名须以 .enc 结尾（如 {path.name}.enc），以便一眼看出需要密钥才能恢复。"
        )
    if named_encrypted and not encrypt:
        raise XiaoanError(
            f"文件名 {path.name} 以 .enc 结尾表示加密备份：请加 --encrypt，或去掉 .enc。"
        )
    if encrypt and not passphrase:
        raise XiaoanError("加密备份需要口令：请在环境变量 XIAOAN_BACKUP_KEY 中提供。")
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
        plain = Path(tmp) / f"archive.{fmt}" if encrypt else path
        with backup_files.open_private(plain) as fh:
            archive = ArchiveWriter(fh, fmt)
            archive.add_bytes(
                "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            )
            archive.add_file(data_path, "data.jsonl")
            for name in files:
                with default_storage.open(name, "rb") as media:
                    archive.add_bytes(f"media/{name}", media.read())
                counts["files"] += 1
            archive.close()
        if encrypt:
            backup_files.encrypt_file(plain, path, passphrase)
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


class ArchiveReader:
    """The members of a .tar.gz or a .zip."""

    def __init__(self, path: Path, fmt: str) -> None:
        try:
            if fmt == "tar.gz":
                self.tar: tarfile.TarFile | None = tarfile.open(path, "r:gz")  # noqa: SIM115
                self.zip: zipfile.ZipFile | None = None
            else:
                self.tar, self.zip = None, zipfile.ZipFile(path)
        except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as exc:
            raise XiaoanError(f"无法读取备份文件 {path}：{exc}") from exc

    def open(self, name: str) -> IO[bytes]:
        try:
            member = self.tar.extractfile(name) if self.tar else self.zip.open(name)  # type: ignore[union-attr]
        except KeyError as exc:
            raise XiaoanError(f"备份文件缺少 {name}。") from exc
        if member is None:
            raise XiaoanError(f"备份文件缺少 {name}。")
        return member

    def media(self) -> Iterator[tuple[str, IO[bytes]]]:
        if self.tar is not None:
            for member in self.tar.getmembers():
                if member.isfile() and member.name.startswith("media/"):
                    content = self.tar.extractfile(member)
                    if content is not None:
                        yield member.name, content
            return
        assert self.zip is not None
        for info in self.zip.infolist():
            if not info.is_dir() and info.filename.startswith("media/"):
                yield info.filename, self.zip.open(info)

    def close(self) -> None:
        (self.tar or self.zip).close()  # type: ignore[union-attr]


def read_backup(
    path: Path,
    log: Callable[[str], None] = lambda _: None,
    *,
    migrate: bool = True,
    passphrase: str = "",
) -> dict[str, int]:
    """Restore a backup into the configured database and storage.

    The file's content must be what its name says (a .zip a zip, a .enc
    encrypted), else it is refused before anything is touched; an encrypted
    one needs `passphrase`. `migrate=False` skips bringing the schema up to
    date first (for callers already inside a transaction, where migrating is
    not allowed).
    """
    if not path.exists():
        raise XiaoanError(f"备份文件不存在：{path}")
    with path.open("rb") as fh:
        head = fh.read(64)
    fmt = backup_files.check_content_matches_name(path, head)
    _fmt, encrypted = backup_files.format_of_name(path)
    if not encrypted:
        return restore_archive(path, fmt, log, migrate=migrate)
    if not passphrase:
        raise XiaoanError(
            f"{path.name} 是加密备份：请在环境变量 XIAOAN_BACKUP_KEY 中提供备份口令。"
        )
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / f"archive.{fmt}"
        backup_files.decrypt_file(path, plain, passphrase)
        with plain.open("rb") as fh:
            inner = fh.read(64)
        backup_files.check_content_matches_name(path, inner, decrypted=True)
        return restore_archive(plain, fmt, log, migrate=migrate)


def restore_archive(
    path: Path, fmt: str, log: Callable[[str], None], *, migrate: bool
) -> dict[str, int]:
    archive = ArchiveReader(path, fmt)
    try:
        manifest = json.loads(archive.open("manifest.json").read())
        if manifest.get("format") != FORMAT:
            raise XiaoanError(f"备份格式版本 {manifest.get('format')} 不受支持（需要 {FORMAT}）。")
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        counts = {"records": 0, "files": 0}
        data = archive.open("data.jsonl")
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
            # the content types were recreated: ids cached before are stale
            ContentType.objects.clear_cache()
        for member_name, content in archive.media():
            name = member_name[len("media/") :]
            if ".." in Path(name).parts:
                raise XiaoanError(f"备份中的文件名不安全：{member_name}")
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, File(content))
            counts["files"] += 1
    finally:
        archive.close()
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


def reset_sequences(models: set[Any]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
