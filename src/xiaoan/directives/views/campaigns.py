"""Pages of campaigns: the list, a campaign's phases and activities, recording an activity."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.filtering import parse_filter
from xiaoan.core.history import history_entries
from xiaoan.core.scoping import get_visible_or_404

from .. import services
from ..choices import ActionKind, ActivityKind
from ..filters import CampaignFilter
from ..forms import ActivityForm
from ..models import Campaign, Task
from .common import annotate_tasks, can
from .record_edits import may_change


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
        request,
        "directives/campaign_list.html",
        {
            "rows": rows,
            "error": error,
            "today": today,
            "can_assign": can(request, Permission.ASSIGN_TASKS),
        },
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
    activity_rows = list(activities)
    for activity in activity_rows:
        activity.can_change = may_change(user, activity)  # type: ignore[attr-defined]
    return render(
        request,
        "directives/campaign_detail.html",
        {
            "campaign": campaign,
            "bars": bars,
            "today_offset": today_offset,
            "activities": activity_rows,
            "activity_counts": activity_counts(activities),
            "tasks": tasks,
            "action_kinds": ActionKind.choices,
            "activity_form": ActivityForm(initial={"date": today})
            if user.can(Permission.REPORT_PROGRESS)
            else None,
            "history": history_entries(campaign),
            "can_change": may_change(user, campaign),
        },
    )


def activity_counts(activities: Any) -> list[dict[str, Any]]:
    """Activities counted per phase, area and kind, with their participants and reach."""
    rows = list(
        activities.order_by()
        .values("phase__name", "area__name", "kind")
        .annotate(count=Count("id"), participants=Sum("participants"), reach=Sum("reach"))
        .order_by("phase__number", "area__name", "kind")
    )
    labels = dict(ActivityKind.choices)
    for row in rows:
        row["kind_label"] = labels.get(row["kind"], row["kind"])
    return rows


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
