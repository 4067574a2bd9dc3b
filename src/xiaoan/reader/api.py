"""The reader's API: read a text into proposals (nothing is created), and the
confirmed readings of one's area."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.inputs import InputSchema, SourceText
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .filters import ReadingFilter
from .models import BriefingReading
from .parsing import MAX_CHARS, read_briefing

router = Router(tags=["reader"])


class ReadIn(InputSchema):
    text: SourceText


class CreatedOut(Schema):
    kind: str
    label: str
    span_start: int
    span_end: int
    url: str


class ReadingOut(Schema):
    id: int
    title: str
    document_date: dt.date | None
    source_name: str
    area_id: int
    confirmed_by_id: int | None
    created_at: dt.datetime
    note: str


class ReadingDetailOut(ReadingOut):
    records: list[CreatedOut]

    @staticmethod
    def resolve_records(obj: BriefingReading) -> list[Any]:
        return list(obj.records.all())


@router.post("/reader/read", summary="识别一段通报文字，返回建议（不创建记录）")
def read(request: HttpRequest, payload: ReadIn) -> Any:
    if not actor(request).can(Permission.ASSIGN_TASKS):
        raise PermissionDeniedError("您的角色无权识别通报。")
    if len(payload.text) > MAX_CHARS:
        raise XiaoanError(f"文本过长（{len(payload.text)} 字），最多 {MAX_CHARS} 字。")
    return read_briefing(payload.text, base_date=clock.today()).as_dict()


@router.get("/reader/readings", response=list[ReadingOut], summary="已确认的通报识别记录")
@paginate(BoundedPagination)
def list_readings(request: HttpRequest, filters: Query[ReadingFilter]) -> Any:
    qs = BriefingReading.objects.restrict(request.user)
    return filters.filter(qs).order_by("-created_at", "-id")


@router.get(
    "/reader/readings/{int:reading_id}",
    response=ReadingDetailOut,
    summary="一次通报识别及其创建的记录",
)
def get_reading(request: HttpRequest, reading_id: int) -> Any:
    return get_visible_or_404(BriefingReading.objects.all(), request.user, pk=reading_id)
