"""API of inspections announced by higher levels: /api/upcoming-inspections and their checklists."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Area, Organisation
from xiaoan.core.inputs import InputSchema, PatchSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.directives.models import Task

from .. import services
from ..filters import UpcomingInspectionFilter
from ..models import UpcomingInspection
from .common import router, visible


class ChecklistItemOut(Schema):
    task_id: int
    title: str
    owner: str
    deadline: dt.date | None
    status: str


class UpcomingInspectionOut(Schema):
    id: int
    title: str
    inspecting_body: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    date_note: str
    location: str
    focus: str
    summary: str
    area_id: int
    host_organisation_id: int | None
    version: int


class UpcomingInspectionDetailOut(UpcomingInspectionOut):
    checklist: list[ChecklistItemOut]

    @staticmethod
    def resolve_checklist(obj: Any) -> list[dict[str, Any]]:
        return list(getattr(obj, "checklist_items", []))


class UpcomingInspectionIn(InputSchema):
    title: str
    inspecting_body: str
    area_id: int
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    date_note: str = ""
    location: str = ""
    focus: str = ""
    summary: str = ""
    host_organisation_id: int | None = None


class UpcomingInspectionPatch(PatchSchema):
    nullable = frozenset({"starts_on", "ends_on", "host_organisation_id"})

    version: int
    #: why it is corrected (修改原因), kept in the history
    reason: str = ""
    title: str | None = None
    inspecting_body: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    date_note: str | None = None
    location: str | None = None
    focus: str | None = None
    host_organisation_id: int | None = None
    summary: str | None = None


class ChecklistItemIn(InputSchema):
    title: str
    owner_id: int
    deadline: dt.date | None = None
    description: str = ""


def detail(request: HttpRequest, inspection: UpcomingInspection) -> UpcomingInspection:
    ids = inspection.checklist.values_list("task_id", flat=True)
    tasks = (
        Task.objects.restrict(request.user).filter(pk__in=ids).select_related("lead_organisation")
    )
    inspection.checklist_items = [  # type: ignore[attr-defined]
        {
            "task_id": t.pk,
            "title": t.title,
            "owner": t.lead_organisation.name,
            "deadline": t.deadline,
            "status": t.status,
        }
        for t in tasks.order_by("deadline", "id")
    ]
    return inspection


@router.get(
    "/upcoming-inspections",
    response=list[UpcomingInspectionOut],
    tags=["upcoming-inspections"],
    summary="迎检列表（上级检查组、调研）",
)
@paginate(BoundedPagination)
def list_inspections(request: HttpRequest, filters: Query[UpcomingInspectionFilter]) -> Any:
    qs = UpcomingInspection.objects.restrict(request.user)
    return filters.filter(qs).order_by("starts_on", "id")


@router.get(
    "/upcoming-inspections/{int:inspection_id}",
    response=UpcomingInspectionDetailOut,
    tags=["upcoming-inspections"],
    summary="一次迎检及其准备清单",
)
def get_inspection(request: HttpRequest, inspection_id: int) -> Any:
    inspection = get_visible_or_404(
        UpcomingInspection.objects.all(), request.user, pk=inspection_id
    )
    return detail(request, inspection)


@router.post(
    "/upcoming-inspections",
    response={201: UpcomingInspectionDetailOut},
    tags=["upcoming-inspections"],
    summary="登记迎检",
)
def create_inspection(request: HttpRequest, payload: UpcomingInspectionIn) -> Any:
    data = payload.dict(exclude={"area_id", "host_organisation_id"})
    inspection = services.do_announce_inspection(
        acting_user=request.user,  # type: ignore[arg-type]
        area=visible(Area, request, payload.area_id),
        host_organisation=visible(Organisation, request, payload.host_organisation_id),
        **data,
    )
    return Status(201, detail(request, inspection))


@router.patch(
    "/upcoming-inspections/{int:inspection_id}",
    response=UpcomingInspectionDetailOut,
    tags=["upcoming-inspections"],
    summary="修改迎检（须带当前版本号 version）",
)
def patch_inspection(
    request: HttpRequest, inspection_id: int, payload: UpcomingInspectionPatch
) -> Any:
    inspection = get_visible_or_404(
        UpcomingInspection.objects.select_related("area"), request.user, pk=inspection_id
    )
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    if "host_organisation_id" in changes:
        changes["host_organisation"] = visible(
            Organisation, request, changes.pop("host_organisation_id")
        )
    updated = services.do_update_inspection(
        inspection,
        acting_user=request.user,  # type: ignore[arg-type]
        expected_version=payload.version,
        reason=payload.reason,
        **changes,
    )
    return detail(request, updated)


@router.post(
    "/upcoming-inspections/{int:inspection_id}/checklist",
    response={201: UpcomingInspectionDetailOut},
    tags=["upcoming-inspections"],
    summary="添加准备事项（作为督办任务交办给责任单位）",
)
def add_checklist_item(request: HttpRequest, inspection_id: int, payload: ChecklistItemIn) -> Any:
    inspection = get_visible_or_404(
        UpcomingInspection.objects.select_related("area"), request.user, pk=inspection_id
    )
    services.do_add_checklist_item(
        inspection,
        acting_user=request.user,  # type: ignore[arg-type]
        title=payload.title,
        owner=visible(Organisation, request, payload.owner_id),
        deadline=payload.deadline,
        description=payload.description,
    )
    return Status(201, detail(request, inspection))
