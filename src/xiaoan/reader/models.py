"""A confirmed reading of a briefing, and the records it created."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core.models import DomainModel

from .choices import CreatedKind

#: kinds of proposals as the history names them
PROPOSAL_LABELS = {
    "instructions": "批示",
    "meetings": "会议",
    "inspections": "检查",
    "documents": "文件",
    "statistics": "统计数据",
    "deadlines": "期限",
}


class BriefingReading(DomainModel):
    """A briefing (通报), minutes or document a person read into records.

    Kept with its text and a hash of it, so the same text confirmed twice in one
    area creates nothing the second time; statistics and deadlines that have no
    record of their own are kept in `note`.
    """

    title = models.CharField("标题", max_length=300, blank=True)
    document_date = models.DateField("成文日期", null=True, blank=True)
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    text = models.TextField("原文")
    content_hash = models.CharField("原文摘要", max_length=64, db_index=True)
    proposals = models.JSONField("识别结果", default=dict, blank=True)
    note = models.TextField("备注（统计数据等）", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认人",
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )

    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS
    #: the history names the source text's length and what was found, not the text itself
    history_formatters: ClassVar[dict[str, Callable[[Any], str]]] = {
        "text": lambda value: f"共{len(value)}字",
        "proposals": lambda value: (
            "识别出"
            + "、".join(
                f"{len(items)}项{PROPOSAL_LABELS.get(key, key)}"
                for key, items in value.items()
                if isinstance(items, list) and items
            )
            if any(isinstance(items, list) and items for items in value.values())
            else "无识别结果"
        ),
    }

    class Meta:
        verbose_name = "通报识别记录"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["area", "content_hash"], name="reading_once_per_area")
        ]

    def __str__(self) -> str:
        return self.title or self.source_name or f"识别记录 {self.pk}"


class ReadingRecord(DomainModel):
    """One record created from a reading, with the span of text it came from."""

    reading = models.ForeignKey(
        BriefingReading, on_delete=models.PROTECT, related_name="records", verbose_name="识别记录"
    )
    kind = models.CharField("类型", max_length=20, choices=CreatedKind.choices)
    label = models.CharField("摘要", max_length=300)
    span_start = models.PositiveIntegerField("原文起")
    span_end = models.PositiveIntegerField("原文止")
    instruction = models.ForeignKey(
        "directives.Instruction", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "directives.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        "directives.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visit = models.ForeignKey(
        "hazards.SupervisionVisit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    task = models.ForeignKey(
        "directives.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    area_path_field: ClassVar[str] = "reading__area__path"
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    class Meta:
        verbose_name = "识别生成的记录"
        verbose_name_plural = verbose_name
        ordering = ["span_start", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.label}"

    @property
    def target(self) -> models.Model | None:
        return self.instruction or self.meeting or self.document or self.visit or self.task

    @property
    def url(self) -> str:
        from django.urls import reverse

        if self.instruction_id:
            return reverse("instruction-detail", args=[self.instruction_id])
        if self.meeting_id:
            return reverse("meeting-detail", args=[self.meeting_id])
        if self.document_id:
            return reverse("document-detail", args=[self.document_id])
        if self.visit_id:
            return reverse("visit-detail", args=[self.visit_id])
        if self.task_id:
            return reverse("task-detail", args=[self.task_id])
        return ""
