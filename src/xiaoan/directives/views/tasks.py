"""Pages of tasks: lists, detail, transitions, progress, chasing, creation and history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
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

from .. import queries, services
from ..choices import TaskStatus
from ..filters import TaskFilter
from ..forms import ChaseForm, ProgressForm, TaskForm
from ..models import Campaign, Instruction, Requirement, Task
from ..timeline import task_timeline
from .common import annotate_tasks, can

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
    chases = list(task.chases.select_related("by", "to"))
    context = {
        "task": task,
        "overdue": queries.is_overdue(task),
        "workdays_left": queries.workdays_left(task),
        "progress": progress,
        "percent": queries.progress_percent(task, progress),
        "target_warning": queries.unmet_targets(progress)
        if task.status in (TaskStatus.DONE, TaskStatus.CLOSED)
        else "",
        "timeline": task_timeline(task, reports, chases),
        "chases_to_answer": [c for c in chases if c.to_id == user.organisation_id and not c.answer],
        "actions": [(a, services.ACTION_LABELS[a]) for a in actions],
        "may_report": may_report and task.status != TaskStatus.CLOSED,
        "may_chase": services.is_assigner(user, task) and task.status != TaskStatus.CLOSED,
        "may_edit": services.is_assigner(user, task),
        "may_adjust": services.is_assigner(user, task)
        and task.status not in (TaskStatus.DONE, TaskStatus.CLOSED),
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
        unmet = queries.unmet_targets(queries.target_progress(task))
        if action in ("complete", "verify") and unmet:
            messages.warning(request, f"注意：量化目标尚未完成（{unmet}）。")
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
@require_POST
def chase_answer(request: HttpRequest, task_id: int, chase_id: int) -> HttpResponse:
    """The chased organisation answers a chase (督办回复)."""
    task = get_visible_or_404(Task.objects.all(), request.user, pk=task_id)
    chase = task.chases.filter(pk=chase_id).first()
    if chase is None:
        raise Http404("记录不存在或无权访问")
    try:
        services.do_answer_chase(
            chase,
            acting_user=actor(request),
            expected_version=int(request.POST.get("version") or 0),
            answer=request.POST.get("answer", "").strip(),
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已答复督办。")
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
                phase=data["phase"],
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
