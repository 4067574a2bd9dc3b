"""Core models: the base every domain model inherits, and the shared records
(API tokens, login failures, attachments, notifications, webhook deliveries,
the security log)."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from xiaoan.core import clock
from xiaoan.core.scoping import ScopedQuerySet
from xiaoan.core.securitylog import SecurityEventKind


class DomainModel(models.Model):
    """Base of every domain record: timestamps, an edit version and full history.

    `version` grows by one on every edit made through `core.versioning`; an
    edit that carries an older version is refused (see StaleEditError).
    `area_path_field` names the lookup that leads to the record's area path,
    which `objects.restrict(user)` uses to scope the record.
    """

    created_at = models.DateTimeField("创建时间", default=clock.now, editable=False)
    updated_at = models.DateTimeField("更新时间", default=clock.now, editable=False)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    history = HistoricalRecords(inherit=True)

    objects = ScopedQuerySet.as_manager()

    area_path_field: ClassVar[str] = "area__path"
    #: also visible to users of the areas below the record's area (guidance from above)
    visible_from_below: ClassVar[bool] = False
    #: lookups naming organisations whose members see the record wherever it lies
    owner_lookups: ClassVar[tuple[str, ...]] = ()
    #: the permission (areas.roles.Permission) a role needs to change this kind of record
    change_permission: ClassVar[str]

    class Meta:
        abstract = True


class AreaPathCopyModel(DomainModel):
    """A domain record that keeps a copy of its area's materialised path, set on
    every save (areas never move), so that "this area and below" is a range on
    the record's own indexes instead of a join to the areas. Bulk inserts must
    write the copy themselves."""

    area_path = models.CharField("区域路径", max_length=160, editable=False, default="")

    area_path_field: ClassVar[str] = "area_path"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.area_id is not None:  # type: ignore[attr-defined]
            self.area_path = self.area.path  # type: ignore[attr-defined]
        super().save(*args, **kwargs)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=clock.now)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    #: None only for tokens issued before tokens expired
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def state(self) -> str:
        """有效, 已吊销 or 已过期, as the token page shows it."""
        if self.revoked_at is not None:
            return "已吊销"
        if self.expires_at is not None and self.expires_at <= clock.now():
            return "已过期"
        return "有效"


class LoginFailure(models.Model):
    """One failed login, kept to lock an account after repeated failures."""

    username = models.CharField(max_length=150)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["ip", "at"])]

    def __str__(self) -> str:
        return f"{self.username} @ {clock.local(self.at):%Y-%m-%d %H:%M}"


class PasswordHistory(models.Model):
    """One password a user has had (its hash), so the last few are not reused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(max_length=128)
    set_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["user", "set_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.set_at:%Y-%m-%d %H:%M}"


class Attachment(DomainModel):
    """An uploaded file (photo, PDF, Word, Excel) attached to any record.

    The kind is decided by the file's content, never by its name; the file
    goes through Django's storage API so a shared store can replace disk.
    """

    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=255)
    kind = models.CharField("类型", max_length=20)
    mime_type = models.CharField("MIME 类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")

    change_permission = "view"

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """One message in a user's in-app inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("类别", max_length=40, default="general")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    created_at = models.DateTimeField("时间", default=clock.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class WebhookDelivery(models.Model):
    """One POST of a notification to the messaging webhook, retried until sent.

    A failed attempt is recorded with its error and retried with backoff; after
    the last attempt the delivery stays as `failed` for an operator to see.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    url = models.URLField(max_length=500)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now)
    next_attempt_at = models.DateTimeField(default=clock.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Webhook 推送"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.url} ({self.get_status_display()})"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "attempts": self.attempts}


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a security log entry."""


class SecurityEventQuerySet(models.QuerySet["SecurityEvent"]):
    """Entries of the security log: they can be read and added, never changed.

    Bulk updates and deletes are refused; only `purge_before` removes rows,
    and only rows older than the retention period (see core.securitylog).
    """

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("安全审计日志不可修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("安全审计日志不可删除。")

    def purge_before(self, cutoff: Any) -> int:
        old = self.filter(at__lt=cutoff)
        return old._raw_delete(old.db)  # type: ignore[attr-defined]


class SecurityEvent(models.Model):
    """One entry of the security log (安全审计): who did what security-relevant
    thing, from which address, to what. Append-only and outside the records'
    history machinery; `area_path` is the area of the account concerned, which
    scopes who may read the entry."""

    at = models.DateTimeField("时间", default=clock.now, db_index=True)
    kind = models.CharField("事件", max_length=40, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        db_constraint=False,
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    client_address = models.CharField("客户端地址", max_length=64, blank=True)
    target_type = models.CharField("对象类型", max_length=100, blank=True)
    target_id = models.CharField("对象编号", max_length=64, blank=True)
    target_label = models.CharField("对象", max_length=200, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)
    area_path = models.CharField("区域路径", max_length=160, blank=True, editable=False)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = "安全审计事件"
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["kind", "at"]),
            models.Index(fields=["username", "at"]),
            models.Index(fields=["client_address", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} @ {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("安全审计日志不可修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("安全审计日志不可删除。")
