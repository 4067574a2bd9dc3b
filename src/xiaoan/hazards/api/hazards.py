"""/api/hazards: hazards and their lifecycle."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.core.errors import XiaoanError
from xiaoan.core.inputs import InputSchema
from xiaoan.core.paging import BoundedPagination, IdsFirst
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.text import TEXT_MAX, clean_text, too_long_message
from xiaoan.core.views import actor

from .. import queries, services
from ..choices import HazardCategory, HazardState
from ..filters import HazardFilter
from ..models import Hazard
from .common import router

HAZARD_RELATED = ("place", "area")
#: labels by code, looked up per row (Django's get_FOO_display hashes the choices on every call)
CATEGORY_LABELS = dict(HazardCategory.choices)
STATE_LABELS = dict(HazardState.choices)


class HazardOut(Schema):
    id: int
    place_id: int
    place_name: str
    inspection_id: int | None
    category: str
    category_label: str
    severity: str
    gb35181_version: str
    major_element: str
    description: str
    responsible_party: str
    responsible_organisation_id: int | None
    deadline: dt.date | None
    state: str
    state_label: str
    overdue: bool
    found_on: dt.date
    closed_on: dt.date | None
    area_id: int
    area_name: str
    campaign_id: int | None
    version: int

    @staticmethod
    def resolve_place_name(obj: Hazard) -> str:
        return obj.place.name

    @staticmethod
    def resolve_category_label(obj: Hazard) -> str:
        return CATEGORY_LABELS.get(obj.category, obj.category)

    @staticmethod
    def resolve_state_label(obj: Hazard) -> str:
        return STATE_LABELS.get(obj.state, obj.state)

    @staticmethod
    def resolve_overdue(obj: Hazard) -> bool:
        return queries.is_overdue(obj)

    @staticmethod
    def resolve_area_name(obj: Hazard) -> str:
        return obj.area.name


class HazardDetailOut(HazardOut):
    allowed_actions: list[str]


@router.get("/hazards", response=list[HazardOut], tags=["hazards"], summary="火灾隐患")
@paginate(BoundedPagination)
def list_hazards(request: HttpRequest, filters: Query[HazardFilter]) -> Any:
    # the page's ids are sorted from the open hazards' index alone; then its 50
    # rows are loaded with their areas and places
    qs = filters.filter(Hazard.objects.restrict(request.user).select_related("area", "place"))
    return IdsFirst(qs.order_by("-found_on", "-id"))


def hazard_detail(request: HttpRequest, hazard_id: int) -> Hazard:
    hazard = get_visible_or_404(
        Hazard.objects.select_related(*HAZARD_RELATED), request.user, pk=hazard_id
    )
    hazard.allowed_actions = services.allowed_actions(hazard, actor(request))  # type: ignore[attr-defined]
    return hazard


@router.get(
    "/hazards/{int:hazard_id}", response=HazardDetailOut, tags=["hazards"], summary="一处隐患"
)
def get_hazard(request: HttpRequest, hazard_id: int) -> Any:
    return hazard_detail(request, hazard_id)


class HazardMoveIn(InputSchema):
    action: str
    note: str = ""


@router.post(
    "/hazards/{int:hazard_id}/transitions",
    response=HazardDetailOut,
    tags=["hazards"],
    summary="开始整改 / 验收销号（accept）/ 验收不通过 / 复查未通过重新整改",
)
def move_hazard(request: HttpRequest, hazard_id: int, payload: HazardMoveIn) -> Any:
    """Actions: start, verify, reject (needs note), reopen (needs note). Reporting the
    fix needs evidence files: use the page or POST /hazards/{id}/rectifications."""
    hazard = get_visible_or_404(Hazard.objects.all(), request.user, pk=hazard_id)
    user = actor(request)
    if payload.action == "start":
        services.do_start_rectifying(hazard, acting_user=user)
    elif payload.action in ("verify", "reject"):
        services.do_verify(
            hazard, acting_user=user, accept=payload.action == "verify", note=payload.note
        )
    elif payload.action == "reopen":
        services.do_reopen(hazard, acting_user=user, reason=payload.note)
    else:
        from xiaoan.core.errors import InvalidTransitionError

        raise InvalidTransitionError(f"未知操作：{payload.action}")
    return hazard_detail(request, hazard_id)


class RectificationOut(Schema):
    id: int
    hazard_id: int
    reported_on: dt.date
    text: str
    verdict: str


@router.post(
    "/hazards/{int:hazard_id}/rectifications",
    response={201: RectificationOut},
    tags=["hazards"],
    summary="报告整改完成（multipart：text 与 files，至少一个证明文件）",
)
def report_fixed(request: HttpRequest, hazard_id: int) -> Any:
    hazard = get_visible_or_404(Hazard.objects.all(), request.user, pk=hazard_id)
    files: list[tuple[str, Any]] = [(f.name or "file", f) for f in request.FILES.getlist("files")]
    # read from the form by hand (for the files), so cleaned and limited here like any schema field
    text = clean_text(request.POST.get("text", ""))
    if len(text) > TEXT_MAX:
        raise XiaoanError(f"text：{too_long_message(TEXT_MAX)}")
    return Status(
        201,
        services.do_report_fixed(hazard, acting_user=actor(request), text=text, photos=files),
    )
