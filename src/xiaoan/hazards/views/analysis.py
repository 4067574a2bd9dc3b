"""Pages of coverage, trace-back, supervision visits and re-checks."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.areas.models import Area
from xiaoan.areas.roles import Permission
from xiaoan.core import clock
from xiaoan.core.errors import XiaoanError
from xiaoan.core.history import history_entries
from xiaoan.core.record_edit import can_change
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor, paginate
from xiaoan.directives.models import Phase
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place

from .. import queries, services
from ..models import Hazard, Recheck, SupervisionVisit


def parse_day(text: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else default
    except ValueError:
        return default


@login_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    """Coverage of places by inspections for a campaign phase or a date range, in an area."""
    user = actor(request)
    area = user.area
    if request.GET.get("area"):
        area = get_visible_or_404(Area.objects.all(), user, pk=request.GET["area"])
    phases = Phase.objects.restrict(user).select_related("campaign").order_by("-start")
    phase = None
    if request.GET.get("phase"):
        phase = get_visible_or_404(
            Phase.objects.select_related("campaign"), user, pk=request.GET["phase"]
        )
    elif request.GET.get("start") is None:
        phase = phases.filter(start__lte=clock.today(), end__gte=clock.today()).first()
    today = clock.today()
    start = phase.start if phase else parse_day(request.GET.get("start"), today.replace(day=1))
    end = phase.end if phase else parse_day(request.GET.get("end"), today)
    kinds = request.GET.getlist("kind") or None
    result = queries.coverage(
        Place.objects.restrict(user),
        area=area,
        start=start,
        end=end,
        kinds=kinds,
        campaign_id=phase.campaign_id if phase and request.GET.get("tagged") else None,
    )
    missing = paginate(request, result.not_inspected) if result.not_inspected is not None else None
    return render(
        request,
        "hazards/coverage.html",
        {
            "area": area,
            "areas": Area.objects.restrict(user)
            .filter(level__lte=Area.Level.TOWNSHIP)
            .order_by("path"),
            "phases": phases,
            "phase": phase,
            "kinds": PlaceKind.choices,
            "chosen_kinds": kinds or [],
            "start": start,
            "end": end,
            "result": result,
            "page": missing,
            "can_inspect": user.can(Permission.INSPECT) or user.can(Permission.SELF_INSPECT),
        },
    )


@login_required
def trace_back_page(request: HttpRequest, hazard_id: int) -> HttpResponse:
    hazard = get_visible_or_404(
        Hazard.objects.select_related("place"), actor(request), pk=hazard_id
    )
    window = (
        int(request.GET.get("days", queries.TRACE_BACK_DAYS))
        if request.GET.get("days", "").isdigit()
        else queries.TRACE_BACK_DAYS
    )
    return render(
        request,
        "hazards/trace_back.html",
        {"hazard": hazard, "window": window, "missed": queries.trace_back(hazard, window)},
    )


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = list(SupervisionVisit.objects.restrict(actor(request)).order_by("-date", "-id")[:100])
    rows = [{"visit": v, "totals": queries.visit_totals(v)} for v in visits]
    return render(request, "hazards/visit_list.html", {"rows": rows})


@login_required
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    user = actor(request)
    visit = get_visible_or_404(SupervisionVisit.objects.all(), user, pk=visit_id)
    return render(
        request,
        "hazards/visit_detail.html",
        {
            "visit": visit,
            "totals": queries.visit_totals(visit),
            "inspections": visit.inspections.select_related("place").order_by("at"),
            "hazards": Hazard.objects.filter(inspection__visit=visit)
            .select_related("place")
            .order_by("place__name"),
            "enforcement": visit.enforcement_actions.select_related("place"),
            "can_edit": can_change(user, visit),
            "history": history_entries(visit),
        },
    )


@login_required
def recheck_page(request: HttpRequest) -> HttpResponse:
    """Draw a re-check sample (回头看) and record the outcome of each sampled hazard."""
    user = actor(request)
    open_rechecks = (
        Recheck.objects.filter(passed__isnull=True, hazard__in=Hazard.objects.restrict(user))
        .select_related("hazard__place", "inspection")
        .order_by("inspection_id", "pk")
    )
    return render(
        request,
        "hazards/recheck.html",
        {
            "open_rechecks": open_rechecks,
            "can_recheck": user.can(Permission.VERIFY_HAZARDS),
            "today": clock.today(),
            "month_ago": clock.today() - dt.timedelta(days=30),
        },
    )


@login_required
@require_POST
def recheck_start(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    try:
        share = float(request.POST.get("share", "0.1"))
        rechecks = services.do_start_recheck(
            acting_user=user,
            area=user.area,
            start=parse_day(request.POST.get("start"), clock.today() - dt.timedelta(days=30)),
            end=parse_day(request.POST.get("end"), clock.today()),
            share=share,
            seed=request.POST.get("seed") or None,
        )
    except (XiaoanError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "抽样比例应为 0 到 1 之间的数字。"))
    else:
        messages.success(request, f"已抽取 {len(rechecks)} 处已销号隐患进行回头看复查。")
    return redirect("recheck")


@login_required
@require_POST
def recheck_record(request: HttpRequest, recheck_id: int) -> HttpResponse:
    user = actor(request)
    recheck = Recheck.objects.filter(
        pk=recheck_id, hazard__in=Hazard.objects.restrict(user)
    ).first()
    if recheck is None:
        from django.http import Http404

        raise Http404("记录不存在或无权访问")
    try:
        services.do_record_recheck(
            recheck,
            acting_user=user,
            passed=request.POST.get("passed") == "yes",
            note=request.POST.get("note", ""),
        )
    except XiaoanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已记录复查结果。")
    return redirect("recheck")


@login_required
def schedule_page(request: HttpRequest) -> HttpResponse:
    """Places due or overdue for inspection in the user's area."""
    from ..schedule import DUE_SOON_DAYS, schedule

    rows = schedule(Place.objects.restrict(actor(request)))
    return render(
        request,
        "hazards/schedule.html",
        {
            "page": paginate(request, rows),
            "overdue": sum(1 for r in rows if r.overdue),
            "soon_days": DUE_SOON_DAYS,
            "can_inspect": actor(request).can(Permission.INSPECT)
            or actor(request).can(Permission.SELF_INSPECT),
        },
    )


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    """Record a leader's supervision visit; its inspections then refer to it."""
    from django import forms as django_forms

    from xiaoan.areas.forms import style

    user = actor(request)
    if not user.can(Permission.INSPECT):
        messages.error(request, "您的角色无权登记督导检查。")
        return redirect("visit-list")

    class VisitForm(django_forms.Form):
        date = django_forms.DateField(
            label="日期", widget=django_forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        )
        leader_name = django_forms.CharField(label="带队领导", max_length=50)
        leader_title = django_forms.CharField(label="职务", max_length=50, required=False)
        title = django_forms.CharField(label="名称", max_length=200)
        unannounced = django_forms.BooleanField(label="四不两直（明察暗访）", required=False)
        notes = django_forms.CharField(
            label="情况", required=False, widget=django_forms.Textarea(attrs={"rows": 3})
        )

    form = VisitForm(request.POST or None, initial={"date": clock.today()})
    style(form)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.do_record_visit(acting_user=user, area=user.area, **form.cleaned_data)
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已登记督导检查；检查时在检查表中选择此次督导检查。")
            return redirect("visit-detail", visit_id=visit.pk)
    return render(request, "areas/simple_form.html", {"form": form, "heading": "登记督导检查"})
