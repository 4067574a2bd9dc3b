"""Leaders' instructions, meetings and documents, with their numbered requirements."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core.models import DomainModel

from ..choices import InstructionKind, Level, SourceKind


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
        source = self.meeting or self.document
        return f"{source} 第{self.number}项：{self.text[:40]}"
