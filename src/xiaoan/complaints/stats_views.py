"""The statistics page (统计) of the 12345 orders and its Excel export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xiaoan.areas.models import Area
from xiaoan.core.cleanforms import CleanForm
from xiaoan.core.errors import XiaoanError
from xiaoan.core.scoping import subtree_filter
from xiaoan.core.views import actor

from .models import SpikeAlert
from .stats import PeriodSummary
from .stats_export import stats_workbook_response
from .stats_params import PRESETS, StatsRequest, stats_request

FIRE_CHOICES = [("1", "涉及消防安全"), ("", "全部工单"), ("0", "不涉及消防安全")]


class StatsForm(CleanForm):
    preset = forms.ChoiceField(label="统计周期", choices=list(PRESETS.items()), required=False)
    start = forms.DateField(label="开始日期", required=False)
    end = forms.DateField(label="结束日期", required=False)
    area = forms.IntegerField(label="区域", required=False)
    fire = forms.ChoiceField(label="范围", choices=FIRE_CHOICES, required=False)


def area_choices(user: Any) -> list[tuple[int, str]]:
    """The user's area and the areas below it down to townships, indented by depth."""
    if user.area is None:
        return []
    areas = (
        Area.objects.filter(subtree_filter("path", user.area.path))
        .filter(level__lte=max(user.area.level, Area.Level.TOWNSHIP))
        .order_by("path")
    )
    top = len(user.area.path)
    return [(a.pk, "　" * ((len(a.path) - top) // 8) + a.name) for a in areas]


def asked_for(request: HttpRequest) -> tuple[StatsRequest | None, str, dict[str, Any]]:
    """The request the page's form describes, or the reason it cannot be answered."""
    data = request.GET.copy()
    data.setdefault("fire", "1")
    form = StatsForm(data)
    if not form.is_valid():
        errors = "；".join(
            f"{form.fields[name].label}：{'，'.join(str(m) for m in messages)}"
            for name, messages in form.errors.items()
        )
        return None, f"查询条件有误（{errors}）", data
    values = form.cleaned_data
    fire = {"1": True, "0": False}.get(values["fire"] or "")
    try:
        asked = stats_request(
            actor(request),
            start=values["start"],
            end=values["end"],
            area_id=values["area"],
            fire_related=fire,
            preset=values["preset"] or ("custom" if values["start"] or values["end"] else ""),
        )
    except XiaoanError as exc:
        return None, exc.message, data
    return asked, "", data


def chart_data(summary: PeriodSummary) -> dict[str, Any]:
    """What the charts draw, read by static/xiaoan/complaint-stats.js."""
    return {
        "days": [p.day.isoformat() for p in summary.daily],
        "counts": [p.count for p in summary.daily],
        "last_year": [p.count for p in summary.last_year_daily],
        "categories": [[r.label, r.count] for r in summary.by_category],
        "areas": [[r.name, r.count] for r in summary.by_area],
    }


@login_required
@require_GET
def stats_page(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    asked, error, data = asked_for(request)
    summary = asked.summary(user) if asked else None
    return render(
        request,
        "complaints/stats.html",
        {
            "asked": asked,
            "summary": summary,
            "error": error,
            "values": data,
            "presets": PRESETS,
            "fire_choices": FIRE_CHOICES,
            "areas": area_choices(user),
            "chart": chart_data(summary) if summary else None,
            "query": request.GET.urlencode(),
            "spikes": SpikeAlert.objects.restrict(user).select_related("area")[:5],
        },
    )


@login_required
@require_GET
def stats_export(request: HttpRequest) -> HttpResponse | FileResponse:
    asked, error, _data = asked_for(request)
    if asked is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    return stats_workbook_response(asked, asked.summary(actor(request)))
