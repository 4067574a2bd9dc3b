"""Tasks with their quantitative targets, progress reports and the chasing log."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.formatting import quantity
from xiaoan.core.models import DomainModel

from ..choices import ChaseChannel, Recurrence, RegisterKind, TaskStatus
from .campaigns import Campaign, Phase
from .records import Instruction, Requirement


class Task(DomainModel):
    """One piece of work someone owns, until the assigning office verifies it (对账销号)."""

    title = models.CharField("任务", max_length=300)
    description = models.TextField("说明", blank=True)
    instruction = models.ForeignKey(
        Instruction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="来源批示",
    )
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="来源会议/文件事项",
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="专项行动",
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="阶段",
    )
    lead_organisation = models.ForeignKey(
        "areas.Organisation",
        on_delete=models.PROTECT,
        related_name="led_tasks",
        verbose_name="牵头单位",
    )
    co_organisations = models.ManyToManyField(
        "areas.Organisation", blank=True, related_name="co_tasks", verbose_name="配合单位"
    )
    assigning_organisation = models.ForeignKey(
        "areas.Organisation",
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
        verbose_name="交办单位",
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    deadline = models.DateField("期限", null=True, blank=True)
    recurrence = models.CharField(
        "重复", max_length=10, choices=Recurrence.choices, default=Recurrence.NONE, blank=True
    )
    recurrence_start = models.DateField("重复开始", null=True, blank=True)
    recurrence_time = models.TimeField("每次时间", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS
    owner_lookups: ClassVar[tuple[str, ...]] = ("lead_organisation", "co_organisations")

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = verbose_name
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.title

    @property
    def source_label(self) -> str:
        if self.instruction_id:
            return str(self.instruction)
        if self.requirement_id and self.requirement:
            parent = self.requirement.meeting or self.requirement.document
            return f"{parent} 第{self.requirement.number}项"
        if self.campaign_id:
            return str(self.campaign)
        return "—"


class Target(DomainModel):
    """A quantitative target of a task: 100 municipal hydrants, 5 water cranes …

    When `counts` names a register, the achieved quantity is counted from it
    (e.g. hydrants commissioned in the target's year) rather than typed in.
    """

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="targets", verbose_name="任务"
    )
    subject = models.CharField("对象", max_length=100)
    quantity = models.DecimalField("目标数量", max_digits=12, decimal_places=2)
    unit = models.CharField("单位", max_length=20)
    counts = models.CharField(
        "统计方式",
        max_length=20,
        choices=RegisterKind.choices,
        default=RegisterKind.NONE,
        blank=True,
    )
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)

    area_path_field: ClassVar[str] = "task__area__path"
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    owner_lookups: ClassVar[tuple[str, ...]] = ("task__lead_organisation", "task__co_organisations")

    class Meta:
        verbose_name = "量化目标"
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.subject} {quantity(self.quantity)}{self.unit}"


class ProgressReport(DomainModel):
    """An owner's report of progress on a task, with quantities achieved and evidence."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="progress_reports", verbose_name="任务"
    )
    date = models.DateField("日期")
    text = models.TextField("进展")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报告人"
    )
    organisation = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="报告单位"
    )

    area_path_field: ClassVar[str] = "task__area__path"
    change_permission: ClassVar[str] = Permission.REPORT_PROGRESS

    owner_lookups: ClassVar[tuple[str, ...]] = ("task__lead_organisation", "task__co_organisations")

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = verbose_name
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:30]}"


class ProgressQuantity(models.Model):
    """The quantity achieved towards one target, as stated in one progress report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="quantities")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="reported")
    achieved = models.DecimalField("累计完成", max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="progress_quantity_once")
        ]

    def __str__(self) -> str:
        return f"{self.target}: {quantity(self.achieved)}"


class Chase(DomainModel):
    """One act of chasing (督办): who reminded whom, when, how, and the answer."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="chases", verbose_name="任务"
    )
    at = models.DateTimeField("时间", default=clock.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="督办人"
    )
    to = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="督办对象"
    )
    channel = models.CharField(
        "方式", max_length=20, choices=ChaseChannel.choices, default=ChaseChannel.INBOX
    )
    note = models.TextField("督办内容", blank=True)
    answer = models.TextField("答复", blank=True)

    area_path_field: ClassVar[str] = "task__area__path"
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    owner_lookups: ClassVar[tuple[str, ...]] = ("task__lead_organisation", "task__co_organisations")

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{clock.local(self.at):%Y-%m-%d} 督办 {self.to}"
