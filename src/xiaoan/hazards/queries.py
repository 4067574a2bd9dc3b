"""Read-side of hazard elimination: overdue, coverage, trace-back, visit totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.core.scoping import PATH_SEGMENT_WIDTH, subtree_filter
from xiaoan.places.models import Place

from .choices import OPEN_STATES, HazardState, InspectionKind, InspectionResult
from .deadlines import late_on
from .models import Hazard, Inspection, SupervisionVisit

#: how far back trace-back looks for earlier clean inspections, by default
TRACE_BACK_DAYS = 90


def is_overdue(hazard: Hazard, today: dt.date | None = None) -> bool:
    day = today or clock.today()
    return hazard.state in OPEN_STATES and hazard.deadline is not None and hazard.deadline < day


def overdue_filter(today: dt.date | None = None) -> Q:
    return Q(state__in=OPEN_STATES, deadline__lt=today or clock.today())


def overdue_on_filter(day: dt.date) -> Q:
    """Hazards that were overdue on a past `day`: found by then, past the deadline
    in force that day (an extension granted later does not count), and not
    closed by then. See `deadlines`."""
    return Q(found_on__lte=day) & late_on(day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def overdue_on_parts(day: dt.date) -> tuple[Q, Q]:
    """`overdue_on_filter(day)` as two disjoint conditions whose counts add up to
    its count: hazards not closed now, and hazards closed after `day`.

    The single condition with its OR can only be answered by reading every
    hazard of the subtree; each part is a range on one index (the unclosed
    hazards by area path; the closed ones by closing day, a few days' worth)."""
    late = Q(found_on__lte=day) & late_on(day)
    return late & Q(closed_on__isnull=True), late & Q(closed_on__gt=day)


# ----- coverage -----


@dataclass
class AreaCoverage:
    area: Area
    in_scope: int
    inspected: int

    @property
    def percent(self) -> float:
        return round(self.inspected * 100 / self.in_scope, 1) if self.in_scope else 0.0


@dataclass
class Coverage:
    in_scope: int
    inspected: int
    by_area: list[AreaCoverage] = field(default_factory=list)
    not_inspected: QuerySet[Place] | None = None
    #: places in scope per child area path (the same for any dates: reusable)
    in_scope_by_child: dict[str, int] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return round(self.inspected * 100 / self.in_scope, 1) if self.in_scope else 0.0


def coverage(
    places: QuerySet[Place],
    *,
    area: Area,
    start: dt.date,
    end: dt.date,
    kinds: list[str] | None = None,
    campaign_id: int | None = None,
    in_scope_by_child: dict[str, int] | None = None,
    every_place_visible: bool = False,
) -> Coverage:
    """Places in scope (visible ones in `area`, optionally of some kinds), and how
    many had a complete inspection (every listed inspector signed) with a result
    ("no hazard" counts) between start and end (and in the campaign, if given); by child area, with the ones not yet inspected.

    Counted in the database, grouped by the child area each place lies in (the
    prefix of its area path), in two queries whatever the number of places.
    `in_scope_by_child`, from an earlier result for the same places, area and
    kinds, saves the first one. `every_place_visible` says that `places` holds
    every place of `area` (the area lies within the user's scope): without kinds,
    the inspected places are then counted from the inspections' own area paths,
    without reading the places at all."""
    scope = places.filter(subtree_filter("area_path", area.path))
    if kinds:
        scope = scope.filter(kind__in=kinds)
    done = Inspection.objects.filter(
        # a range of moments, not `at__date`: no per-row date conversion, and the index serves
        at__gte=clock.start_of_day(start),
        at__lt=clock.start_of_day(end + dt.timedelta(days=1)),
        result__in=[InspectionResult.HAZARDS_FOUND, InspectionResult.NO_HAZARD],
        # complete: every listed inspector has signed (排查人清单签字)
        completed_at__isnull=False,
    )
    if campaign_id is not None:
        done = done.filter(campaign_id=campaign_id)
    inspected = scope.filter(pk__in=done.values("place_id"))
    child = Substr("area_path", 1, len(area.path) + PATH_SEGMENT_WIDTH)

    def by_child(queryset: QuerySet[Place]) -> dict[str, int]:
        rows = (
            queryset.order_by().annotate(child=child).values_list("child").annotate(n=Count("id"))
        )
        return dict(rows)  # type: ignore[arg-type]

    totals = by_child(scope) if in_scope_by_child is None else in_scope_by_child
    if every_place_visible and not kinds:
        visited = inspected_by_child(done, area)
    else:
        visited = by_child(inspected)
    by_area = []
    if totals.get(area.path):
        # places registered on the area itself, not on any child
        by_area.append(AreaCoverage(area, totals[area.path], visited.get(area.path, 0)))
    for sub in Area.objects.filter(parent=area).order_by("path"):
        if totals.get(sub.path):
            by_area.append(AreaCoverage(sub, totals[sub.path], visited.get(sub.path, 0)))
    return Coverage(
        in_scope=sum(totals.values()),
        inspected=sum(visited.values()),
        by_area=by_area,
        in_scope_by_child=totals,
        not_inspected=scope.exclude(pk__in=done.values("place_id"))
        .select_related("area")
        .order_by("area__path", "name"),
    )


def inspected_by_child(done: QuerySet[Inspection], area: Area) -> dict[str, int]:
    """Distinct places among the inspections `done` in `area` and below, per child
    area path. An inspection carries its place's area path (places keep their area)."""
    child = Substr("area_path", 1, len(area.path) + PATH_SEGMENT_WIDTH)
    rows = (
        done.filter(subtree_filter("area_path", area.path))
        .order_by()
        .annotate(child=child)
        .values_list("child")
        .annotate(n=Count("place_id", distinct=True))
    )
    return dict(rows)  # type: ignore[arg-type]


# ----- trace-back -----


@dataclass
class MissedInspection:
    inspection: Inspection
    reason: str
    inspectors: list[Any]


def trace_back(hazard: Hazard, window_days: int = TRACE_BACK_DAYS) -> list[MissedInspection]:
    """Earlier inspections of the hazard's place, within the window before it was
    found, that reported no hazard — or found hazards but not this category —
    with their signed inspectors (倒查)."""
    since = hazard.found_on - dt.timedelta(days=window_days)
    # before the inspection that found it (same-day misses count), else before that day
    before = (
        hazard.inspection.at
        if hazard.inspection_id and hazard.inspection
        else dt.datetime.combine(hazard.found_on, dt.time.min, tzinfo=clock.LOCAL_TZ)
    )
    earlier = (
        Inspection.objects.filter(place_id=hazard.place_id, at__date__gte=since, at__lt=before)
        .exclude(result=InspectionResult.PENDING)
        .exclude(kind=InspectionKind.RECHECK)  # re-checks look only at their sampled hazards
        .prefetch_related("signatures__inspector", "hazards")
        .select_related("organisation")
        .order_by("-at")
    )
    missed = []
    for inspection in earlier:
        if inspection.pk == hazard.inspection_id:
            continue
        if inspection.result == InspectionResult.NO_HAZARD:
            reason = "报告未发现隐患"
        elif hazard.category not in {h.category for h in inspection.hazards.all()}:
            reason = f"发现了其他隐患，但未发现“{hazard.get_category_display()}”"
        else:
            continue
        signed = [s.inspector for s in inspection.signatures.all() if s.signed_at]
        missed.append(MissedInspection(inspection, reason, signed))
    return missed


# ----- supervision visits -----


#: how a visit's hazards are counted: each state falls in exactly one bucket, so
#: the buckets add up to the number found (已销号 + 待验收 + 未整改 = 发现)
VISIT_HAZARD_BUCKETS: dict[str, tuple[str, ...]] = {
    "closed_hazards": (HazardState.CLOSED,),
    "rectified_hazards": (HazardState.RECTIFIED,),
    "open_hazards": tuple(OPEN_STATES),
}


def visit_totals(visit: SupervisionVisit) -> dict[str, int]:
    """Places, hazards and enforcement actions of a visit, derived from its records.
    The hazards are split into closed, rectified awaiting verification, and still
    open, which sum to the total."""
    inspections = visit.inspections.all()
    hazards = Hazard.objects.filter(inspection__visit=visit)
    by_state = hazards_by_state(hazards)
    totals = {
        "inspections": inspections.count(),
        "places": inspections.values("place_id").distinct().count(),
        "hazards": hazards.count(),
    }
    for key, states in VISIT_HAZARD_BUCKETS.items():
        totals[key] = sum(by_state[s] for s in states)
    totals["enforcement_actions"] = visit.enforcement_actions.count()
    return totals


def hazards_by_state(hazards: QuerySet[Hazard]) -> dict[str, int]:
    counts = dict(hazards.order_by().values_list("state").annotate(n=Count("id")))
    return {state: counts.get(state, 0) for state in HazardState.values}
