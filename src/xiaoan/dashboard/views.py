"""The dashboard and fishbone pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoan.areas.models import Area
from xiaoan.core.errors import XiaoanError
from xiaoan.core.views import actor
from xiaoan.places.choices import PlaceKind

from .board import area_in_scope, build_dashboard, chosen_period
from .figures import hazards_in
from .fishbone import build_fishbone, kinds_with_hazards
from .periods import PERIOD_CHOICES, Period, parse_period


def chosen_area(request: HttpRequest) -> Area:
    return area_in_scope(actor(request), request.GET.get("area"))


def period_or_month(request: HttpRequest) -> tuple[Period, str | None]:
    """The period asked for, or this month with the reason the request was refused."""
    try:
        return chosen_period(actor(request), request.GET), None
    except XiaoanError as exc:
        return parse_period({}), exc.message


def picker_context(request: HttpRequest, area: Area) -> dict[str, Any]:
    user = actor(request)
    return {
        "area": area,
        "areas": Area.objects.restrict(user)
        .filter(level__lte=Area.Level.TOWNSHIP)
        .order_by("path"),
        "period_choices": PERIOD_CHOICES,
        "params": request.GET,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    area = chosen_area(request)
    period, error = period_or_month(request)
    board = build_dashboard(user, area, period)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            **picker_context(request, area),
            "board": board,
            "period": period,
            "error": error,
            "chart_data": board.as_dict()["charts"],
        },
    )


@login_required
def fishbone(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    area = chosen_area(request)
    period, error = period_or_month(request)
    hazards = hazards_in(user, area)
    kinds = kinds_with_hazards(hazards, period)
    chosen = request.GET.get("kind")
    if chosen and chosen not in PlaceKind.values:
        error, chosen = f"场所类型“{chosen}”不存在。", None
    shown = [chosen] if chosen else [code for code, _, _ in kinds]
    return render(
        request,
        "dashboard/fishbone.html",
        {
            **picker_context(request, area),
            "period": period,
            "error": error,
            "kinds": kinds,
            "all_kinds": PlaceKind.choices,
            "chosen": chosen,
            "diagrams": [build_fishbone(hazards, area, kind, period) for kind in shown],
        },
    )
