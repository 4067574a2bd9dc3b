"""The reward rules page: the amount by hazard severity, per area; changed by the
roles that approve rewards, every change in the rule's history."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.models import Area
from xiaoan.areas.roles import Permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.history import history_entries
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor
from xiaoan.hazards.choices import Severity

from . import services
from .forms import version_of
from .models import RewardRule


def amount_of(text: str) -> Decimal:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation as exc:
        raise XiaoanError(f"奖励金额“{text}”不是数字，请填写如 500 或 500.00。") from exc
    if not value.is_finite():
        raise XiaoanError(f"奖励金额“{text}”不是数字。")
    return value


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    rules = list(RewardRule.objects.restrict(user).select_related("area"))
    may_edit = user.can(Permission.APPROVE_REWARDS)
    return render(
        request,
        "rewards/rules.html",
        {
            "rules": rules,
            "may_edit": may_edit,
            "severities": Severity.choices,
            "areas": Area.objects.restrict(user)
            .filter(level__lte=Area.Level.COUNTY)
            .order_by("path")
            if may_edit
            else [],
            "history": [e for rule in rules for e in history_entries(rule)],
        },
    )


@login_required
@require_POST
def rule_save(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    post = request.POST
    try:
        amount = amount_of(post.get("amount", ""))
        if post.get("rule"):
            rule = get_visible_or_404(
                RewardRule.objects.select_related("area"), user, pk=post["rule"]
            )
            services.do_update_rule(
                rule,
                acting_user=user,
                expected_version=version_of(post),
                amount=amount,
                note=post.get("note", ""),
            )
        else:
            area = get_visible_or_404(Area.objects.all(), user, pk=post.get("area") or 0)
            services.do_create_rule(
                acting_user=user,
                area=area,
                severity=post.get("severity", ""),
                amount=amount,
                note=post.get("note", ""),
            )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "奖励标准已保存。")
    return redirect("reward-rules")
