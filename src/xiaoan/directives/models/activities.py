"""Activities (publicity, training, drills …) recorded under a campaign."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core.models import DomainModel

from ..choices import ActivityKind
from .campaigns import Campaign, Phase


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
