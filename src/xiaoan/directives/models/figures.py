"""The key figures of the report or document an instruction was made on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core.models import DomainModel

from .records import Document, Instruction


class FigureBasis(models.TextChoices):
    """What a change is measured against."""

    YEAR_ON_YEAR = "yoy", "较去年同期"
    PERIOD_ON_PERIOD = "mom", "环比"


class SourceFigure(DomainModel):
    """One key figure (统计数据) of the report, article or document a leader's
    instruction was made on — "截至2月26日，全省12345热线平台共转办消防安全隐患
    诉求问题4490件，较去年同期增长168%" — or of a document itself.

    The figures are often the reason for the instruction, so they are kept as
    numbers with their wording: the instruction's page lists them and the
    briefing quotes them before the leader's words.
    """

    instruction = models.ForeignKey(
        Instruction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="source_figures",
        verbose_name="批示",
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="source_figures",
        verbose_name="文件",
    )
    number = models.PositiveSmallIntegerField("序号", default=1)
    label = models.CharField(
        "统计项",
        max_length=200,
        help_text="数字前的表述，如：全省12345热线平台共转办消防安全隐患诉求问题",
    )
    count = models.DecimalField("数量", max_digits=14, decimal_places=2)
    unit = models.CharField("单位", max_length=20, blank=True)
    as_of = models.DateField("截至日期", null=True, blank=True)
    period_start = models.DateField("统计起始日期", null=True, blank=True)
    period_end = models.DateField("统计截止日期", null=True, blank=True)
    change_pct = models.DecimalField(
        "增减幅度（%）", max_digits=9, decimal_places=1, null=True, blank=True
    )
    basis = models.CharField("比较口径", max_length=10, choices=FigureBasis.choices, blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )

    visible_from_below: ClassVar[bool] = True
    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    class Meta:
        verbose_name = "来源统计数据"
        verbose_name_plural = verbose_name
        ordering = ["number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(instruction__isnull=False, document__isnull=True)
                | models.Q(instruction__isnull=True, document__isnull=False),
                name="source_figure_has_one_source",
            )
        ]

    def __str__(self) -> str:
        return self.words()

    def words(self) -> str:
        """The figure as a briefing writes it: "2月24日至26日，相关诉求量合计达到678件，环比增长239%"."""
        when = ""
        if self.period_start and self.period_end:
            when = (
                f"{month_day(self.period_start)}至{short_day(self.period_start, self.period_end)}，"
            )
        elif self.as_of:
            when = f"截至{month_day(self.as_of)}，"
        text = f"{when}{self.label}{plain(self.count)}{self.unit}"
        if self.change_pct is not None:
            direction = "增长" if self.change_pct >= 0 else "下降"
            basis = self.get_basis_display() if self.basis else ""
            text += f"，{basis}{direction}{plain(abs(self.change_pct))}%"
        return text


def month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def short_day(start: dt.date, end: dt.date) -> str:
    """The end of a range: "26日" in the start's month, else "3月2日"."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{end.day}日"
    return month_day(end)


def plain(value: Decimal) -> str:
    """4490, 168, 12.5: no trailing zeros."""
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
