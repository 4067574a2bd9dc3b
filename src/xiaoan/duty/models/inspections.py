"""Inspections announced by higher levels (迎检) and their preparation checklists."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core.models import DomainModel


class UpcomingInspection(DomainModel):
    """A visit by a higher level's team: who comes, when, where, what they look at.
    Areas below see it too, since they are the ones to prepare."""

    title = models.CharField("名称", max_length=200)
    inspecting_body = models.CharField("检查组/来访单位", max_length=200)
    starts_on = models.DateField("开始日期", null=True, blank=True)
    ends_on = models.DateField("结束日期", null=True, blank=True)
    date_note = models.CharField("时间说明", max_length=100, blank=True)
    location = models.CharField("地点/范围", max_length=300, blank=True)
    focus = models.TextField("检查重点", blank=True)
    #: the sentence the briefing uses, when the fields above do not make a good one
    summary = models.TextField(
        "通报表述",
        blank=True,
        help_text="写入通报的句子，如：接总队通知，应急管理部副部长胡明朗将于近期到盘锦开展调研",
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="所属区域"
    )
    host_organisation = models.ForeignKey(
        "areas.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="迎检牵头单位",
    )

    change_permission: ClassVar[str] = Permission.MANAGE_DUTY
    visible_from_below: ClassVar[bool] = True

    class Meta:
        verbose_name = "迎检"
        verbose_name_plural = verbose_name
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class PreparationItem(DomainModel):
    """One item of an inspection's preparation checklist; the work itself is a
    supervision-desk task, chased and closed like any other."""

    inspection = models.ForeignKey(
        UpcomingInspection,
        on_delete=models.PROTECT,
        related_name="checklist",
        verbose_name="迎检",
    )
    task = models.OneToOneField(
        "directives.Task", on_delete=models.PROTECT, related_name="+", verbose_name="任务"
    )

    area_path_field: ClassVar[str] = "inspection__area__path"
    change_permission: ClassVar[str] = Permission.MANAGE_DUTY
    visible_from_below: ClassVar[bool] = True

    class Meta:
        verbose_name = "迎检准备事项"
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.task_id)
