"""API of the records tasks come from: /api/instructions, /api/meetings, /api/documents."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Area
from xiaoan.core.inputs import InputSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404

from .. import queries, services
from ..filters import DocumentFilter, InstructionFilter, MeetingFilter
from ..models import Document, Instruction, Meeting, Requirement
from .common import router, visible

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
@paginate(BoundedPagination)
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


class InstructionIn(InputSchema):
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
    return Status(201, instruction)


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


class RequirementIn(InputSchema):
    text: str
    deadline: dt.date | None = None


class MeetingIn(InputSchema):
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
@paginate(BoundedPagination)
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
    return Status(
        201, get_visible_or_404(with_items(Meeting.objects.all(), "items"), user, pk=meeting.pk)
    )


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


class DocumentIn(InputSchema):
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
@paginate(BoundedPagination)
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
    return Status(
        201,
        get_visible_or_404(
            with_items(Document.objects.all(), "requirements"), user, pk=document.pk
        ),
    )
