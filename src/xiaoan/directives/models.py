"""The supervision desk's records: campaigns and phases, leaders' instructions,
meetings and documents with their numbered requirements, and the tasks they
create with targets, progress reports and the chasing log."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.models import DomainModel

from .choices import (
    ActionKind,
    ActivityKind,
    ChaseChannel,
    InstructionKind,
    Level,
    Recurrence,
    RegisterKind,
    SourceKind,
    TaskStatus,
)


class Campaign(DomainModel):
    """A special campaign (专项行动), e.g. 除患攻坚大整治, with dated phases."""

    name = models.CharField("名称", max_length=200)
    plan_title = models.CharField("实施方案", max_length=300, blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    description = models.TextField("说明", blank=True)

    visible_from_below: ClassVar[bool] = True
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    class Meta:
        verbose_name = "专项行动"
        verbose_name_plural = verbose_name
        ordering = ["-start", "id"]

    def __str__(self) -> str:
        return self.name


class Phase(DomainModel):
    """A dated phase of a campaign, with the action kinds it concentrates on."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="phases", verbose_name="专项行动"
    )
    number = models.PositiveSmallIntegerField("序号")
    name = models.CharField("名称", max_length=100)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    #: ActionKind codes, comma-separated
    actions = models.CharField("行动", max_length=200, blank=True)

    area_path_field: ClassVar[str] = "campaign__area__path"
    visible_from_below: ClassVar[bool] = True
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    class Meta:
        verbose_name = "阶段"
        verbose_name_plural = verbose_name
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="phase_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.campaign.name} · {self.name}"

    @property
    def action_labels(self) -> list[str]:
        return [str(ActionKind(a).label) for a in self.actions.split(",") if a in ActionKind.values]

    def is_current(self, today: dt.date | None = None) -> bool:
        day = today or clock.today()
        return self.start <= day <= self.end


class Instruction(DomainModel):
    """A leader's written instruction (批示) on a report or article, a follow-up
    on another instruction (跟批, a chain of any depth), or a read-only circulation (圈阅)."""

    date = models.DateField("日期")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="领导（用户）",
    )
    leader_name = models.CharField("领导", max_length=50)
    leader_title = models.CharField("职务", max_length=50, blank=True)
    kind = models.CharField(
        "类型", max_length=20, choices=InstructionKind.choices, default=InstructionKind.INSTRUCTION
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name="所跟批示",
    )
    source_title = models.CharField(
        "批示载体", max_length=300, blank=True, help_text="批示所在的报告、文章或专报"
    )
    source_kind = models.CharField(
        "载体类型", max_length=30, choices=SourceKind.choices, default=SourceKind.OTHER
    )
    text = models.TextField("批示内容", blank=True)
    addressees = models.CharField("批给", max_length=300, blank=True)
    feedback = models.TextField("落实反馈", blank=True)
    feedback_date = models.DateField("反馈日期", null=True, blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )

    visible_from_below: ClassVar[bool] = True
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = verbose_name
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.date:%-m月%-d日} {self.leader_name}{self.leader_title}{self.get_kind_display()}"
        )


class Meeting(DomainModel):
    """A meeting (national, province, city or detachment level) and its numbered decisions."""

    date = models.DateField("日期")
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    title = models.CharField("会议名称", max_length=300)
    host = models.CharField("主持", max_length=100, blank=True)
    attendees = models.TextField("参会", blank=True)
    summary = models.TextField("会议内容", blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )

    visible_from_below: ClassVar[bool] = True
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = verbose_name
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


class Document(DomainModel):
    """An incoming document from a higher level (上级文件), with its requirements."""

    title = models.CharField("文件标题", max_length=300, help_text="《》中的文字")
    issuer = models.CharField("发文单位", max_length=200, blank=True)
    number = models.CharField("文号", max_length=100, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    summary = models.TextField("内容摘要", blank=True)
    follow_through = models.TextField("本地落实情况", blank=True, help_text="如：等待省级子方案")
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )

    visible_from_below: ClassVar[bool] = True
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    class Meta:
        verbose_name = "上级文件"
        verbose_name_plural = verbose_name
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"《{self.title}》"


class Requirement(DomainModel):
    """A numbered decision of a meeting or requirement of a document; it may become a task."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="会议",
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requirements",
        verbose_name="文件",
    )
    number = models.PositiveSmallIntegerField("序号")
    text = models.TextField("内容")
    deadline = models.DateField("期限", null=True, blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )

    visible_from_below: ClassVar[bool] = True
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    class Meta:
        verbose_name = "要求事项"
        verbose_name_plural = verbose_name
        ordering = ["number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False, document__isnull=True)
                | models.Q(meeting__isnull=True, document__isnull=False),
                name="requirement_has_one_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:40]}"


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

    class Meta:
        verbose_name = "量化目标"
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.subject} {self.quantity:g}{self.unit}"


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
        return f"{self.target}: {self.achieved:g}"


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

    class Meta:
        verbose_name = "督办记录"
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} 督办 {self.to}"


class Activity(DomainModel):
    """Publicity, training, drills, plans, admonitory talks and public exposures
    under a campaign, counted per phase and area."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="专项行动",
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="阶段",
    )
    kind = models.CharField("类型", max_length=20, choices=ActivityKind.choices)
    date = models.DateField("日期")
    title = models.CharField("标题", max_length=300)
    organiser = models.ForeignKey(
        "areas.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="组织单位"
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    participants = models.PositiveIntegerField("参与人数", null=True, blank=True)
    reach = models.PositiveIntegerField(
        "覆盖人次", null=True, blank=True, help_text="新媒体阅读、观看等"
    )
    description = models.TextField("说明", blank=True)

    change_permission: ClassVar[str] = Permission.REPORT_PROGRESS

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = verbose_name
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title
