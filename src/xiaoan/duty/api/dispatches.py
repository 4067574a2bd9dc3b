"""API of the daily dispatch: /api/dispatches (periods), their days, and submissions."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Area, Organisation
from xiaoan.core.errors import XiaoanError
from xiaoan.core.inputs import InputSchema, LocalTime
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404

from .. import queries, services
from ..filters import SubmissionFilter
from ..models import DispatchPeriod, DispatchSubmission
from .common import router, visible


class PeriodOut(Schema):
    id: int
    title: str
    start_date: dt.date
    end_date: dt.date | None
    due_time: LocalTime
    area_id: int
    organisation_ids: list[int]
    description: str
    version: int

    @staticmethod
    def resolve_organisation_ids(obj: DispatchPeriod) -> list[int]:
        return [o.pk for o in obj.organisations.all()]


class PeriodIn(InputSchema):
    title: str
    area_id: int
    start_date: dt.date
    end_date: dt.date | None = None
    due_time: LocalTime = dt.time(15, 0)
    organisation_ids: list[int]
    description: str = ""


class SubmissionOut(Schema):
    id: int
    period_id: int
    organisation_id: int
    organisation_name: str
    date: dt.date
    status: str
    content: str
    submitted_at: dt.datetime
    version: int

    @staticmethod
    def resolve_organisation_name(obj: DispatchSubmission) -> str:
        return obj.organisation.name


class SubmissionIn(InputSchema):
    date: dt.date
    status: str
    content: str


class DispatchOrganisationRef(Schema):
    id: int
    name: str


class DispatchDayOut(Schema):
    date: dt.date
    due_at: dt.datetime
    submissions: list[SubmissionOut]
    late_ids: list[int]
    missing: list[DispatchOrganisationRef]
    expected_count: int = Field(description="应报单位数（已报 + 未报）")


@router.get("/dispatches", response=list[PeriodOut], tags=["dispatches"], summary="调度安排列表")
@paginate(BoundedPagination)
def list_periods(request: HttpRequest) -> Any:
    return (
        DispatchPeriod.objects.restrict(request.user)
        .prefetch_related("organisations")
        .order_by("-start_date", "id")
    )


@router.get(
    "/dispatches/submissions",
    response=list[SubmissionOut],
    tags=["dispatches"],
    summary="每日报送列表",
)
@paginate(BoundedPagination)
def list_submissions(request: HttpRequest, filters: Query[SubmissionFilter]) -> Any:
    qs = DispatchSubmission.objects.restrict(request.user).select_related("organisation")
    return filters.filter(qs).order_by("date", "organisation_id")


@router.get(
    "/dispatches/{int:period_id}", response=PeriodOut, tags=["dispatches"], summary="一个调度安排"
)
def get_period(request: HttpRequest, period_id: int) -> Any:
    return get_visible_or_404(DispatchPeriod.objects.all(), request.user, pk=period_id)


@router.get(
    "/dispatches/{int:period_id}/days/{date}",
    response=DispatchDayOut,
    tags=["dispatches"],
    summary="某日报送情况与未报送单位",
)
def get_day(request: HttpRequest, period_id: int, date: dt.date) -> Any:
    period = get_visible_or_404(DispatchPeriod.objects.all(), request.user, pk=period_id)
    if not period.covers(date):
        raise XiaoanError(f"{date:%Y-%m-%d} 不在“{period.title}”的调度期内。")
    day = queries.dispatch_day(period, date, request.user)
    return {
        "date": date,
        "due_at": day.due,
        "submissions": day.submissions,
        "late_ids": [s.pk for s in day.late()],
        "missing": day.missing,
        "expected_count": day.expected_count,
    }


@router.post("/dispatches", response={201: PeriodOut}, tags=["dispatches"], summary="安排每日调度")
def create_period(request: HttpRequest, payload: PeriodIn) -> Any:
    period = services.do_create_dispatch_period(
        acting_user=request.user,  # type: ignore[arg-type]
        title=payload.title,
        area=visible(Area, request, payload.area_id),
        start_date=payload.start_date,
        end_date=payload.end_date,
        due_time=payload.due_time,
        organisations=[visible(Organisation, request, pk) for pk in payload.organisation_ids],
        description=payload.description,
    )
    return Status(201, period)


@router.post(
    "/dispatches/{int:period_id}/submissions",
    response={201: SubmissionOut},
    tags=["dispatches"],
    summary="报送本单位某日安全情况（同日再报为更新）",
)
def submit(request: HttpRequest, period_id: int, payload: SubmissionIn) -> Any:
    period = get_visible_or_404(DispatchPeriod.objects.all(), request.user, pk=period_id)
    organisation = getattr(request.user, "organisation", None)
    if organisation is None:
        raise XiaoanError("您的账户没有所属单位，不能报送。")
    submission = services.do_submit_status(
        period,
        acting_user=request.user,  # type: ignore[arg-type]
        organisation=organisation,
        date=payload.date,
        status=payload.status,
        content=payload.content,
    )
    return Status(201, submission)
