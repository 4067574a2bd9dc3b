"""Risk fishbone (鱼骨图) of a place kind: its hazards grouped by cause family.

The categories fall into the four cause families of the hazard taxonomy
(docs/hazard-taxonomy.md, `CATEGORY_FAMILY`); each family is a bone, each
category a rib with its count. The geometry is computed here and drawn as SVG
by the template, so the page needs no script to show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from xiaoan.areas.models import Area
from xiaoan.core.replica import reads_from_replica
from xiaoan.hazards.choices import CATEGORY_FAMILY, CauseFamily, HazardCategory
from xiaoan.hazards.models import Hazard
from xiaoan.places.choices import PlaceKind

from .figures import list_link
from .periods import Period

WIDTH, HEIGHT = 960, 460
SPINE_Y = HEIGHT // 2
SPINE_START, SPINE_END = 30, 760
#: where each bone meets the spine, and whether it rises (top) or falls
BONE_ROOTS = {
    CauseFamily.MANAGEMENT: (360, -1),
    CauseFamily.FACILITIES: (690, -1),
    CauseFamily.MATERIALS: (360, 1),
    CauseFamily.BEHAVIOUR: (690, 1),
}
BONE_RISE, BONE_RUN = 190, 130


@dataclass
class Rib:
    category: str
    label: str
    count: int
    link: str
    x1: float = 0
    y: float = 0
    x2: float = 0


@dataclass
class Bone:
    family: str
    label: str
    count: int
    ribs: list[Rib] = field(default_factory=list)
    x1: float = 0
    y1: float = 0
    x2: float = 0
    y2: float = 0


@dataclass
class Fishbone:
    kind: str
    kind_label: str
    total: int
    bones: list[Bone]
    width: int = WIDTH
    height: int = HEIGHT
    spine_y: int = SPINE_Y
    spine_start: int = SPINE_START
    spine_end: int = SPINE_END

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "total": self.total,
            "families": [
                {
                    "family": bone.family,
                    "label": bone.label,
                    "count": bone.count,
                    "categories": [
                        {"category": r.category, "label": r.label, "count": r.count, "link": r.link}
                        for r in bone.ribs
                    ],
                }
                for bone in self.bones
            ],
        }


def category_counts(hazards: QuerySet[Hazard], kind: str, period: Period) -> dict[str, int]:
    rows = (
        hazards.filter(place__kind=kind, found_on__gte=period.start, found_on__lte=period.end)
        .order_by()
        .values_list("category")
        .annotate(n=Count("id"))
    )
    return dict(rows)  # type: ignore[arg-type]


def kinds_with_hazards(hazards: QuerySet[Hazard], period: Period) -> list[tuple[str, str, int]]:
    rows = dict(
        hazards.filter(found_on__gte=period.start, found_on__lte=period.end)
        .order_by()
        .values_list("place__kind")
        .annotate(n=Count("id"))
    )
    return [(code, label, rows[code]) for code, label in PlaceKind.choices if rows.get(code)]


@reads_from_replica
def build_fishbone(hazards: QuerySet[Hazard], area: Area, kind: str, period: Period) -> Fishbone:
    counts = category_counts(hazards, kind, period)
    labels = dict(HazardCategory.choices)
    bones = []
    for family, family_label in CauseFamily.choices:
        codes = [code for code in HazardCategory.values if CATEGORY_FAMILY.get(code) == family]
        ribs = [
            Rib(
                code,
                labels[code],
                counts.get(code, 0),
                list_link(
                    "hazard-list",
                    within=area.pk,
                    category=code,
                    place_kind=kind,
                    found_from=period.start.isoformat(),
                    found_to=period.end.isoformat(),
                ),
            )
            for code in codes
        ]
        ribs.sort(key=lambda rib: -rib.count)
        bone = Bone(family, family_label, sum(r.count for r in ribs), ribs)
        place_bone(bone)
        bones.append(bone)
    # every category belongs to a family (a test keeps it so), so the bones add up
    total = sum(bone.count for bone in bones)
    return Fishbone(kind, dict(PlaceKind.choices).get(kind, kind), total, bones)


def place_bone(bone: Bone) -> None:
    """Geometry: the bone runs from its root on the spine outwards and back;
    ribs are spread along it, each a short horizontal line to the left."""
    root_x, direction = BONE_ROOTS[CauseFamily(bone.family)]
    bone.x1, bone.y1 = root_x, SPINE_Y
    bone.x2, bone.y2 = root_x - BONE_RUN, SPINE_Y + direction * BONE_RISE
    n = len(bone.ribs)
    for i, rib in enumerate(bone.ribs):
        t = (i + 1) / (n + 1)
        x = bone.x1 + (bone.x2 - bone.x1) * t
        rib.y = SPINE_Y + direction * BONE_RISE * t
        rib.x1, rib.x2 = x - 150, x
