"""API of the 12345 work orders: /api/complaints and /api/complaints/imports.

The caller's name and number are masked; roles with view_personal_data reveal
one order's at a time (POST /api/complaints/{id}/personal, logged)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from xiaoan.areas.roles import Permission
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.personal import reveal
from xiaoan.core.pii import mask_name, mask_phone
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from . import queries, services
from .correction_api import router as correction_router
from .duplicates import duplicates_of
from .filters import ComplaintFilter
from .handling_api import router as handling_router
from .handling_queries import with_overdue
from .models import CALLER_FIELDS, Complaint, ImportJob
from .stats_params import stats_request
from .triage_api import router as triage_router
from .views import check_upload

router = Router(tags=["complaints"])
router.add_router("", handling_router)
router.add_router("", correction_router)


class ComplaintOut(Schema):
    id: int
    number: str
    received_at: dt.datetime
    #: masked (张*明, 138****1234)
    caller_name: str
    caller_phone: str
    channel: str
    kind: str
    urgency: str
    category: str
    title: str
    content: str
    address: str
    handling_unit: str
    assigned_at: dt.datetime | None
    due_at: dt.datetime | None
    status: str
    replied_at: dt.datetime | None
    reply: str
    closed_at: dt.datetime | None
    satisfaction: str
    area_id: int | None
    area_name: str | None
    handling_state: str
    handling_state_label: str
    handling_organisation_id: int | None
    handling_organisation_name: str | None
    dispatched_at: dt.datetime | None
    handling_deadline: dt.date | None
    overdue: bool
    handling_reply: str
    handling_replied_at: dt.datetime | None
    handling_closed_at: dt.datetime | None
    hazard_id: int | None
    fire_related: bool | None
    hazard_category: str
    classified_by: str
    placed_by: str
    version: int

    @staticmethod
    def resolve_caller_name(obj: Complaint) -> str:
        return mask_name(obj.caller_name)

    @staticmethod
    def resolve_caller_phone(obj: Complaint) -> str:
        return mask_phone(obj.caller_phone)

    @staticmethod
    def resolve_handling_state_label(obj: Complaint) -> str:
        return obj.get_handling_state_display()

    @staticmethod
    def resolve_handling_organisation_name(obj: Complaint) -> str | None:
        unit = obj.handling_organisation
        return unit.name if unit else None

    @staticmethod
    def resolve_overdue(obj: Complaint) -> bool:
        from .handling_queries import is_overdue

        return bool(getattr(obj, "overdue", None) or is_overdue(obj))

    @staticmethod
    def resolve_area_name(obj: Complaint) -> str | None:
        return obj.area.name if obj.area else None


class DuplicateOut(Schema):
    id: int
    number: str
    received_at: dt.datetime
    title: str
    similarity: float


class ComplaintDetailOut(ComplaintOut):
    raw: dict[str, Any]
    duplicates: list[DuplicateOut]

    @staticmethod
    def resolve_duplicates(obj: Complaint) -> list[dict[str, Any]]:
        return [
            {
                "id": other.pk,
                "number": other.number,
                "received_at": other.received_at,
                "title": other.title,
                "similarity": score,
            }
            for other, score in duplicates_of(obj)
        ]


class RowErrorOut(Schema):
    row: int
    column: str
    reason: str


class ImportJobOut(Schema):
    id: int
    status: str
    status_label: str
    original_name: str
    rows: int
    done: int
    percent: int
    imported: int
    updated: int
    rejected: int
    errors: list[RowErrorOut]
    message: str
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_rows(obj: ImportJob) -> int:
        return obj.total

    @staticmethod
    def resolve_status_label(obj: ImportJob) -> str:
        return obj.get_status_display()


class ImportStarted(Schema):
    id: int
    status: str


@router.get("/complaints", response=list[ComplaintOut], summary="12345 工单")
@paginate(BoundedPagination)
def list_complaints(request: HttpRequest, filters: Query[ComplaintFilter]) -> Any:
    qs = filters.filter(queries.visible_complaints(request.user))
    return with_overdue(qs).select_related("handling_organisation")


@router.get(
    "/complaints/imports/{int:job_id}", response=ImportJobOut, summary="一次导入的进度和结果"
)
def get_import(request: HttpRequest, job_id: int) -> Any:
    return get_visible_or_404(ImportJob.objects.all(), request.user, pk=job_id)


@router.post(
    "/complaints/imports",
    response={202: ImportStarted},
    summary="上传 12345 导出文件（.xlsx/.csv），在后台导入",
)
def start_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    check_upload(file)
    job = services.do_start_import(
        acting_user=actor(request), upload=file, name=file.name or "12345.xlsx"
    )
    return Status(202, {"id": job.pk, "status": job.status})


@router.get("/complaints/{int:complaint_id}", response=ComplaintDetailOut, summary="一个工单")
def get_complaint(request: HttpRequest, complaint_id: int) -> Any:
    return get_visible_or_404(
        Complaint.objects.select_related("area", "handling_organisation"),
        request.user,
        pk=complaint_id,
    )


class CallerOut(Schema):
    caller_name: str
    caller_phone: str


@router.post(
    "/complaints/{int:complaint_id}/personal",
    response=CallerOut,
    summary="查看来电人姓名和号码原文（需 view_personal_data 权限，记入安全审计日志）",
)
def reveal_caller(request: HttpRequest, complaint_id: int) -> Any:
    complaint = get_visible_or_404(Complaint.objects.all(), request.user, pk=complaint_id)
    reveal(request, complaint, CALLER_FIELDS, permission=Permission.VIEW_PERSONAL_DATA)
    return {"caller_name": complaint.caller_name, "caller_phone": complaint.caller_phone}


# ----- /api/complaints/stats -----


class GrowthOut(Schema):
    current: int
    base: int | None
    pct: float | None
    label: str
    kind: str


class CategoryOut(Schema):
    key: str
    label: str
    count: int
    share: float
    yoy: GrowthOut


class AreaRankOut(Schema):
    rank: int
    area_id: int
    name: str
    count: int
    share: float
    yoy: GrowthOut


class ComplaintDayOut(Schema):
    day: dt.date
    count: int | None


class StatsAreaOut(Schema):
    id: int
    code: str
    name: str


class StatsOut(Schema):
    start: dt.date
    end: dt.date
    area: StatsAreaOut
    fire_related: bool | None
    count: int
    yoy: GrowthOut
    pop: GrowthOut
    yoy_start: dt.date
    yoy_end: dt.date
    pop_start: dt.date
    pop_end: dt.date
    by_category: list[CategoryOut]
    by_area: list[AreaRankOut]
    daily: list[ComplaintDayOut]
    last_year_daily: list[ComplaintDayOut]


@router.get(
    "/complaints/stats", response=StatsOut, summary="12345 工单统计：同比、环比、分类、分区域排名"
)
def complaint_stats(
    request: HttpRequest,
    start: dt.date | None = None,
    end: dt.date | None = None,
    area: int | None = None,
    fire_related: bool | None = None,
) -> Any:
    """Counts of the orders received from `start` to `end` (local dates, both
    included; by default this month to today) in `area` (by default the user's
    own; an area outside it is 404), optionally only those about fire safety."""
    asked = stats_request(
        request.user, start=start, end=end, area_id=area, fire_related=fire_related
    )
    summary = asked.summary(request.user)
    return {
        **vars(summary),
        "area": asked.area,
        "fire_related": asked.fire_related,
        "yoy_start": summary.yoy_period.start,
        "yoy_end": summary.yoy_period.end,
        "pop_start": summary.pop_period.start,
        "pop_end": summary.pop_period.end,
    }


router.add_router("/", triage_router)  # after the routes above
