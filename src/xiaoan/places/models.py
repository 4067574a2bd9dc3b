"""Places (场所) and the water-source register."""

from __future__ import annotations

import unicodedata
from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction

from xiaoan.areas.models import Area
from xiaoan.areas.roles import Permission
from xiaoan.core.models import AreaPathCopyModel, DomainModel

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


class Place(AreaPathCopyModel):
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

    change_permission: ClassVar[str] = Permission.INSPECT
    #: the area the tally counts this place on, as loaded or last saved
    _tallied_area_id: int | None = None

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

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Place:
        place = super().from_db(db, field_names, values)
        place._tallied_area_id = place.__dict__.get("area_id")
        return place

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, keeping the places-per-area tally in step (the area's path copy is
        set by the base class, before the row is written)."""
        self.key = place_key(self.name, self.address)
        adding = self._state.adding
        before = self._tallied_area_id
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                PlaceTally.add(self.area_id, self.area_path, 1)
            elif before is not None and before != self.area_id:
                PlaceTally.add(before, "", -1)
                PlaceTally.add(self.area_id, self.area_path, 1)
        self._tallied_area_id = self.area_id

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            PlaceTally.add(self.area_id, self.area_path, -1)
        return result

    @property
    def is_small_venue(self) -> bool:
        return self.kind in settings.XIAOAN_NINE_SMALL_KINDS


class PlaceTally(models.Model):
    """How many places are registered on each area (on it, not below it).

    A roll-up for coverage: "places in scope" of a province is a million rows to
    count on every dashboard request, which no index makes cheap; this table has
    one row per area. Place.save() and delete() keep it in step in the same
    transaction; writers that bypass them (bulk loads) call `rebuild()`."""

    area = models.OneToOneField(
        "areas.Area", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    #: a copy of the area's path, so that a subtree is a range on this table alone
    area_path = models.CharField(max_length=160, db_index=True)
    places = models.IntegerField(default=0)

    class Meta:
        verbose_name = "场所数（按区域）"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.area_path}: {self.places}"

    @classmethod
    def add(cls, area_id: int, area_path: str, n: int) -> None:
        if not cls.objects.filter(area_id=area_id).update(places=models.F("places") + n):
            path = area_path or Area.objects.values_list("path", flat=True).get(pk=area_id)
            cls.objects.get_or_create(area_id=area_id, defaults={"area_path": path})
            cls.objects.filter(area_id=area_id).update(places=models.F("places") + n)

    @classmethod
    def rebuild(cls) -> None:
        """Count again from the places (after a bulk load)."""
        with transaction.atomic():
            cls.objects.all().delete()
            rows = (
                Place.objects.order_by()
                .values_list("area_id", "area_path")
                .annotate(n=models.Count("id"))
            )
            PlaceTally.objects.bulk_create(
                (PlaceTally(area_id=area, area_path=path, places=n) for area, path, n in rows),
                batch_size=2000,
            )
