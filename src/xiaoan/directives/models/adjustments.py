"""Deadline extensions (延期) and changes of lead unit (改派) of a task.

Each is kept as its own row, with what it was before, why and who granted it,
so that the deadline in force on any past day can be told: a task extended
after its deadline had already passed was overdue until the extension (see
`directives.overdue`)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.models import DomainModel

from .tasks import Task

OWNERS = ("task__lead_organisation", "task__co_organisations")


class DeadlineExtension(DomainModel):
    """One extension of a task's deadline, granted by the assigning unit."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="extensions", verbose_name="任务"
    )
    old_deadline = models.DateField("原期限", null=True, blank=True)
    new_deadline = models.DateField("新期限")
    reason = models.CharField("延期原因", max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准人",
    )
    at = models.DateTimeField("时间", default=clock.now)

    area_path_field: ClassVar[str] = "task__area__path"
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS
    owner_lookups: ClassVar[tuple[str, ...]] = OWNERS

    class Meta:
        verbose_name = "任务延期"
        verbose_name_plural = verbose_name
        ordering = ["at", "id"]

    def __str__(self) -> str:
        old = f"{self.old_deadline:%Y-%m-%d}" if self.old_deadline else "无期限"
        return f"延期 {old} → {self.new_deadline:%Y-%m-%d}"


class Reassignment(DomainModel):
    """One change of a task's lead unit (改派), made by the assigning unit."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reassignments", verbose_name="任务"
    )
    old_lead = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="原牵头单位"
    )
    new_lead = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="新牵头单位"
    )
    reason = models.CharField("改派原因", max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="改派人",
    )
    at = models.DateTimeField("时间", default=clock.now)

    area_path_field: ClassVar[str] = "task__area__path"
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS
    owner_lookups: ClassVar[tuple[str, ...]] = OWNERS

    class Meta:
        verbose_name = "任务改派"
        verbose_name_plural = verbose_name
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"改派 {self.old_lead} → {self.new_lead}"
