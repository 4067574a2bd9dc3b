"""The duty roster and the daily dispatch: who is on duty, and each unit's daily safety status."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core.models import DomainModel

from ..choices import DutyRole, SafetyStatus


class DutyShift(DomainModel):
    """One person on duty for an organisation on a day, in a role (leader, officer, driver …)."""

    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    date = models.DateField("日期")
    role = models.CharField("岗位", max_length=20, choices=DutyRole.choices)
    person = models.CharField("姓名", max_length=50)
    phone = models.CharField("电话", max_length=50, blank=True)

    area_path_field: ClassVar[str] = "organisation__area__path"
    change_permission: ClassVar[str] = Permission.MANAGE_DUTY

    class Meta:
        verbose_name = "值班安排"
        verbose_name_plural = verbose_name
        ordering = ["date", "organisation_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "date", "role", "person"], name="duty_shift_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_role_display()} {self.person}"


class DispatchPeriod(DomainModel):
    """A stretch of days (e.g. the national sessions from 3 March) on which the
    listed organisations report their safety status each day by `due_time`."""

    title = models.CharField("名称", max_length=200)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    due_time = models.TimeField("每日报送时间", default=dt.time(15, 0))
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="所属区域"
    )
    organisations = models.ManyToManyField(
        "areas.Organisation", related_name="+", verbose_name="报送单位"
    )
    description = models.TextField("说明", blank=True)

    change_permission: ClassVar[str] = Permission.MANAGE_DUTY
    visible_from_below: ClassVar[bool] = True
    owner_lookups: ClassVar[tuple[str, ...]] = ("organisations",)

    class Meta:
        verbose_name = "调度安排"
        verbose_name_plural = verbose_name
        ordering = ["-start_date", "id"]

    def __str__(self) -> str:
        return self.title

    def covers(self, day: dt.date) -> bool:
        return day >= self.start_date and (self.end_date is None or day <= self.end_date)


class DispatchSubmission(DomainModel):
    """One organisation's safety status for one day of a dispatch period."""

    period = models.ForeignKey(
        DispatchPeriod,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name="调度安排",
    )
    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="报送单位"
    )
    date = models.DateField("日期")
    status = models.CharField("安全状况", max_length=20, choices=SafetyStatus.choices)
    content = models.TextField("情况说明")
    submitted_at = models.DateTimeField("报送时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报送人",
    )

    area_path_field: ClassVar[str] = "organisation__area__path"
    change_permission: ClassVar[str] = Permission.SUBMIT_DISPATCH

    class Meta:
        verbose_name = "每日调度报送"
        verbose_name_plural = verbose_name
        ordering = ["date", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organisation", "date"], name="dispatch_submission_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.organisation_id}"
