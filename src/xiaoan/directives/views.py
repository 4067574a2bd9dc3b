"""Pages of the supervision desk: tasks, instructions, meetings, documents, campaigns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.models import Area, Organisation
from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.models import Attachment
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor, paginate

from . import queries, services
from .choices import ActionKind, InstructionKind, Level, TaskStatus
from .filters import CampaignFilter, DocumentFilter, InstructionFilter, MeetingFilter, TaskFilter
from .forms import ActivityForm, ChaseForm, ProgressForm, TaskForm
from .models import Campaign, Document, Instruction, Meeting, Requirement, Task
from .timeline import task_timeline


def can(request: HttpRequest, permission: str) -> bool:
    return bool(request.user.can(permission))  # type: ignore[union-attr]


def annotate_tasks(tasks: Any) -> list[Task]:
    """Attach the derived flags the list templates show."""
    today = clock.today()
    rows = list(tasks)
    for task in rows:
        task.overdue = queries.is_overdue(task, today)  # type: ignore[attr-defined]
        task.due_soon = queries.is_due_soon(task, today)  # type: ignore[attr-defined]
    return rows


SOURCE_CHOICES = [
    ("instruction", "领导批示"),
    ("meeting", "会议"),
    ("document", "上级文件"),
    ("campaign", "专项行动"),
    ("none", "无来源"),
]
TASK_LIST_RELATED = (
    "lead_organisation",
    "area",
    "instruction",
    "requirement__meeting",
    "requirement__document",
    "campaign",
)


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    filters, error = parse_filter(TaskFilter, request.GET)
    qs = filters.filter(
        Task.objects.restrict(request.user).select_related(*TASK_LIST_RELATED)
    ).distinct()
    page = paginate(request, qs.order_by("deadline", "id"))
    page.object_list = annotate_tasks(page.object_list)
    visible = Task.objects.restrict(request.user)
    return render(
        request,
        "directives/task_list.html",
        {
            "page": page,
            "error": error,
            "statuses": TaskStatus.choices,
            "campaigns": Campaign.objects.restrict(request.user).order_by("-start"),
            "source_choices": SOURCE_CHOICES,
            "organisations": Organisation.objects.restrict(request.user).order_by(
                "area__path", "name"
            ),
            "areas": Area.objects.restrict(request.user)
            .filter(level__lte=Area.Level.TOWNSHIP)
            .order_by("path"),
            "overdue_count": visible.filter(queries.overdue_filter()).count(),
            "can_assign": can(request, Permission.ASSIGN_TASKS),
            "heading": "督办任务",
        },
    )


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.organisation_id is None:
        messages.warning(request, "您的账户没有所属单位，没有“本单位任务”。")
        return redirect("task-list")
    qs = (
        Task.objects.restrict(user)
        .filter(queries.owned_by(user.organisation_id))
        .select_related(*TASK_LIST_RELATED)
        .distinct()
    )
    show = request.GET.get("show", "open")
    if show == "open":
        qs = qs.exclude(status=TaskStatus.CLOSED)
    page = paginate(request, qs.order_by("deadline", "id"))
    page.object_list = annotate_tasks(page.object_list)
    return render(
        request,
        "directives/task_list.html",
        {
            "page": page,
            "mine": True,
            "show": show,
            "heading": f"本单位任务（{user.organisation.name}）",
        },
    )


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_visible_or_404(
        Task.objects.select_related(
            *TASK_LIST_RELATED, "assigning_organisation", "phase"
        ).prefetch_related("co_organisations"),
        request.user,
        pk=task_id,
    )
    progress = queries.target_progress(task)
    reports = list(
        task.progress_reports.select_related("organisation", "reported_by").prefetch_related(
            "quantities__target"
        )
    )
    attachments = Attachment.objects.filter(
        target_type__model="progressreport", target_id__in=[r.pk for r in reports]
    )
    by_report: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        by_report.setdefault(attachment.target_id or 0, []).append(attachment)
    for report in reports:
        report.files = by_report.get(report.pk, [])  # type: ignore[attr-defined]
    user: Any = request.user
    actions = services.allowed_actions(task, user)
    may_report = services.is_owner(user, task, co_counts=True) and user.can(
        Permission.REPORT_PROGRESS
    )
    context = {
        "task": task,
        "overdue": queries.is_overdue(task),
        "workdays_left": queries.workdays_left(task),
        "progress": progress,
        "percent": queries.progress_percent(task, progress),
        "timeline": task_timeline(task, reports, list(task.chases.select_related("by", "to"))),
        "actions": [(a, services.ACTION_LABELS[a]) for a in actions],
        "may_report": may_report and task.status != TaskStatus.CLOSED,
        "may_chase": services.is_assigner(user, task) and task.status != TaskStatus.CLOSED,
        "progress_form": ProgressForm(targets=[p.target for p in progress], today=clock.today()),
        "chase_form": ChaseForm(),
    }
    return render(request, "directives/task_detail.html", context)


@login_required
@require_POST
def task_transition(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_visible_or_404(Task.objects.all(), request.user, pk=task_id)
    action = request.POST.get("action", "")
    try:
        services.do_transition_task(
            task, action, acting_user=actor(request), reason=request.POST.get("reason", "")
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{services.ACTION_LABELS.get(action, action)}。")
    return redirect("task-detail", task_id=task.pk)


@login_required
@require_POST
def task_progress(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_visible_or_404(Task.objects.all(), request.user, pk=task_id)
    form = ProgressForm(
        request.POST, request.FILES, targets=list(task.targets.all()), today=clock.today()
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = "；".join(str(e) for e in errors)
            messages.error(request, f"{label}：{text}" if label else text)
        return redirect("task-detail", task_id=task.pk)
    files = [(f.name, f) for f in form.cleaned_data.get("files") or []]
    try:
        services.do_report_progress(
            task,
            acting_user=actor(request),
            text=form.cleaned_data["text"],
            date=form.cleaned_data["date"],
            quantities=form.quantities(),
            files=files,
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已报告进展。")
    return redirect("task-detail", task_id=task.pk)


@login_required
@require_POST
def task_chase(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_visible_or_404(
        Task.objects.select_related("lead_organisation"), request.user, pk=task_id
    )
    form = ChaseForm(request.POST)
    if form.is_valid():
        try:
            services.do_chase(task, acting_user=actor(request), **form.cleaned_data)
        except XiaoanError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已督办 {task.lead_organisation.name}，对方已收到通知。")
    return redirect("task-detail", task_id=task.pk)


@login_required
def task_create(request: HttpRequest) -> HttpResponse:
    """Assign a task, optionally from an instruction or a meeting/document item."""
    if not can(request, Permission.ASSIGN_TASKS):
        messages.error(request, "您的角色无权交办任务。")
        return redirect("task-list")
    instruction = requirement = None
    if request.GET.get("instruction"):
        instruction = get_visible_or_404(
            Instruction.objects.all(), request.user, pk=request.GET["instruction"]
        )
    if request.GET.get("requirement"):
        requirement = get_visible_or_404(
            Requirement.objects.select_related("meeting", "document"),
            request.user,
            pk=request.GET["requirement"],
        )
    initial: dict[str, Any] = {}
    if requirement is not None:
        initial = {"title": requirement.text[:300], "deadline": requirement.deadline}
    elif instruction is not None:
        initial = {
            "title": f"落实{instruction.leader_name}{instruction.leader_title}批示",
            "description": instruction.text,
        }
    form = TaskForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.do_create_task(
                acting_user=actor(request),
                title=data["title"],
                description=data["description"],
                lead_organisation=data["lead_organisation"],
                co_organisations=data["co_organisations"],
                deadline=data["deadline"],
                targets=data["targets"],
                instruction=instruction,
                requirement=requirement,
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已交办任务“{task.title}”，牵头单位已收到通知。")
            return redirect("task-detail", task_id=task.pk)
    source = requirement or instruction
    return render(request, "directives/task_form.html", {"form": form, "source": source})


@login_required
def task_history(request: HttpRequest, task_id: int) -> HttpResponse:
    task = get_visible_or_404(Task.objects.all(), request.user, pk=task_id)
    return render(
        request, "directives/task_history.html", {"task": task, "history": history_entries(task)}
    )


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
        filters.filter(Instruction.objects.restrict(request.user))
        .prefetch_related(
            Prefetch("tasks", queryset=Task.objects.only("id", "status", "instruction_id"))
        )
        .order_by("date", "id")[:500]
    )
    rows = []
    for item, depth in instruction_tree(instructions):
        state = queries.instruction_state(item, tasks=list(item.tasks.all()))
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
        {"rows": rows, "error": error, "kinds": InstructionKind.choices},
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
        },
    )


# ----- campaigns -----


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    filters, error = parse_filter(CampaignFilter, request.GET)
    campaigns = (
        filters.filter(Campaign.objects.restrict(request.user))
        .prefetch_related("phases")
        .order_by("-start")
    )
    today = clock.today()
    rows = []
    for campaign in campaigns:
        phases = list(campaign.phases.all())
        current = next((p for p in phases if p.start <= today <= p.end), None)
        rows.append(
            {
                "campaign": campaign,
                "phases": phases,
                "current": current,
                "days_left": (current.end - today).days if current else None,
            }
        )
    return render(
        request, "directives/campaign_list.html", {"rows": rows, "error": error, "today": today}
    )


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_visible_or_404(
        Campaign.objects.prefetch_related("phases"), request.user, pk=campaign_id
    )
    today = clock.today()
    phases = list(campaign.phases.all())
    span = max(1, (campaign.end - campaign.start).days + 1)
    bars = [
        {
            "phase": p,
            "offset": round((p.start - campaign.start).days * 100 / span, 2),
            "width": round(((p.end - p.start).days + 1) * 100 / span, 2),
            "current": p.start <= today <= p.end,
            "days_left": (p.end - today).days if p.start <= today <= p.end else None,
        }
        for p in phases
    ]
    today_offset = (
        round((today - campaign.start).days * 100 / span, 2)
        if campaign.start <= today <= campaign.end
        else None
    )
    activities = campaign.activities.restrict(request.user).select_related(
        "organiser", "phase", "area"
    )  # type: ignore[attr-defined]
    tasks = annotate_tasks(
        Task.objects.restrict(request.user)
        .filter(campaign=campaign)
        .select_related("lead_organisation", "phase")
    )
    user: Any = request.user
    return render(
        request,
        "directives/campaign_detail.html",
        {
            "campaign": campaign,
            "bars": bars,
            "today_offset": today_offset,
            "activities": activities,
            "tasks": tasks,
            "action_kinds": ActionKind.choices,
            "activity_form": ActivityForm(initial={"date": today})
            if user.can(Permission.REPORT_PROGRESS)
            else None,
            "history": history_entries(campaign),
        },
    )


@login_required
@require_POST
def activity_create(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_visible_or_404(
        Campaign.objects.prefetch_related("phases"), request.user, pk=campaign_id
    )
    form = ActivityForm(request.POST)
    user: Any = request.user
    if form.is_valid():
        data = form.cleaned_data
        phase = next((p for p in campaign.phases.all() if p.start <= data["date"] <= p.end), None)
        try:
            services.do_record_activity(
                acting_user=user,
                campaign=campaign,
                phase=phase,
                organiser=user.organisation,
                area=user.area,
                **data,
            )
        except XiaoanError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已登记活动。")
    else:
        messages.error(
            request, "活动信息不完整：" + "；".join(f"{form.fields[f].label}" for f in form.errors)
        )
    return redirect("campaign-detail", campaign_id=campaign.pk)
