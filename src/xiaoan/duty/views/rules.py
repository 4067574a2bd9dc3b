"""The administrator's page for the urgent-report rules and reminder points."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.roles import Permission
from xiaoan.core.errors import XiaoanError

from .. import services
from ..forms import NewRuleForm, RuleForm
from ..models import ReminderPoint, UrgentReportRule
from ..rule_scope import applicable, configured_area, editable_or_404


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.can(Permission.CONFIGURE_URGENT_REPORTS):
        raise Http404("记录不存在或无权访问")
    rules = list(applicable(UrgentReportRule, user).order_by("kind", "id"))
    forms = [(rule, RuleForm(initial={**vars(rule)}, prefix=f"r{rule.pk}")) for rule in rules]
    points = applicable(ReminderPoint, user).order_by("minutes_after_alarm")
    return render(
        request,
        "duty/rule_list.html",
        {"forms": forms, "points": points, "new_rule": NewRuleForm(prefix="new")},
    )


@login_required
@require_POST
def rule_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.can(Permission.CONFIGURE_URGENT_REPORTS):
        raise Http404("记录不存在或无权访问")
    form = NewRuleForm(request.POST, prefix="new")
    if not form.is_valid():
        messages.error(request, "规则未添加：请选择条件，人数阈值和时限须为正整数。")
        return redirect("incident-rules")
    try:
        rule = services.do_create_rule(
            acting_user=user, area=configured_area(user), **form.cleaned_data
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已添加规则“{rule.name}”，对此后登记的警情生效。")
    return redirect("incident-rules")


@login_required
@require_POST
def rule_update(request: HttpRequest, rule_id: int) -> HttpResponse:
    user: Any = request.user
    rule = editable_or_404(UrgentReportRule, user, rule_id)
    form = RuleForm(request.POST, prefix=f"r{rule.pk}")
    if not form.is_valid():
        messages.error(request, f"规则“{rule.name}”未保存：请检查人数阈值和时限（均须为正整数）。")
        return redirect("incident-rules")
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        services.do_update_rule(rule, acting_user=user, expected_version=version, **data)
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"规则“{data['name']}”已保存，对此后登记的警情生效。")
    return redirect("incident-rules")


@login_required
@require_POST
def reminder_toggle(request: HttpRequest, point_id: int) -> HttpResponse:
    user: Any = request.user
    point = editable_or_404(ReminderPoint, user, point_id)
    try:
        services.do_update_reminder_point(
            point,
            acting_user=user,
            expected_version=int(request.POST.get("version", 0)),
            active=not point.active,
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    return redirect("incident-rules")


@login_required
@require_POST
def reminder_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.can(Permission.CONFIGURE_URGENT_REPORTS):
        raise Http404("记录不存在或无权访问")
    try:
        minutes = int(request.POST.get("minutes", ""))
    except ValueError:
        messages.error(request, "提醒时点须为接警后的分钟数（正整数）。")
        return redirect("incident-rules")
    try:
        services.do_create_reminder_point(
            acting_user=user,
            area=configured_area(user),
            minutes_after_alarm=minutes,
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已添加接警后 {minutes} 分钟的提醒。")
    return redirect("incident-rules")
