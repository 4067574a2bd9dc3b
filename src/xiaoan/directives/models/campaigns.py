"""Special campaigns (专项行动) and their dated phases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.models import DomainModel

from ..choices import ActionKind


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
    #: the history shows the action kinds by name, not by code
    history_formatters: ClassVar[dict[str, Callable[[str], str]]] = {
        "actions": lambda codes: "、".join(action_labels(codes))
    }
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
        return action_labels(self.actions)

    def is_current(self, today: dt.date | None = None) -> bool:
        day = today or clock.today()
        return self.start <= day <= self.end


def action_labels(codes: str) -> list[str]:
    """The names of comma-separated action kind codes (unknown codes left out)."""
    return [str(ActionKind(a).label) for a in codes.split(",") if a in ActionKind.values]
