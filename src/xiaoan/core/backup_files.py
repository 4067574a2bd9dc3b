"""The file side of backups: which format a name means, writing files only the
owner can read (0600), encrypting a whole archive with a passphrase, and
recognising an archive by its content so that a mismatch with its name is
refused.

Names: ``.tar.gz`` / ``.tgz`` is a gzip-compressed tar, ``.zip`` a zip, and
either with ``.enc`` appended (``backup.tar.gz.enc``) is that archive encrypted.

An encrypted file is ``MAGIC``, a 16-byte salt, an 8-byte nonce prefix, then
the archive in chunks of up to 1 MiB, each sealed with AES-256-GCM under a key
derived from the passphrase by scrypt. Each chunk's nonce ends in its number
and its associated data says whether it is the last one, so chunks cannot be
reordered, dropped or cut off unnoticed.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from xiaoan.core.errors import XiaoanError

MAGIC = b"XIAOAN-BACKUP-ENC1\n"
SALT_BYTES = 16
PREFIX_BYTES = 8
CHUNK = 1024 * 1024
TAG_BYTES = 16
#: format → what it is called in messages
FORMATS = {"tar.gz": "gzip 压缩的 tar 包（.tar.gz）", "zip": "zip 压缩包（.zip）"}
KNOWN_NAMES = "backup.tar.gz、backup.tgz、backup.zip，加密的再加 .enc（如 backup.tar.gz.enc）"


def format_of_name(path: Path) -> tuple[str, bool]:
    """(archive format, encrypted) that a file name promises; XiaoanError for others."""
    name = path.name.lower()
    encrypted = name.endswith(".enc")
    if encrypted:
        name = name[: -len(".enc")]
    if name.endswith((".tar.gz", ".tgz")):
        return "tar.gz", encrypted
    if name.endswith(".zip"):
        return "zip", encrypted
    raise XiaoanError(f"备份文件名 {path.name} 的扩展名无法识别：请用 {KNOWN_NAMES}。")


def format_of_content(head: bytes) -> tuple[str, bool] | None:
    """(format, encrypted) recognised from a file's first bytes; None if unknown.
    An encrypted file's inner format is known only once decrypted ("")."""
    if head.startswith(MAGIC):
        return "", True
    if head.startswith(b"\x1f\x8b"):
        return "tar.gz", False
    if head.startswith(b"PK\x03\x04"):
        return "zip", False
    return None


def describe(fmt: str, encrypted: bool) -> str:
    return ("加密的备份文件" if encrypted and not fmt else FORMATS[fmt]) + (
        "（已加密）" if encrypted and fmt else ""
    )


def check_content_matches_name(path: Path, head: bytes, *, decrypted: bool = False) -> str:
    """The archive format, once the content is what the name says; else a Chinese refusal."""
    fmt, encrypted = format_of_name(path)
    found = format_of_content(head)
    if found is None:
        raise XiaoanError(
            f"无法读取备份文件 {path}：内容不是 xiaoan 的备份（既不是 tar.gz 也不是 zip）。"
        )
    found_fmt, found_encrypted = found
    if not decrypted and found_encrypted != encrypted:
        if found_encrypted:
            raise XiaoanError(
                f"备份文件 {path.name} 的内容是加密的，但文件名没有 .enc 后缀：请核对文件，"
                "改名为 ….enc 后用 XIAOAN_BACKUP_KEY 恢复。"
            )
        raise XiaoanError(
            f"备份文件 {path.name} 以 .enc 结尾，但内容没有加密（是{FORMATS[found_fmt]}）：请核对文件。"
        )
    if found_fmt and found_fmt != fmt:
        raise XiaoanError(
            f"备份文件 {path.name} 的扩展名表示{FORMATS[fmt]}，但内容是{FORMATS[found_fmt]}："
            "文件名与格式不符，已拒绝恢复，请核对文件。"
        )
    return fmt


def open_private(path: Path) -> IO[bytes]:
    """`path` opened for writing, readable and writable by its owner only (0600),
    also when it already existed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def _key(passphrase: str, salt: bytes) -> bytes:
    if not passphrase:
        raise XiaoanError("没有备份密钥：请在环境变量 XIAOAN_BACKUP_KEY 中提供加密备份的口令。")
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + struct.pack(">I", number)


def encrypt_file(source: Path, target: Path, passphrase: str) -> None:
    salt, prefix = os.urandom(SALT_BYTES), os.urandom(PREFIX_BYTES)
    aead = AESGCM(_key(passphrase, salt))
    with source.open("rb") as plain, open_private(target) as out:
        out.write(MAGIC + salt + prefix)
        number = 0
        chunk = plain.read(CHUNK)
        while True:
            following = plain.read(CHUNK)
            last = not following
            out.write(aead.encrypt(_nonce(prefix, number), chunk, b"last" if last else b"more"))
            if last:
                break
            chunk, number = following, number + 1


def decrypt_file(source: Path, target: Path, passphrase: str) -> None:
    """Decrypt `source` into `target` (0600); XiaoanError for a wrong passphrase
    or a damaged or cut-off file."""
    with source.open("rb") as sealed, open_private(target) as out:
        head = sealed.read(len(MAGIC) + SALT_BYTES + PREFIX_BYTES)
        if not head.startswith(MAGIC) or len(head) < len(MAGIC) + SALT_BYTES + PREFIX_BYTES:
            raise XiaoanError(f"无法读取备份文件 {source}：不是加密的 xiaoan 备份。")
        salt = head[len(MAGIC) : len(MAGIC) + SALT_BYTES]
        prefix = head[len(MAGIC) + SALT_BYTES :]
        aead = AESGCM(_key(passphrase, salt))
        number = 0
        chunk = sealed.read(CHUNK + TAG_BYTES)
        while True:
            following = sealed.read(CHUNK + TAG_BYTES)
            last = not following
            try:
                out.write(aead.decrypt(_nonce(prefix, number), chunk, b"last" if last else b"more"))
            except InvalidTag as exc:
                if number == 0:
                    raise XiaoanError(
                        "备份密钥不正确（或文件已损坏）：请检查 XIAOAN_BACKUP_KEY 是否与备份时相同。"
                    ) from exc
                raise XiaoanError(
                    f"备份文件 {source.name} 已损坏或不完整（第 {number + 1} 段）。"
                ) from exc
            if last:
                break
            chunk, number = following, number + 1


@contextmanager
def removing(path: Path) -> Iterator[Path]:
    """`path`, removed afterwards whatever happens (a temporary clear archive)."""
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
