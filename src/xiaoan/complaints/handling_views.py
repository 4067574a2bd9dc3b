"""Pages of an order's handling: the panel on its page, and one POST per action
(dispatch, reply, return / send back / close, chase, answer), plus the
conversion into a hazard on a page of its own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiaoan.areas.models import Area
from xiaoan.core.errors import XiaoanError
from xiaoan.core.models import Attachment
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor
from xiaoan.directives.choices import ChaseChannel

from . import handling
from .conversion import NewPlace, do_convert_to_hazard, place_choices
from .handling_forms import (
    AnswerForm,
    ChaseForm,
    ConvertForm,
    DispatchForm,
    ReasonForm,
    ReplyForm,
)
from .handling_queries import is_overdue, workdays_left
from .models import Complaint, ComplaintChase

PLACE_OPTIONS = 100


def visible(request: HttpRequest, complaint_id: int) -> Complaint:
    return get_visible_or_404(
        Complaint.objects.select_related(
            "area",
            "handling_organisation",
            "dispatched_by",
            "handling_replied_by",
            "handling_closed_by",
            "hazard__place",
        ),
        request.user,
        pk=complaint_id,
    )


def handling_context(complaint: Complaint, user: Any) -> dict[str, Any]:
    """What the order's page shows of its handling, and the forms this user may use."""
    actions = handling.allowed_actions(complaint, user)
    initial = {"version": complaint.version}
    chases = list(complaint.chases.select_related("by", "to"))
    for chase in chases:
        chase.may_answer = not chase.answer and user.organisation_id == chase.to_id  # type: ignore[attr-defined]
    may_convert = complaint.hazard_id is None and (
        handling.is_manager(user, complaint) or handling.is_handler(user, complaint)
    )
    return {
        "actions": actions,
        "overdue": is_overdue(complaint),
        "workdays_left": workdays_left(complaint),
        "dispatch_form": (
            DispatchForm(initial=initial, candidates=handling.dispatch_candidates(complaint, user))
            if "dispatch" in actions
            else None
        ),
        "reply_form": ReplyForm(initial=initial) if "reply" in actions else None,
        "chase_form": (
            ChaseForm()
            if complaint.handling_state == "dispatched" and handling.is_manager(user, complaint)
            else None
        ),
        "chases": chases,
        "reply_files": Attachment.objects.filter(
            target_type__model="complaint", target_id=complaint.pk
        ),
        "may_convert": may_convert,
    }


def _done(request: HttpRequest, complaint: Complaint, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("complaint-detail", complaint_id=complaint.pk)


def _failed(request: HttpRequest, complaint: Complaint, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("complaint-detail", complaint_id=complaint.pk)


def form_error(form: Any) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append((f"{label}：" if label else "") + "；".join(errors))
    return "填写有误：" + "；".join(parts)


@login_required
@require_POST
def complaint_dispatch(request: HttpRequest, complaint_id: int) -> HttpResponse:
    user = actor(request)
    complaint = visible(request, complaint_id)
    if not handling.is_manager(user, complaint):
        return _failed(
            request,
            complaint,
            "您无权分派此工单：需要“导入、分派 12345 工单”权限（如支队办公室）。",
        )
    form = DispatchForm(request.POST, candidates=handling.dispatch_candidates(complaint, user))
    if not form.is_valid():
        return _failed(request, complaint, form_error(form))
    data = form.cleaned_data
    try:
        complaint = handling.do_dispatch(
            complaint,
            acting_user=user,
            expected_version=data["version"],
            organisation=data["organisation"],
            workdays=data["workdays"],
            deadline=data["deadline"],
            note=data["note"],
        )
    except XiaoanError as exc:
        return _failed(request, complaint, exc.message)
    assert complaint.handling_deadline is not None and complaint.handling_organisation
    return _done(
        request,
        complaint,
        f"已分派给{complaint.handling_organisation.name}，"
        f"办理期限 {complaint.handling_deadline:%Y-%m-%d}。",
    )


@login_required
@require_POST
def complaint_reply(request: HttpRequest, complaint_id: int) -> HttpResponse:
    user = actor(request)
    complaint = visible(request, complaint_id)
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _failed(request, complaint, form_error(form))
    upload = form.cleaned_data["file"]
    files = [(upload.name, upload)] if upload else []
    try:
        handling.do_reply(
            complaint,
            acting_user=user,
            expected_version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
            files=files,
        )
    except XiaoanError as exc:
        return _failed(request, complaint, exc.message)
    return _done(request, complaint, "已回复，等待办结。")


MOVES = {
    "return": (handling.do_return, "已退回分派单位。"),
    "reject_reply": (handling.do_reject_reply, "已退回承办单位重办。"),
}


@login_required
@require_POST
def complaint_move(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """Return (退回), send back (退回重办) or close (办结)."""
    user = actor(request)
    complaint = visible(request, complaint_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _failed(request, complaint, form_error(form))
    action, version = form.cleaned_data["action"], form.cleaned_data["version"]
    try:
        if action == "close":
            handling.do_close(complaint, acting_user=user, expected_version=version)
            message = "工单已办结。"
        else:
            service, message = MOVES[action]
            service(
                complaint,
                acting_user=user,
                expected_version=version,
                reason=form.cleaned_data["reason"],
            )
    except XiaoanError as exc:
        return _failed(request, complaint, exc.message)
    return _done(request, complaint, message)


@login_required
@require_POST
def complaint_chase(request: HttpRequest, complaint_id: int) -> HttpResponse:
    user = actor(request)
    complaint = visible(request, complaint_id)
    form = ChaseForm(request.POST)
    if not form.is_valid():
        return _failed(request, complaint, form_error(form))
    try:
        chase = handling.do_chase(
            complaint,
            acting_user=user,
            note=form.cleaned_data["note"],
            channel=form.cleaned_data["channel"] or ChaseChannel.INBOX,
        )
    except XiaoanError as exc:
        return _failed(request, complaint, exc.message)
    return _done(request, complaint, f"已督办{chase.to.name}。")


@login_required
@require_POST
def chase_answer(request: HttpRequest, complaint_id: int, chase_id: int) -> HttpResponse:
    user = actor(request)
    complaint = visible(request, complaint_id)
    chase = get_visible_or_404(
        ComplaintChase.objects.select_related("complaint", "by"),
        user,
        pk=chase_id,
        complaint=complaint,
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _failed(request, complaint, form_error(form))
    try:
        handling.do_answer_chase(
            chase,
            acting_user=user,
            expected_version=form.cleaned_data["version"],
            answer=form.cleaned_data["answer"],
        )
    except XiaoanError as exc:
        return _failed(request, complaint, exc.message)
    return _done(request, complaint, "已答复督办。")


@login_required
@require_GET
def place_options(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """The place picker's options matching what was typed (htmx)."""
    complaint = visible(request, complaint_id)
    q = request.GET.get("q", "").strip()
    places = place_choices(request.user, complaint)
    if q:
        places = places.filter(Q(name__icontains=q) | Q(address__icontains=q))
    return render(
        request,
        "complaints/_place_options.html",
        {"places": places[:PLACE_OPTIONS], "q": q},
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_convert(request: HttpRequest, complaint_id: int) -> HttpResponse:
    user = actor(request)
    complaint = visible(request, complaint_id)
    if complaint.hazard_id is not None:
        from .conversion import already_converted

        return _failed(request, complaint, already_converted(complaint))
    if not (handling.is_manager(user, complaint) or handling.is_handler(user, complaint)):
        return _failed(
            request, complaint, "只有分派工单的单位或承办单位的办理人员可以把工单转为隐患。"
        )
    from xiaoan.places.models import Place

    form = ConvertForm(
        request.POST or None,
        places=Place.objects.restrict(user),
        areas=Area.objects.restrict(user).order_by("path"),
        initial={
            "version": complaint.version,
            "category": complaint.hazard_category,
            "description": complaint.content,
            "new_place_area": complaint.area,
            "new_place_address": complaint.address,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_place = None
        if data["place"] is None:
            if data["new_place_area"] is None:
                form.add_error(None, "请选择已登记的场所，或填写新场所的名称、地址和所属区域。")
            else:
                new_place = NewPlace(
                    name=data["new_place_name"],
                    address=data["new_place_address"],
                    area=data["new_place_area"],
                    kind=data["new_place_kind"] or "residential",
                )
        if not form.errors:
            try:
                hazard = do_convert_to_hazard(
                    complaint,
                    acting_user=user,
                    expected_version=data["version"],
                    place=data["place"],
                    new_place=new_place,
                    category=data["category"],
                    description=data["description"],
                    severity=data["severity"] or "ordinary",
                    major_element=data["major_element"],
                    deadline=data["deadline"],
                )
            except XiaoanError as exc:
                form.add_error(None, exc.message)
            else:
                return _done(
                    request,
                    complaint,
                    f"已转为隐患：{hazard.place.name}，{hazard.get_category_display()}。",
                )
    return render(
        request,
        "complaints/complaint_convert.html",
        {
            "c": complaint,
            "form": form,
            "places": place_choices(user, complaint)[:PLACE_OPTIONS],
            "selected_place": request.POST.get("place", ""),
        },
    )
