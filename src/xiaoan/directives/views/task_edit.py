"""Correcting a task (修改, and its targets) and adjusting it (延期, 改派)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from xiaoan.core.errors import XiaoanError
from xiaoan.core.record_edit import edit_page
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .. import services
from ..models import Target, Task
from ..task_forms import (
    AdjustmentForm,
    ExtensionForm,
    ReassignmentForm,
    TargetEditForm,
    TaskAsEdited,
    TaskEditForm,
)

NOT_ASSIGNER = "只有交办单位可以修改任务。"


def assigned_task(request: HttpRequest, task_id: int) -> Task:
    return get_visible_or_404(
        Task.objects.select_related("lead_organisation", "assigning_organisation", "area"),
        request.user,
        pk=task_id,
    )


def refuse(request: HttpRequest, task: Task, message: str = NOT_ASSIGNER) -> HttpResponse:
    messages.error(request, message)
    return redirect("task-detail", task_id=task.pk)


@login_required
def task_edit(request: HttpRequest, task_id: int) -> HttpResponseBase:
    """Correct the task's title, description, co-organisations, campaign phase."""
    task = assigned_task(request, task_id)
    if not services.is_assigner(request.user, task):  # type: ignore[arg-type]
        return refuse(request, task)

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> None:
        services.do_update_task(
            task,
            acting_user=actor(request),
            expected_version=expected_version,
            reason=reason,
            **changes,
        )

    return edit_page(
        request,
        cast(models.Model, TaskAsEdited(task)),
        form_class=TaskEditForm,
        save=save,
        title=f"修改任务：{task.title}",
        back_url=reverse("task-detail", args=[task.pk]),
        form_kwargs={"user": request.user},
        note="期限和牵头单位不在此修改：请在任务页面使用“延期”或“改派”，它们另有记录并通知有关单位。",
    )


@login_required
def target_edit(request: HttpRequest, task_id: int, target_id: int) -> HttpResponseBase:
    """Correct one quantitative target of the task."""
    task = assigned_task(request, task_id)
    target = task.targets.filter(pk=target_id).first()
    if target is None:
        return refuse(request, task, "该量化目标不属于此任务。")
    if not services.is_assigner(request.user, task):  # type: ignore[arg-type]
        return refuse(request, task, "只有交办单位可以修改量化目标。")
    target.task = task

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> Target:
        return services.do_update_target(
            target,
            acting_user=actor(request),
            expected_version=expected_version,
            reason=reason,
            **changes,
        )

    return edit_page(
        request,
        target,
        form_class=TargetEditForm,
        save=save,
        title=f"修改量化目标：{target}",
        back_url=reverse("task-detail", args=[task.pk]),
    )


def adjust_page(
    request: HttpRequest,
    task: Task,
    form: AdjustmentForm,
    *,
    title: str,
    crumb: str,
    submit: str,
    done: str,
    apply: Any,
) -> HttpResponse:
    """Show and handle the form of 延期 or 改派; a refusal is shown on the form."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            apply(expected_version=data.pop("version"), **data)
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("task-detail", task_id=task.pk)
    context = {"task": task, "form": form, "title": title, "crumb": crumb, "submit": submit}
    return render(request, "directives/task_adjust.html", context)


@login_required
def task_extend(request: HttpRequest, task_id: int) -> HttpResponse:
    """延期: a later deadline with a reason; the lead unit is told."""
    task = assigned_task(request, task_id)
    if not services.is_assigner(request.user, task):  # type: ignore[arg-type]
        return refuse(request, task, "只有交办单位可以批准任务延期。")
    form = ExtensionForm(request.POST or None, initial={"version": task.version})

    def apply(**data: Any) -> None:
        services.do_extend_task(task, acting_user=actor(request), **data)

    return adjust_page(
        request,
        task,
        form,
        title=f"延期：{task.title}",
        crumb="延期",
        submit="批准延期",
        done=f"已延期，{task.lead_organisation.name}已收到通知。",
        apply=apply,
    )


@login_required
def task_reassign(request: HttpRequest, task_id: int) -> HttpResponse:
    """改派: another lead unit with a reason; the old and the new lead unit are told."""
    task = assigned_task(request, task_id)
    if not services.is_assigner(request.user, task):  # type: ignore[arg-type]
        return refuse(request, task, "只有交办单位可以改派任务。")
    form = ReassignmentForm(
        request.POST or None, initial={"version": task.version}, user=request.user, task=task
    )

    def apply(**data: Any) -> None:
        services.do_reassign_task(task, acting_user=actor(request), **data)

    return adjust_page(
        request,
        task,
        form,
        title=f"改派：{task.title}",
        crumb="改派",
        submit="改派",
        done="已改派，原、新牵头单位已收到通知。",
        apply=apply,
    )


__all__ = ["target_edit", "task_edit", "task_extend", "task_reassign"]
