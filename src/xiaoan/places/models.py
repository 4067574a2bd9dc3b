"""Places (场所) and the water-source register."""

from __future__ import annotations

import unicodedata
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from xiaoan.areas.roles import Permission
from xiaoan.core.models import DomainModel

from .choices import PlaceKind, RiskLevel, WaterSourceKind, WaterSourceStatus


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


def place_key(name: str, address: str) -> str:
    """What makes two places the same: name and address without spaces or punctuation."""
    text = unicodedata.normalize("NFKC", f"{name}|{address}").lower()
    keep = [ch for ch in text if ch.isalnum() or ch == "|"]
    return "".join(keep)


class Place(DomainModel):
    """A place (场所) that is inspected: a residential community, a high-rise, one
    of the nine small-venue kinds (九小场所), a hotel, a crowded venue …"""

    name = models.CharField("名称", max_length=200)
    address = models.CharField("地址", max_length=300)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name="区域"
    )
    kind = models.CharField("类型", max_length=30, choices=PlaceKind.choices)
    responsible_person = models.CharField("负责人", max_length=50, blank=True)
    contact = models.CharField("联系电话", max_length=50, blank=True)
    property_company = models.ForeignKey(
        "areas.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_places",
        verbose_name="物业公司/产权单位",
    )
    risk_level = models.CharField(
        "风险等级", max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    #: normalised name + address; a second place with the same key is a duplicate
    key = models.CharField(max_length=500, unique=True, editable=False)
    #: a copy of the area's materialised path (areas never move), kept by save(), so
    #: that "this area and below" is a range on the place's own index instead of a join
    area_path = models.CharField("区域路径", max_length=160, editable=False, default="")

    change_permission: ClassVar[str] = Permission.INSPECT
    area_path_field: ClassVar[str] = "area_path"

    class Meta:
        verbose_name = "场所"
        verbose_name_plural = verbose_name
        ordering = ["area__path", "name"]
        indexes = [
            models.Index(fields=["kind"]),
            # the places of a subtree counted per child area from the index alone (coverage)
            models.Index(fields=["area_path"], include=["id"], name="place_by_area_path"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = place_key(self.name, self.address)
        if self.area_id is not None:
            self.area_path = self.area.path
        super().save(*args, **kwargs)

    @property
    def is_small_venue(self) -> bool:
        return self.kind in settings.XIAOAN_NINE_SMALL_KINDS
