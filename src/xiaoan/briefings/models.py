"""A briefing being prepared (its content as built, staff's edits) and the
numbered versions exported from it, each with its file, who and when."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.models import DomainModel
from xiaoan.core.scoping import ScopedQuerySet

from .choices import BriefingKind, BuildStatus, Subject
from .content import Briefing as Content

#: section keys as the history panel names them
SECTION_LABELS = {
    "title": "标题",
    "instructions": "领导批示情况",
    "meetings": "有关会议情况",
    "visits": "督导检查情况",
    "documents": "近期重点工作及文件要求",
    "figures": "重点数据",
    "overall": "总体情况",
    "plan": "阶段安排",
    "progress": "工作进展",
    "tasks": "任务落实情况",
    "ahead": "下一步工作",
}


class Briefing(DomainModel):
    """A monthly briefing (通报) or special report (专报) for an area and period:
    built from the records in the background, then reviewed and edited."""

    kind = models.CharField("类型", max_length=10, choices=BriefingKind.choices)
    subject = models.CharField("专报主题", max_length=20, choices=Subject.choices, blank=True)
    phase = models.ForeignKey(
        "directives.Phase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="专项行动阶段",
    )
    month = models.CharField("月份", max_length=7, blank=True, help_text="如 2024-03")
    start = models.DateField("起始日期")
    end = models.DateField("截止日期")
    issued_on = models.DateField("成文日期")
    title = models.CharField("标题", max_length=200, blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="编制人"
    )
    status = models.CharField(
        "生成状态", max_length=10, choices=BuildStatus.choices, default=BuildStatus.PENDING
    )
    steps_done = models.PositiveSmallIntegerField("已完成步骤", default=0)
    steps_total = models.PositiveSmallIntegerField("总步骤", default=0)
    #: touched after every section; a running build without a recent one has lost its worker
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("生成次数", default=0)
    message = models.TextField("说明", blank=True)
    #: the briefing as built from the records (content.Briefing.as_dict())
    content = models.JSONField("生成内容", default=dict, blank=True)
    #: staff's rewrites: section key (or "title") → text
    edits = models.JSONField("修改内容", default=dict, blank=True)

    change_permission: ClassVar[str] = Permission.COMPILE_BRIEFINGS
    #: the history panel shows the content and edits briefly, not as JSON
    history_formatters: ClassVar[dict[str, Callable[[Any], str]]] = {
        "content": lambda value: f"已生成（{len(value.get('sections', []))} 个部分）",
        "edits": lambda value: "；".join(
            f"{SECTION_LABELS.get(key, key)}：{text[:30]}{'…' if len(text) > 30 else ''}"
            for key, text in value.items()
        ),
    }

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = verbose_name
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.start}—{self.end}"

    @property
    def finished(self) -> bool:
        return self.status in (BuildStatus.DONE, BuildStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(self.steps_done * 100 / self.steps_total) if self.steps_total else 0

    def draft(self) -> Content | None:
        """The content as it will print: as built, with staff's edits applied."""
        if not self.content:
            return None
        return Content.from_dict(self.content).with_edits(self.edits or {})


class BriefingVersion(models.Model):
    """One export of a briefing: numbered per briefing, its content frozen, the
    Word file (and PDF when LibreOffice is installed) kept."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.PROTECT, related_name="versions", verbose_name="通报"
    )
    number = models.PositiveIntegerField("版本号")
    content = models.JSONField("内容")
    docx = models.FileField("Word 文件", upload_to="briefings/%Y/%m/")
    pdf = models.FileField("PDF 文件", upload_to="briefings/%Y/%m/", blank=True)
    pdf_message = models.CharField("PDF 说明", max_length=300, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="导出人"
    )
    exported_at = models.DateTimeField("导出时间", default=clock.now)

    objects = ScopedQuerySet.as_manager()
    area_path_field: ClassVar[str] = "briefing__area__path"
    change_permission: ClassVar[str] = Permission.COMPILE_BRIEFINGS

    class Meta:
        verbose_name = "通报版本"
        verbose_name_plural = verbose_name
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "number"], name="briefing_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.briefing} 第{self.number}版"

    def as_content(self) -> Content:
        return Content.from_dict(self.content)
