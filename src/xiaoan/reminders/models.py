"""What was reminded (so nothing is sent twice) and what each user wants."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xiaoan.core import clock


class ReminderKind(models.TextChoices):
    TASKS = "tasks", "任务临期、逾期提醒"
    HAZARDS = "hazards", "隐患整改临期、逾期提醒"
    COMPLAINTS = "complaints", "12345 工单临期、逾期提醒"
    DIGEST = "digest", "每日汇总"


class ReminderSent(models.Model):
    """One reminder that went out: a record (`key`) crossing a threshold.

    The unique constraint is the claim: a worker inserts the row first and sends
    only if the insert succeeded, so two workers, or a worker restarted halfway,
    never send the same reminder twice. A changed deadline is part of the
    threshold, so an extended deadline is reminded again.
    """

    kind = models.CharField("类别", max_length=20, choices=ReminderKind.choices)
    key = models.CharField("对象", max_length=100)
    threshold = models.CharField("节点", max_length=60)
    sent_at = models.DateTimeField("发送时间", default=clock.now)
    recipients = models.PositiveIntegerField("接收人数", default=0)

    class Meta:
        verbose_name = "已发提醒"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "threshold"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.threshold}"


class ReminderPreference(models.Model):
    """Which reminders a user receives; without a row, all of them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    tasks = models.BooleanField(ReminderKind.TASKS.label, default=True)
    hazards = models.BooleanField(ReminderKind.HAZARDS.label, default=True)
    complaints = models.BooleanField(ReminderKind.COMPLAINTS.label, default=True)
    digest = models.BooleanField(ReminderKind.DIGEST.label, default=True)

    class Meta:
        verbose_name = "提醒设置"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.user} 的提醒设置"

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind, True))
