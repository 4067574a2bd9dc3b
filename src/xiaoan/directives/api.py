"""API of the supervision desk: /api/tasks, /api/instructions, /api/meetings,
/api/documents, /api/campaigns, /api/activities — scoped by area like the pages."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from xiaoan.areas.models import Area, Organisation
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from . import queries, services
from .filters import (
    ActivityFilter,
    CampaignFilter,
    DocumentFilter,
    InstructionFilter,
    MeetingFilter,
    TaskFilter,
)
from .models import (
    Activity,
    Campaign,
    Chase,
    Document,
    Instruction,
    Meeting,
    Phase,
    ProgressReport,
    Requirement,
    Task,
)

router = Router()


def visible(model: Any, request: HttpRequest, pk: int | None) -> Any:
    """The visible record with this id (None stays None); 404 otherwise."""
    if pk is None:
        return None
    return get_visible_or_404(model.objects.all(), request.user, pk=pk)


# ----- tasks -----


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
    recurrence_time: dt.time | None
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
@paginate(LimitOffsetPagination)
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


class TargetIn(Schema):
    subject: str
    quantity: Decimal
    unit: str
    counts: str = ""
    year: int | None = None


class TaskIn(Schema):
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
    recurrence_time: dt.time | None = None


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
    return 201, task_detail(request, get_visible_or_404(task_queryset(), request.user, pk=task.pk))


class TaskPatch(Schema):
    version: int
    title: str | None = None
    description: str | None = None
    deadline: dt.date | None = None
    lead_organisation_id: int | None = None


@router.patch(
    "/tasks/{int:task_id}",
    response=TaskDetailOut,
    tags=["tasks"],
    summary="修改任务（须带 version）",
)
def patch_task(request: HttpRequest, task_id: int, payload: TaskPatch) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "lead_organisation_id"})
    if payload.lead_organisation_id is not None:
        changes["lead_organisation"] = visible(Organisation, request, payload.lead_organisation_id)
    services.do_update_task(
        task, acting_user=actor(request), expected_version=payload.version, **changes
    )
    return task_detail(request, get_visible_or_404(task_queryset(), request.user, pk=task_id))


class TransitionIn(Schema):
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


class ProgressIn(Schema):
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
    return 201, report


class ChaseIn(Schema):
    note: str = ""
    channel: str = "inbox"


@router.post(
    "/tasks/{int:task_id}/chases", response={201: ChaseOut}, tags=["tasks"], summary="督办"
)
def chase_task(request: HttpRequest, task_id: int, payload: ChaseIn) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    return 201, services.do_chase(
        task, acting_user=actor(request), note=payload.note, channel=payload.channel
    )


# ----- instructions -----


class InstructionOut(Schema):
    id: int
    date: dt.date
    leader_name: str
    leader_title: str
    leader_id: int | None
    kind: str
    kind_label: str
    parent_id: int | None
    source_title: str
    source_kind: str
    text: str
    addressees: str
    feedback: str
    area_id: int
    version: int

    @staticmethod
    def resolve_kind_label(obj: Instruction) -> str:
        return obj.get_kind_display()


class InstructionDetailOut(InstructionOut):
    state: str
    follow_up_ids: list[int]
    task_ids: list[int]


@router.get(
    "/instructions", response=list[InstructionOut], tags=["instructions"], summary="领导批示"
)
@paginate(LimitOffsetPagination)
def list_instructions(request: HttpRequest, filters: Query[InstructionFilter]) -> Any:
    return filters.filter(Instruction.objects.restrict(request.user)).order_by("-date", "-id")


@router.get(
    "/instructions/{int:instruction_id}",
    response=InstructionDetailOut,
    tags=["instructions"],
    summary="一条批示",
)
def get_instruction(request: HttpRequest, instruction_id: int) -> Any:
    instruction = get_visible_or_404(Instruction.objects.all(), request.user, pk=instruction_id)
    instruction.state = queries.instruction_state(instruction)  # type: ignore[attr-defined]
    instruction.follow_up_ids = list(instruction.follow_ups.values_list("pk", flat=True))  # type: ignore[attr-defined]
    instruction.task_ids = list(instruction.tasks.values_list("pk", flat=True))  # type: ignore[attr-defined]
    return instruction


class InstructionIn(Schema):
    date: dt.date
    leader_name: str
    leader_title: str = ""
    leader_id: int | None = None
    kind: str = "instruction"
    parent_id: int | None = None
    source_title: str = ""
    source_kind: str = "other"
    text: str = ""
    addressees: str = ""
    area_id: int | None = None


@router.post(
    "/instructions", response={201: InstructionOut}, tags=["instructions"], summary="登记批示"
)
def create_instruction(request: HttpRequest, payload: InstructionIn) -> Any:
    from xiaoan.areas.models import User

    user: Any = request.user
    instruction = services.do_record_instruction(
        acting_user=user,
        date=payload.date,
        leader_name=payload.leader_name,
        leader_title=payload.leader_title,
        leader=visible(User, request, payload.leader_id),
        kind=payload.kind,
        parent=visible(Instruction, request, payload.parent_id),
        source_title=payload.source_title,
        source_kind=payload.source_kind,
        text=payload.text,
        addressees=payload.addressees,
        area=visible(Area, request, payload.area_id) or user.area,
    )
    return 201, instruction


# ----- meetings and documents -----


class RequirementOut(Schema):
    id: int
    number: int
    text: str
    deadline: dt.date | None
    task_ids: list[int]

    @staticmethod
    def resolve_task_ids(obj: Requirement) -> list[int]:
        return [t.pk for t in obj.tasks.all()]


class MeetingOut(Schema):
    id: int
    date: dt.date
    level: str
    title: str
    host: str
    attendees: str
    summary: str
    area_id: int
    items: list[RequirementOut]
    version: int


class RequirementIn(Schema):
    text: str
    deadline: dt.date | None = None


class MeetingIn(Schema):
    date: dt.date
    level: str
    title: str
    host: str = ""
    attendees: str = ""
    summary: str = ""
    area_id: int | None = None
    items: list[RequirementIn] = []


def with_items(qs: QuerySet[Any], relation: str) -> QuerySet[Any]:
    return qs.prefetch_related(
        Prefetch(relation, queryset=Requirement.objects.prefetch_related("tasks"))
    )


@router.get("/meetings", response=list[MeetingOut], tags=["meetings"], summary="会议")
@paginate(LimitOffsetPagination)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilter]) -> Any:
    return with_items(filters.filter(Meeting.objects.restrict(request.user)), "items").order_by(
        "-date", "-id"
    )


@router.get(
    "/meetings/{int:meeting_id}", response=MeetingOut, tags=["meetings"], summary="一次会议"
)
def get_meeting(request: HttpRequest, meeting_id: int) -> Any:
    return get_visible_or_404(
        with_items(Meeting.objects.all(), "items"), request.user, pk=meeting_id
    )


@router.post("/meetings", response={201: MeetingOut}, tags=["meetings"], summary="登记会议")
def create_meeting(request: HttpRequest, payload: MeetingIn) -> Any:
    user: Any = request.user
    meeting = services.do_record_meeting(
        acting_user=user,
        date=payload.date,
        level=payload.level,
        title=payload.title,
        host=payload.host,
        attendees=payload.attendees,
        summary=payload.summary,
        area=visible(Area, request, payload.area_id) or user.area,
        items=[services.RequirementSpec(i.text, i.deadline) for i in payload.items],
    )
    return 201, get_visible_or_404(with_items(Meeting.objects.all(), "items"), user, pk=meeting.pk)


class DocumentOut(Schema):
    id: int
    title: str
    issuer: str
    number: str
    date: dt.date | None
    level: str
    summary: str
    follow_through: str
    area_id: int
    requirements: list[RequirementOut]
    version: int


class DocumentIn(Schema):
    title: str
    level: str
    issuer: str = ""
    number: str = ""
    date: dt.date | None = None
    summary: str = ""
    follow_through: str = ""
    area_id: int | None = None
    requirements: list[RequirementIn] = []


@router.get("/documents", response=list[DocumentOut], tags=["documents"], summary="上级文件")
@paginate(LimitOffsetPagination)
def list_documents(request: HttpRequest, filters: Query[DocumentFilter]) -> Any:
    qs = with_items(filters.filter(Document.objects.restrict(request.user)), "requirements")
    return qs.order_by("-date", "-id")


@router.get(
    "/documents/{int:document_id}", response=DocumentOut, tags=["documents"], summary="一份文件"
)
def get_document(request: HttpRequest, document_id: int) -> Any:
    return get_visible_or_404(
        with_items(Document.objects.all(), "requirements"), request.user, pk=document_id
    )


@router.post("/documents", response={201: DocumentOut}, tags=["documents"], summary="登记文件")
def create_document(request: HttpRequest, payload: DocumentIn) -> Any:
    user: Any = request.user
    document = services.do_record_document(
        acting_user=user,
        title=payload.title,
        level=payload.level,
        issuer=payload.issuer,
        number=payload.number,
        date=payload.date,
        summary=payload.summary,
        follow_through=payload.follow_through,
        area=visible(Area, request, payload.area_id) or user.area,
        requirements=[services.RequirementSpec(i.text, i.deadline) for i in payload.requirements],
    )
    return 201, get_visible_or_404(
        with_items(Document.objects.all(), "requirements"), user, pk=document.pk
    )


# ----- campaigns and activities -----


class PhaseOut(Schema):
    id: int
    number: int
    name: str
    start: dt.date
    end: dt.date
    actions: list[str]
    current: bool

    @staticmethod
    def resolve_actions(obj: Phase) -> list[str]:
        return obj.action_labels

    @staticmethod
    def resolve_current(obj: Phase) -> bool:
        return obj.is_current()


class CampaignOut(Schema):
    id: int
    name: str
    plan_title: str
    area_id: int
    start: dt.date
    end: dt.date
    description: str
    phases: list[PhaseOut]
    version: int


class PhaseIn(Schema):
    name: str
    start: dt.date
    end: dt.date
    actions: list[str] = []


class CampaignIn(Schema):
    name: str
    start: dt.date
    end: dt.date
    plan_title: str = ""
    description: str = ""
    area_id: int | None = None
    phases: list[PhaseIn] = []


@router.get("/campaigns", response=list[CampaignOut], tags=["campaigns"], summary="专项行动")
@paginate(LimitOffsetPagination)
def list_campaigns(request: HttpRequest, filters: Query[CampaignFilter]) -> Any:
    return (
        filters.filter(Campaign.objects.restrict(request.user))
        .prefetch_related("phases")
        .order_by("-start", "id")
    )


@router.get(
    "/campaigns/{int:campaign_id}", response=CampaignOut, tags=["campaigns"], summary="一个专项行动"
)
def get_campaign(request: HttpRequest, campaign_id: int) -> Any:
    return get_visible_or_404(
        Campaign.objects.prefetch_related("phases"), request.user, pk=campaign_id
    )


@router.post("/campaigns", response={201: CampaignOut}, tags=["campaigns"], summary="新建专项行动")
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Any:
    user: Any = request.user
    campaign = services.do_create_campaign(
        acting_user=user,
        name=payload.name,
        area=visible(Area, request, payload.area_id) or user.area,
        start=payload.start,
        end=payload.end,
        plan_title=payload.plan_title,
        description=payload.description,
        phases=[services.PhaseSpec(p.name, p.start, p.end, p.actions) for p in payload.phases],
    )
    return 201, get_visible_or_404(
        Campaign.objects.prefetch_related("phases"), user, pk=campaign.pk
    )


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    date: dt.date
    title: str
    organiser_id: int
    area_id: int
    campaign_id: int | None
    phase_id: int | None
    participants: int | None
    reach: int | None
    description: str
    version: int

    @staticmethod
    def resolve_kind_label(obj: Activity) -> str:
        return obj.get_kind_display()


class ActivityIn(Schema):
    kind: str
    date: dt.date
    title: str
    organiser_id: int | None = None
    area_id: int | None = None
    campaign_id: int | None = None
    phase_id: int | None = None
    participants: int | None = None
    reach: int | None = None
    description: str = ""


@router.get(
    "/activities",
    response=list[ActivityOut],
    tags=["activities"],
    summary="宣传、培训、演练、约谈、曝光",
)
@paginate(LimitOffsetPagination)
def list_activities(request: HttpRequest, filters: Query[ActivityFilter]) -> Any:
    return filters.filter(Activity.objects.restrict(request.user)).order_by("-date", "-id")


@router.get(
    "/activities/{int:activity_id}", response=ActivityOut, tags=["activities"], summary="一项活动"
)
def get_activity(request: HttpRequest, activity_id: int) -> Any:
    return get_visible_or_404(Activity.objects.all(), request.user, pk=activity_id)


@router.post("/activities", response={201: ActivityOut}, tags=["activities"], summary="登记活动")
def create_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    user: Any = request.user
    activity = services.do_record_activity(
        acting_user=user,
        kind=payload.kind,
        date=payload.date,
        title=payload.title,
        organiser=visible(Organisation, request, payload.organiser_id) or user.organisation,
        area=visible(Area, request, payload.area_id) or user.area,
        campaign=visible(Campaign, request, payload.campaign_id),
        phase=visible(Phase, request, payload.phase_id),
        participants=payload.participants,
        reach=payload.reach,
        description=payload.description,
    )
    return 201, activity
