"""/api/coverage and /api/trace-back."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Schema

from xiaoan.areas.models import Area
from xiaoan.core.errors import XiaoanError
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor
from xiaoan.directives.models import Campaign, Phase
from xiaoan.places.models import Place

from .. import queries
from ..models import Hazard
from .common import router


class AreaCoverageOut(Schema):
    area_id: int
    area_name: str
    in_scope: int
    inspected: int
    percent: float


class PlaceRef(Schema):
    id: int
    name: str
    area_name: str

    @staticmethod
    def resolve_area_name(obj: Place) -> str:
        return obj.area.name


class CoverageOut(Schema):
    area_id: int
    start: dt.date
    end: dt.date
    in_scope: int
    inspected: int
    percent: float
    by_area: list[AreaCoverageOut]
    not_inspected: list[PlaceRef]
    not_inspected_count: int


@router.get("/coverage", response=CoverageOut, tags=["coverage"], summary="检查覆盖率")
def coverage(
    request: HttpRequest,
    area: int | None = None,
    phase: int | None = None,
    campaign: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds: str | None = None,
    limit: int = 200,
) -> Any:
    """For a campaign phase (its dates), a campaign, or any start–end range: the
    places in scope in an area, how many were inspected, by child area, and the
    ones not yet inspected (first `limit`). `kinds` is a comma-separated list of place kinds."""
    user = actor(request)
    target_area = get_visible_or_404(Area.objects.all(), user, pk=area) if area else user.area
    campaign_id = None
    if phase is not None:
        chosen = get_visible_or_404(Phase.objects.select_related("campaign"), user, pk=phase)
        start, end, campaign_id = chosen.start, chosen.end, chosen.campaign_id
    elif campaign is not None:
        chosen_campaign = get_visible_or_404(Campaign.objects.all(), user, pk=campaign)
        start, end, campaign_id = (
            start or chosen_campaign.start,
            end or chosen_campaign.end,
            chosen_campaign.pk,
        )
    if start is None or end is None:
        raise XiaoanError("请指定阶段（phase）、专项行动（campaign）或起止日期（start、end）。")
    result = queries.coverage(
        Place.objects.restrict(user),
        area=target_area,
        start=start,
        end=end,
        kinds=[k for k in (kinds or "").split(",") if k] or None,
        campaign_id=campaign_id,
    )
    missing = result.not_inspected
    return {
        "area_id": target_area.pk,
        "start": start,
        "end": end,
        "in_scope": result.in_scope,
        "inspected": result.inspected,
        "percent": result.percent,
        "by_area": [
            {
                "area_id": a.area.pk,
                "area_name": a.area.name,
                "in_scope": a.in_scope,
                "inspected": a.inspected,
                "percent": a.percent,
            }
            for a in result.by_area
        ],
        "not_inspected": list(missing[: max(0, min(limit, 1000))]) if missing is not None else [],
        "not_inspected_count": missing.count() if missing is not None else 0,
    }


class InspectorOut(Schema):
    id: int
    name: str


class MissedOut(Schema):
    inspection_id: int
    at: dt.datetime
    kind: str
    organisation: str
    reason: str
    inspectors: list[InspectorOut]


class TraceBackOut(Schema):
    hazard_id: int
    window_days: int
    missed: list[MissedOut]


@router.get(
    "/trace-back",
    response=TraceBackOut,
    tags=["trace-back"],
    summary="倒查：此前未发现该隐患的检查及签字人",
)
def trace_back(
    request: HttpRequest, hazard: int, window_days: int = queries.TRACE_BACK_DAYS
) -> Any:
    found = get_visible_or_404(Hazard.objects.all(), request.user, pk=hazard)
    return {
        "hazard_id": found.pk,
        "window_days": window_days,
        "missed": [
            {
                "inspection_id": m.inspection.pk,
                "at": m.inspection.at,
                "kind": m.inspection.get_kind_display(),
                "organisation": m.inspection.organisation.name,
                "reason": m.reason,
                "inspectors": [{"id": u.pk, "name": str(u)} for u in m.inspectors],
            }
            for m in queries.trace_back(found, window_days)
        ],
    }
