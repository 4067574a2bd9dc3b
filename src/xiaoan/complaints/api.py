"""API of the 12345 work orders: /api/complaints and /api/complaints/imports."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from . import queries, services
from .duplicates import duplicates_of
from .filters import ComplaintFilter
from .models import Complaint, ImportJob
from .views import check_upload

router = Router(tags=["complaints"])


class ComplaintOut(Schema):
    id: int
    number: str
    received_at: dt.datetime
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
    fire_related: bool | None
    hazard_category: str
    classified_by: str
    placed_by: str
    version: int

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
@paginate(LimitOffsetPagination)
def list_complaints(request: HttpRequest, filters: Query[ComplaintFilter]) -> Any:
    return filters.filter(queries.visible_complaints(request.user))


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
    return 202, {"id": job.pk, "status": job.status}


@router.get("/complaints/{int:complaint_id}", response=ComplaintDetailOut, summary="一个工单")
def get_complaint(request: HttpRequest, complaint_id: int) -> Any:
    return get_visible_or_404(
        Complaint.objects.select_related("area"), request.user, pk=complaint_id
    )


from .triage_api import router as triage_router  # noqa: E402  (after the routes above)

router.add_router("/", triage_router)
