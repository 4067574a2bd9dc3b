"""Places (场所) and the water-source register."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core.models import DomainModel

from .choices import WaterSourceKind, WaterSourceStatus


class WaterSource(DomainModel):
    """A municipal hydrant or water crane. Yearly build targets count the ones
    commissioned in the year."""

    kind = models.CharField("类型", max_length=20, choices=WaterSourceKind.choices)
    number = models.CharField("编号", max_length=50)
    location = models.CharField("位置", max_length=300)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    status = models.CharField(
        "状态", max_length=20, choices=WaterSourceStatus.choices, default=WaterSourceStatus.PLANNED
    )
    commissioned_on = models.DateField("投用日期", null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)

    change_permission: ClassVar[str] = Permission.ASSIGN_TASKS

    class Meta:
        verbose_name = "消防水源"
        verbose_name_plural = verbose_name
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="water_source_unique_number")
        ]
        indexes = [models.Index(fields=["kind", "status", "commissioned_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
