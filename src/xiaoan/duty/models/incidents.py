"""Incidents, the urgent reports sent about them, the rules that say which need
one, and the record of each reminder the reporting clock has sent."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.models import DomainModel

from ..choices import IncidentKind, ReportChannel, ReportKind, RuleKind, SensitiveVenue


class UrgentReportRule(DomainModel):
    """One condition that makes an incident in `area` (and below) need an urgent
    report, and the minutes from the alarm the first report is due within.

    Rules are configuration: an administrator edits them; an incident keeps the
    decision made when it was recorded (`Incident.report_reasons`)."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("条件", max_length=20, choices=RuleKind.choices)
    threshold = models.PositiveIntegerField(
        "人数阈值", default=1, help_text="受伤或被困人数达到此数即须报送；其他条件忽略此项"
    )
    deadline_minutes = models.PositiveIntegerField("报送时限（分钟）", default=60)
    active = models.BooleanField("启用", default=True)
    #: None: every area (the defaults the system starts with)
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="适用区域",
    )

    change_permission: ClassVar[str] = Permission.CONFIGURE_URGENT_REPORTS
    visible_from_below: ClassVar[bool] = True

    class Meta:
        verbose_name = "紧急信息报送规则"
        verbose_name_plural = verbose_name
        ordering = ["area__path", "kind", "id"]

    def __str__(self) -> str:
        return self.name


class ReminderPoint(DomainModel):
    """A reminder sent when this many minutes have passed since the alarm and no
    first report is recorded yet (the deadline itself always escalates)."""

    minutes_after_alarm = models.PositiveIntegerField("接警后分钟数")
    active = models.BooleanField("启用", default=True)
    #: None: every area (the defaults the system starts with)
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="适用区域",
    )

    change_permission: ClassVar[str] = Permission.CONFIGURE_URGENT_REPORTS
    visible_from_below: ClassVar[bool] = True

    class Meta:
        verbose_name = "报送提醒时点"
        verbose_name_plural = verbose_name
        ordering = ["minutes_after_alarm"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "minutes_after_alarm"], name="reminder_point_unique_minutes"
            )
        ]

    def __str__(self) -> str:
        return f"接警后 {self.minutes_after_alarm} 分钟"


class Incident(DomainModel):
    """An alarm (警情) and what is known of it. Whether it needs an urgent report
    and by when is decided from the rules when it is recorded; whether the first
    report was on time is derived from `first_report_at` and the deadline."""

    alarm_at = models.DateTimeField("接警时间")
    kind = models.CharField("类型", max_length=20, choices=IncidentKind.choices)
    address = models.CharField("地址", max_length=300)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="所属区域"
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="场所",
    )
    place_name = models.CharField("场所名称", max_length=200, blank=True)
    sensitive_venue = models.CharField(
        "敏感群体场所", max_length=20, choices=SensitiveVenue.choices, blank=True, default=""
    )
    dead = models.PositiveIntegerField("死亡人数", default=0)
    injured = models.PositiveIntegerField("受伤人数", default=0)
    trapped = models.PositiveIntegerField("被困人数", default=0)
    description = models.TextField("情况描述", blank=True)
    organisation = models.ForeignKey(
        "areas.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记单位",
    )
    report_required = models.BooleanField("须紧急报送", default=False)
    report_deadline = models.DateTimeField("首报截止时间", null=True, blank=True)
    report_reasons = models.CharField("报送依据", max_length=300, blank=True)
    first_report_at = models.DateTimeField("首报时间", null=True, blank=True)

    change_permission: ClassVar[str] = Permission.REPORT_INCIDENTS

    class Meta:
        verbose_name = "警情"
        verbose_name_plural = verbose_name
        ordering = ["-alarm_at", "-id"]
        indexes = [models.Index(fields=["report_required", "first_report_at", "report_deadline"])]

    def __str__(self) -> str:
        local = self.alarm_at.astimezone(clock.LOCAL_TZ)
        return f"{local:%m-%d %H:%M} {self.place_name or self.address}"

    @property
    def is_late(self) -> bool:
        """The first report came after the deadline (or has not come and the deadline passed)."""
        if not self.report_required or self.report_deadline is None:
            return False
        reported = self.first_report_at or clock.now()
        return reported > self.report_deadline

    def minutes_left(self, at: dt.datetime | None = None) -> int | None:
        """Whole minutes to the deadline (negative when late); None without a deadline."""
        if self.report_deadline is None:
            return None
        moment = self.first_report_at or at or clock.now()
        seconds = (self.report_deadline - moment).total_seconds()
        return int(seconds // 60) if seconds >= 0 else -int(-seconds // 60)


class UrgentReport(DomainModel):
    """One report sent to a higher level about an incident: the first, a follow-up, or the final."""

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="reports", verbose_name="警情"
    )
    kind = models.CharField("报送类别", max_length=20, choices=ReportKind.choices)
    recipient = models.CharField("报送对象", max_length=200)
    channel = models.CharField("报送方式", max_length=20, choices=ReportChannel.choices)
    sent_at = models.DateTimeField("报送时间")
    content = models.TextField("报送内容")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报送人",
    )

    area_path_field: ClassVar[str] = "incident__area__path"
    change_permission: ClassVar[str] = Permission.REPORT_INCIDENTS

    class Meta:
        verbose_name = "紧急信息报告"
        verbose_name_plural = verbose_name
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class ClockNotice(models.Model):
    """A reminder or escalation the reporting clock has sent for an incident.

    The unique pair (incident, point) is the claim: a worker inserts the row
    before notifying, so a second worker or a restarted one cannot send it again."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="clock_notices")
    point = models.CharField("时点", max_length=30)
    sent_at = models.DateTimeField("发送时间", default=clock.now)

    class Meta:
        verbose_name = "报送提醒记录"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["incident", "point"], name="clock_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}:{self.point}"
