"""Attachments: files checked by their content, size-limited, stored through
Django's storage API.

The kind of a file is read from its first bytes (its "magic number"), never
from its name or the browser's claim, so a renamed executable is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.db import models, transaction
from django.db.models import Sum

from xiaoan.core import clock
from xiaoan.core.errors import UploadRejectedError
from xiaoan.core.models import Attachment
from xiaoan.core.versioning import set_history_user


@dataclass(frozen=True)
class AllowedKind:
    kind: str
    label: str
    mime_type: str


#: what may be uploaded, keyed by the extension filetype detects from content
ALLOWED: dict[str, AllowedKind] = {
    "jpg": AllowedKind("image", "JPEG 图片", "image/jpeg"),
    "png": AllowedKind("image", "PNG 图片", "image/png"),
    "gif": AllowedKind("image", "GIF 图片", "image/gif"),
    "webp": AllowedKind("image", "WebP 图片", "image/webp"),
    "pdf": AllowedKind("pdf", "PDF 文档", "application/pdf"),
    "docx": AllowedKind(
        "word",
        "Word 文档",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "doc": AllowedKind("word", "Word 文档", "application/msword"),
    "xlsx": AllowedKind(
        "excel", "Excel 表格", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "xls": AllowedKind("excel", "Excel 表格", "application/vnd.ms-excel"),
}

EXECUTABLE_SIGNATURES = (
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"\xcf\xfa\xed\xfe", "macOS 可执行程序"),
    (b"#!", "脚本"),
)

ALLOWED_DESCRIPTION = "图片（JPEG/PNG/GIF/WebP）、PDF、Word、Excel"


def max_upload_bytes() -> int:
    return int(settings.XIAOAN_MAX_UPLOAD_MB) * 1024 * 1024


def quota_bytes() -> int:
    return int(settings.XIAOAN_UPLOAD_QUOTA_MB) * 1024 * 1024


def check_quota(user: Any, size: int, name: str) -> None:
    """Refuse an upload that takes the user past today's quota (XIAOAN_UPLOAD_QUOTA_MB).

    Locks the user's row first, so parallel uploads of one user are counted
    one after the other. Public uploads (no account) are limited elsewhere.
    """
    if user is None or getattr(user, "pk", None) is None:
        return
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    since = clock.start_of_day(clock.today())
    used = (
        Attachment.objects.filter(uploaded_by=user, created_at__gte=since).aggregate(
            total=Sum("size")
        )["total"]
        or 0
    )
    if used + size > quota_bytes():
        raise UploadRejectedError(
            f"今日上传已达上限：每人每天最多 {settings.XIAOAN_UPLOAD_QUOTA_MB} MB，"
            f"今天已上传 {used / 1048576:.1f} MB，文件“{name}”{size / 1048576:.1f} MB。请明天再传。"
        )


def detect(head: bytes, name: str) -> AllowedKind:
    """The allowed kind of a file from its first bytes, or UploadRejectedError."""
    for signature, label in EXECUTABLE_SIGNATURES:
        if head.startswith(signature):
            raise UploadRejectedError(
                f"文件“{name}”的内容是{label}，不允许上传；只接受{ALLOWED_DESCRIPTION}。"
            )
    guess = filetype.guess(head)
    if guess is None or guess.extension not in ALLOWED:
        found = f"（识别为 {guess.mime}）" if guess else "（无法识别的内容）"
        raise UploadRejectedError(
            f"文件“{name}”的类型不被接受{found}；只接受{ALLOWED_DESCRIPTION}。"
        )
    return ALLOWED[guess.extension]


def store_attachment(
    upload: IO[bytes] | File,
    *,
    name: str,
    acting_user: Any,
    area: Any,
    target: models.Model | None = None,
) -> Attachment:
    """Check and store one uploaded file; returns the Attachment record."""
    limit = max_upload_bytes()
    upload.seek(0, os.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    if size == 0:
        raise UploadRejectedError(f"文件“{name}”是空文件。")
    if size > limit:
        raise UploadRejectedError(
            f"文件“{name}”大小 {size / 1048576:.1f} MB，超过上限 {settings.XIAOAN_MAX_UPLOAD_MB} MB。"
        )
    head = upload.read(8192)
    upload.seek(0)
    allowed = detect(head, name)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    safe_name = os.path.basename(name.replace("\\", "/"))[:200] or "file"
    with transaction.atomic():
        check_quota(acting_user, size, safe_name)
        attachment = Attachment(
            original_name=safe_name,
            kind=allowed.kind,
            mime_type=allowed.mime_type,
            size=size,
            sha256=digest.hexdigest(),
            uploaded_by=acting_user,
            area=area,
        )
        if target is not None:
            attachment.target_type = ContentType.objects.get_for_model(target)
            attachment.target_id = target.pk
        set_history_user(attachment, acting_user)
        attachment.file.save(safe_name, File(upload, name=safe_name), save=False)
        attachment.save()
    return attachment


def purge_orphans() -> int:
    """Remove uploads that were never attached to a record and are more than a
    day old, with their files; run by the worker's periodic checks."""
    cutoff = clock.now() - dt.timedelta(days=1)
    removed = 0
    for orphan in Attachment.objects.filter(target_type__isnull=True, created_at__lt=cutoff):
        orphan.file.delete(save=False)
        orphan.delete()
        removed += 1
    return removed
