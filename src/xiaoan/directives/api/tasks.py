"""API of tasks: schemas and the /api/tasks endpoints (progress, transitions, chasing)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Area, Organisation
from xiaoan.core.inputs import InputSchema, LocalTime, PatchSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .. import queries, services
from ..choices import TaskStatus
from ..filters import TaskFilter
from ..models import Campaign, Chase, Instruction, Phase, ProgressReport, Requirement, Task
from .common import router, visible


class TaskOut(Schema):
    id: int
    title: str
    description: str
    status: str
    status_label: str
    deadline: dt.date | None
    overdue: bool
    due_soon: bool
    workdays_left: int | None
    lead_organisation_id: int
    lead_organisation_name: str
    co_organisation_ids: list[int]
    assigning_organisation_id: int
    area_id: int
    instruction_id: int | None
    requirement_id: int | None
    campaign_id: int | None
    phase_id: int | None
    recurrence: str
    recurrence_start: dt.date | None
    recurrence_time: LocalTime | None
    source: str
    version: int

    @staticmethod
    def resolve_status_label(obj: Task) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_overdue(obj: Task) -> bool:
        return queries.is_overdue(obj)

    @staticmethod
    def resolve_due_soon(obj: Task) -> bool:
        return queries.is_due_soon(obj)

    @staticmethod
    def resolve_workdays_left(obj: Task) -> int | None:
        return queries.workdays_left(obj)

    @staticmethod
    def resolve_lead_organisation_name(obj: Task) -> str:
        return obj.lead_organisation.name

    @staticmethod
    def resolve_co_organisation_ids(obj: Task) -> list[int]:
        return [o.pk for o in obj.co_organisations.all()]

    @staticmethod
    def resolve_source(obj: Task) -> str:
        return obj.source_label


class TargetOut(Schema):
    id: int
    subject: str
    quantity: Decimal
    unit: str
    counts: str
    year: int | None
    achieved: Decimal
    percent: int


class ProgressOut(Schema):
    id: int
    date: dt.date
    text: str
    organisation: str
    reported_by: str
    quantities: dict[int, Decimal]

    @staticmethod
    def resolve_organisation(obj: ProgressReport) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_reported_by(obj: ProgressReport) -> str:
        return str(obj.reported_by)

    @staticmethod
    def resolve_quantities(obj: ProgressReport) -> dict[int, Decimal]:
        return {q.target_id: q.achieved for q in obj.quantities.all()}


class ChaseOut(Schema):
    id: int
    at: dt.datetime
    by: str
    to: str
    channel: str
    note: str
    answer: str

    @staticmethod
    def resolve_by(obj: Chase) -> str:
        return str(obj.by)

    @staticmethod
    def resolve_to(obj: Chase) -> str:
        return obj.to.name


class TaskDetailOut(TaskOut):
    progress_percent: int | None
    target_progress: list[TargetOut]
    target_warning: str = Field(
        "", description="报完成或销号时未达成的量化目标，如“住宅楼 12/20 栋”"
    )
    progress_reports: list[ProgressOut] = Field(..., alias="progress_reports_list")
    chases: list[ChaseOut] = Field(..., alias="chases_list")
    allowed_actions: list[str]


TASK_RELATED = (
    "lead_organisation",
    "assigning_organisation",
    "instruction",
    "requirement__meeting",
    "requirement__document",
    "campaign",
)
CO_ORGANISATIONS = Prefetch("co_organisations", queryset=Organisation.objects.only("id"))


def task_queryset() -> QuerySet[Task]:
    return Task.objects.select_related(*TASK_RELATED).prefetch_related(CO_ORGANISATIONS)


def task_detail(request: HttpRequest, task: Task) -> Task:
    """The task with its derived detail attached, as TaskDetailOut reads it."""
    progress = queries.target_progress(task)
    task.progress_percent = queries.progress_percent(task, progress)  # type: ignore[attr-defined]
    done = task.status in (TaskStatus.DONE, TaskStatus.CLOSED)
    task.target_warning = queries.unmet_targets(progress) if done else ""  # type: ignore[attr-defined]
    task.target_progress = [  # type: ignore[attr-defined]
        {
            "id": p.target.pk,
            "subject": p.target.subject,
            "quantity": p.target.quantity,
            "unit": p.target.unit,
            "counts": p.target.counts,
            "year": p.target.year,
            "achieved": p.achieved,
            "percent": p.percent,
        }
        for p in progress
    ]
    task.progress_reports_list = list(  # type: ignore[attr-defined]
        task.progress_reports.select_related("organisation", "reported_by").prefetch_related(
            "quantities"
        )
    )
    task.chases_list = list(task.chases.select_related("by", "to"))  # type: ignore[attr-defined]
    task.allowed_actions = services.allowed_actions(task, request.user)  # type: ignore[attr-defined, arg-type]
    return task


@router.get("/tasks", response=list[TaskOut], tags=["tasks"], summary="任务列表")
@paginate(BoundedPagination)
def list_tasks(request: HttpRequest, filters: Query[TaskFilter]) -> Any:
    qs = filters.filter(
        Task.objects.restrict(request.user)
        .select_related(*TASK_RELATED)
        .prefetch_related(CO_ORGANISATIONS)
    )
    return qs.distinct().order_by("deadline", "id")


@router.get("/tasks/{int:task_id}", response=TaskDetailOut, tags=["tasks"], summary="一个任务")
def get_task(request: HttpRequest, task_id: int) -> Any:
    return task_detail(request, get_visible_or_404(task_queryset(), request.user, pk=task_id))


class TargetIn(InputSchema):
    subject: str
    quantity: Decimal
    unit: str
    counts: str = ""
    year: int | None = None


class TaskIn(InputSchema):
    title: str
    lead_organisation_id: int
    deadline: dt.date | None = None
    area_id: int | None = None
    description: str = ""
    co_organisation_ids: list[int] = []
    instruction_id: int | None = None
    requirement_id: int | None = None
    campaign_id: int | None = None
    phase_id: int | None = None
    targets: list[TargetIn] = []
    recurrence: str = ""
    recurrence_start: dt.date | None = None
    recurrence_time: LocalTime | None = None


@router.post("/tasks", response={201: TaskDetailOut}, tags=["tasks"], summary="交办任务")
def create_task(request: HttpRequest, payload: TaskIn) -> Any:
    task = services.do_create_task(
        acting_user=actor(request),
        title=payload.title,
        lead_organisation=visible(Organisation, request, payload.lead_organisation_id),
        deadline=payload.deadline,
        area=visible(Area, request, payload.area_id),
        description=payload.description,
        co_organisations=[visible(Organisation, request, pk) for pk in payload.co_organisation_ids],
        instruction=visible(Instruction, request, payload.instruction_id),
        requirement=visible(Requirement, request, payload.requirement_id),
        campaign=visible(Campaign, request, payload.campaign_id),
        phase=visible(Phase, request, payload.phase_id),
        targets=[services.TargetSpec(**t.dict()) for t in payload.targets],
        recurrence=payload.recurrence,
        recurrence_start=payload.recurrence_start,
        recurrence_time=payload.recurrence_time,
    )
    return Status(
        201, task_detail(request, get_visible_or_404(task_queryset(), request.user, pk=task.pk))
    )


class TaskPatch(PatchSchema):
    """Corrections of a task. The deadline and the lead unit are refused here: they
    change by POST /api/tasks/{id}/extend and /reassign, with a reason."""

    nullable = frozenset({"deadline", "phase_id"})

    version: int
    reason: str = Field("", max_length=200, description="修改原因，记入变更记录")
    title: str | None = None
    description: str | None = None
    co_organisation_ids: list[int] | None = None
    phase_id: int | None = None
    deadline: dt.date | None = Field(None, description="不在此修改：请用 /extend（延期）")
    lead_organisation_id: int | None = Field(None, description="不在此修改：请用 /reassign（改派）")


@router.patch(
    "/tasks/{int:task_id}",
    response=TaskDetailOut,
    tags=["tasks"],
    summary="修改任务（须带 version）",
)
def patch_task(request: HttpRequest, task_id: int, payload: TaskPatch) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    given = payload.dict(exclude_unset=True)
    changes = {
        k: v
        for k, v in given.items()
        if k not in {"version", "reason", "lead_organisation_id", "co_organisation_ids", "phase_id"}
    }
    if "lead_organisation_id" in given:
        changes["lead_organisation"] = visible(Organisation, request, payload.lead_organisation_id)
    if "co_organisation_ids" in given:
        ids = payload.co_organisation_ids or []
        changes["co_organisations"] = [visible(Organisation, request, pk) for pk in ids]
    if "phase_id" in given:
        changes["phase"] = visible(Phase, request, payload.phase_id)
    services.do_update_task(
        task,
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
        **changes,
    )
    return task_detail(request, get_visible_or_404(task_queryset(), request.user, pk=task_id))


class TransitionIn(InputSchema):
    action: str
    reason: str = ""


@router.post(
    "/tasks/{int:task_id}/transitions",
    response=TaskDetailOut,
    tags=["tasks"],
    summary="开始/报完成/核验销号/退回",
)
def transition_task(request: HttpRequest, task_id: int, payload: TransitionIn) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    services.do_transition_task(
        task, payload.action, acting_user=actor(request), reason=payload.reason
    )
    return task_detail(request, get_visible_or_404(task_queryset(), request.user, pk=task_id))


class ProgressIn(InputSchema):
    text: str
    date: dt.date | None = None
    quantities: dict[int, Decimal] = {}


@router.post(
    "/tasks/{int:task_id}/progress", response={201: ProgressOut}, tags=["tasks"], summary="报告进展"
)
def report_progress(request: HttpRequest, task_id: int, payload: ProgressIn) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    report = services.do_report_progress(
        task,
        acting_user=actor(request),
        text=payload.text,
        date=payload.date,
        quantities=payload.quantities,
    )
    return Status(201, report)


class ChaseIn(InputSchema):
    note: str = ""
    channel: str = "inbox"


@router.post(
    "/tasks/{int:task_id}/chases", response={201: ChaseOut}, tags=["tasks"], summary="督办"
)
def chase_task(request: HttpRequest, task_id: int, payload: ChaseIn) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    return Status(
        201,
        services.do_chase(
            task, acting_user=actor(request), note=payload.note, channel=payload.channel
        ),
    )


class ChaseAnswerIn(InputSchema):
    version: int
    answer: str


@router.post(
    "/tasks/{int:task_id}/chases/{int:chase_id}/answer",
    response=ChaseOut,
    tags=["tasks"],
    summary="答复督办（被督办单位）",
)
def answer_chase(request: HttpRequest, task_id: int, chase_id: int, payload: ChaseAnswerIn) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    chase = get_visible_or_404(
        Chase.objects.select_related("by", "to"), request.user, pk=chase_id, task=task
    )
    return services.do_answer_chase(
        chase, acting_user=actor(request), expected_version=payload.version, answer=payload.answer
    )
