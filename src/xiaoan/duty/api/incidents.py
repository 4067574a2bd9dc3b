"""API of incidents and urgent reports: /api/incidents, their reports, and the on-time rate."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.inputs import InputSchema, PatchSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.places.models import Place

from .. import queries, services
from ..filters import IncidentFilter
from ..models import Incident, UrgentReport
from .common import router, visible


class ReportOut(Schema):
    id: int
    kind: str
    recipient: str
    channel: str
    sent_at: dt.datetime
    content: str
    sent_by: str | None

    @staticmethod
    def resolve_sent_by(obj: UrgentReport) -> str | None:
        return str(obj.sent_by) if obj.sent_by_id else None


class IncidentOut(Schema):
    id: int
    alarm_at: dt.datetime
    kind: str
    address: str
    area_id: int
    area_name: str
    place_id: int | None
    place_name: str
    sensitive_venue: str
    dead: int
    injured: int
    trapped: int
    description: str
    report_required: bool
    report_deadline: dt.datetime | None
    report_reasons: str
    first_report_at: dt.datetime | None
    state: str
    minutes_left: int | None
    version: int

    @staticmethod
    def resolve_area_name(obj: Incident) -> str:
        return obj.area.name

    @staticmethod
    def resolve_state(obj: Incident) -> str:
        return queries.clock_state(obj)

    @staticmethod
    def resolve_minutes_left(obj: Incident) -> int | None:
        return obj.minutes_left()


class IncidentDetailOut(IncidentOut):
    reports: list[ReportOut]

    @staticmethod
    def resolve_reports(obj: Incident) -> list[UrgentReport]:
        return list(obj.reports.select_related("sent_by").order_by("sent_at", "id"))


class IncidentIn(InputSchema):
    alarm_at: dt.datetime
    kind: str
    address: str
    area_id: int
    place_id: int | None = None
    place_name: str = ""
    sensitive_venue: str = ""
    dead: int = 0
    injured: int = 0
    trapped: int = 0
    description: str = ""


class IncidentPatch(PatchSchema):
    version: int
    alarm_at: dt.datetime | None = None
    kind: str | None = None
    address: str | None = None
    place_name: str | None = None
    sensitive_venue: str | None = None
    dead: int | None = None
    injured: int | None = None
    trapped: int | None = None
    description: str | None = None


class ReportIn(InputSchema):
    kind: str
    recipient: str
    channel: str
    content: str
    sent_at: dt.datetime | None = None


class RateOut(Schema):
    start: dt.date
    end: dt.date
    reported_on_time: int
    required: int
    rate: float | None
    areas: list[dict[str, Any]]


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A time without a zone is Beijing time."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=clock.LOCAL_TZ)
    return moment


@router.get("/incidents", response=list[IncidentOut], tags=["incidents"], summary="警情列表")
@paginate(BoundedPagination)
def list_incidents(request: HttpRequest, filters: Query[IncidentFilter]) -> Any:
    qs = Incident.objects.restrict(request.user).select_related("area")
    return filters.filter(qs).order_by("-alarm_at", "-id")


@router.get(
    "/incidents/on-time-rate",
    response=RateOut,
    tags=["incidents"],
    summary="紧急信息按时报送率（按接警日期，北京时间；分下级区域）",
)
def on_time_rate(request: HttpRequest, start: dt.date, end: dt.date) -> Any:
    if start > end:
        raise XiaoanError("开始日期晚于结束日期。")
    on_time, required, rate = queries.on_time_rate(request.user, start, end)
    areas = [
        {
            "area_id": r.area.pk,
            "area_name": r.area.name,
            "required": r.required,
            "reported_on_time": r.on_time,
            "late": r.late,
            "rate": r.rate,
        }
        for r in queries.rates_by_area(request.user, start, end)
    ]
    return {
        "start": start,
        "end": end,
        "reported_on_time": on_time,
        "required": required,
        "rate": rate,
        "areas": areas,
    }


@router.get(
    "/incidents/{int:incident_id}",
    response=IncidentDetailOut,
    tags=["incidents"],
    summary="一起警情",
)
def get_incident(request: HttpRequest, incident_id: int) -> Any:
    return get_visible_or_404(Incident.objects.select_related("area"), request.user, pk=incident_id)


@router.post(
    "/incidents",
    response={201: IncidentDetailOut},
    tags=["incidents"],
    summary="登记警情（按规则判断是否须紧急报送并开始计时）",
)
def create_incident(request: HttpRequest, payload: IncidentIn) -> Any:
    data = payload.dict(exclude={"area_id", "alarm_at", "place_id"})
    incident = services.do_record_incident(
        acting_user=request.user,  # type: ignore[arg-type]
        area=visible(Area, request, payload.area_id),
        place=visible(Place, request, payload.place_id),
        alarm_at=payload.alarm_at
        if payload.alarm_at.tzinfo
        else payload.alarm_at.replace(tzinfo=clock.LOCAL_TZ),
        **data,
    )
    return Status(201, incident)


@router.patch(
    "/incidents/{int:incident_id}",
    response=IncidentDetailOut,
    tags=["incidents"],
    summary="修改警情（须带当前版本号 version）",
)
def patch_incident(request: HttpRequest, incident_id: int, payload: IncidentPatch) -> Any:
    incident = get_visible_or_404(
        Incident.objects.select_related("area"), request.user, pk=incident_id
    )
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    if "alarm_at" in changes:
        changes["alarm_at"] = aware(changes["alarm_at"])
    return services.do_update_incident(
        incident,
        acting_user=request.user,  # type: ignore[arg-type]
        expected_version=payload.version,
        **changes,
    )


@router.post(
    "/incidents/{int:incident_id}/reports",
    response={201: ReportOut},
    tags=["incidents"],
    summary="报送（首报、续报、终报）；不填 sent_at 为现在",
)
def send_report(request: HttpRequest, incident_id: int, payload: ReportIn) -> Any:
    incident = get_visible_or_404(
        Incident.objects.select_related("area"), request.user, pk=incident_id
    )
    report = services.do_send_report(
        incident,
        acting_user=request.user,  # type: ignore[arg-type]
        kind=payload.kind,
        recipient=payload.recipient,
        channel=payload.channel,
        content=payload.content,
        sent_at=aware(payload.sent_at),
    )
    return Status(201, report)
