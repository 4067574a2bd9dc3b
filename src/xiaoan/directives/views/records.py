"""Pages of the records tasks come from: instructions, meetings and documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoan.areas.roles import Permission
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.scoping import get_visible_or_404

from .. import queries
from ..choices import InstructionKind, Level
from ..filters import DocumentFilter, InstructionFilter, MeetingFilter
from ..models import Document, Instruction, Meeting, Task
from .common import annotate_tasks, can
from .record_edits import may_change

# ----- instructions -----


def instruction_tree(instructions: list[Instruction]) -> list[tuple[Instruction, int]]:
    """Instructions in date order with follow-ups indented under what they follow."""
    by_parent: dict[int | None, list[Instruction]] = {}
    ids = {i.pk for i in instructions}
    for item in sorted(instructions, key=lambda i: (i.date, i.pk)):
        parent = item.parent_id if item.parent_id in ids else None
        by_parent.setdefault(parent, []).append(item)
    rows: list[tuple[Instruction, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for item in by_parent.get(parent, []):
            rows.append((item, depth))
            walk(item.pk, depth + 1)

    walk(None, 0)
    return rows


@login_required
def instruction_list(request: HttpRequest) -> HttpResponse:
    filters, error = parse_filter(InstructionFilter, request.GET)
    instructions = list(
        filters.filter(Instruction.objects.restrict(request.user)).order_by("date", "id")[:500]
    )
    states = queries.instruction_states(instructions)
    rows = []
    for item, depth in instruction_tree(instructions):
        state = states[item.pk]
        rows.append(
            {
                "item": item,
                "depth": depth,
                "state": state,
                "state_label": dict(queries.InstructionState.choices)[state],
            }
        )
    return render(
        request,
        "directives/instruction_list.html",
        {
            "rows": rows,
            "error": error,
            "kinds": InstructionKind.choices,
            "can_assign": can(request, Permission.ASSIGN_TASKS),
        },
    )


@login_required
def instruction_detail(request: HttpRequest, instruction_id: int) -> HttpResponse:
    instruction = get_visible_or_404(
        Instruction.objects.select_related("parent", "leader"), request.user, pk=instruction_id
    )
    chain = list(
        Instruction.objects.restrict(request.user).filter(
            pk__in=queries.chain_ids(root_of(instruction))
        )
    )
    tasks = annotate_tasks(
        Task.objects.restrict(request.user)
        .filter(instruction_id__in=[i.pk for i in chain])
        .select_related("lead_organisation")
    )
    return render(
        request,
        "directives/instruction_detail.html",
        {
            "instruction": instruction,
            "chain": instruction_tree(chain),
            "tasks": tasks,
            "state_label": dict(queries.InstructionState.choices)[
                queries.instruction_state(instruction)
            ],
            "history": history_entries(instruction),
            "can_assign": can(request, Permission.ASSIGN_TASKS),
            "can_change": may_change(request.user, instruction),
        },
    )


def root_of(instruction: Instruction) -> Instruction:
    node = instruction
    seen = set()
    while node.parent_id and node.pk not in seen:
        seen.add(node.pk)
        node = Instruction.objects.get(pk=node.parent_id)
    return node


# ----- meetings and documents -----


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meeting_filters, error = parse_filter(MeetingFilter, request.GET)
    document_filters, document_error = parse_filter(DocumentFilter, request.GET)
    meetings = meeting_filters.filter(Meeting.objects.restrict(request.user)).prefetch_related(
        "items__tasks"
    )
    documents = document_filters.filter(Document.objects.restrict(request.user)).prefetch_related(
        "requirements__tasks"
    )
    return render(
        request,
        "directives/meeting_list.html",
        {
            "meetings": meetings.order_by("-date", "-id")[:200],
            "documents": documents.order_by("-date", "-id")[:200],
            "error": error or document_error,
            "levels": Level.choices,
            "can_assign": can(request, Permission.ASSIGN_TASKS),
        },
    )


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_visible_or_404(
        Meeting.objects.prefetch_related("items__tasks"), request.user, pk=meeting_id
    )
    return render(
        request,
        "directives/requirements_detail.html",
        {
            "record": meeting,
            "items": meeting.items.all(),
            "kind": "meeting",
            "history": history_entries(meeting),
            "can_assign": can(request, Permission.ASSIGN_TASKS),
            "can_change": may_change(request.user, meeting),
        },
    )


@login_required
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_visible_or_404(
        Document.objects.prefetch_related("requirements__tasks"), request.user, pk=document_id
    )
    return render(
        request,
        "directives/requirements_detail.html",
        {
            "record": document,
            "items": document.requirements.all(),
            "kind": "document",
            "history": history_entries(document),
            "can_assign": can(request, Permission.ASSIGN_TASKS),
            "can_change": may_change(request.user, document),
        },
    )
