"""Pages correcting a hazard: 修改 (plain fields), 延期 (a later deadline) and
改派 (another responsible unit), each with a required reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from xiaoan.areas.models import Organisation
from xiaoan.areas.roles import Permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.record_edit import edit_page
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .. import services
from ..change_forms import ChangeForm, ExtendForm, HazardEditForm, ReassignForm
from ..choices import HazardState
from ..models import Hazard
from ..services.lifecycle import CHANGE_REFUSALS

CHANGE_TEMPLATE = "hazards/hazard_change.html"


def refused(request: HttpRequest, hazard: Hazard, change: str) -> HttpResponseBase | None:
    """Back to the hazard's page with the Chinese refusal, when the user may not
    make this change (a closed hazard, a role that does not inspect)."""
    closed, forbidden = CHANGE_REFUSALS[change]
    if hazard.state == HazardState.CLOSED:
        messages.error(request, closed)
    elif not actor(request).can(Permission.INSPECT):
        messages.error(request, forbidden)
    else:
        return None
    return redirect("hazard-detail", hazard_id=hazard.pk)


def visible_hazard(request: HttpRequest, hazard_id: int) -> Hazard:
    return get_visible_or_404(
        Hazard.objects.select_related("place", "area", "responsible_organisation"),
        actor(request),
        pk=hazard_id,
    )


@login_required
def hazard_edit(request: HttpRequest, hazard_id: int) -> HttpResponseBase:
    user = actor(request)
    hazard = visible_hazard(request, hazard_id)
    refusal = refused(request, hazard, "edit")
    if refusal is not None:
        return refusal

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> Hazard:
        return services.do_update_hazard(
            hazard, acting_user=user, expected_version=expected_version, reason=reason, **changes
        )

    return edit_page(
        request,
        hazard,
        form_class=HazardEditForm,
        save=save,
        title=f"修改隐患：{hazard}",
        back_url=reverse("hazard-detail", args=[hazard.pk]),
        note="整改期限和责任单位请用“延期”“改派”办理。",
    )


def change_page(
    request: HttpRequest,
    hazard: Hazard,
    form: ChangeForm,
    *,
    title: str,
    button: str,
    note: str,
    apply: Any,
    done: str,
) -> HttpResponseBase:
    """Show the 延期 or 改派 form; on a valid post call `apply(cleaned_data)` and
    return to the hazard, or show the service's refusal on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            apply(form.cleaned_data)
        except XiaoanError as exc:
            form.add_error(None, exc.message)
            details = exc.details if isinstance(exc.details, dict) else {}
            for name, errors in details.items():
                if name in form.fields and isinstance(errors, list):
                    for error in errors:
                        form.add_error(name, str(error))
        else:
            messages.success(request, done)
            return redirect("hazard-detail", hazard_id=hazard.pk)
    return render(
        request,
        CHANGE_TEMPLATE,
        {
            "form": form,
            "hazard": hazard,
            "title": title,
            "crumb": title.split("：", 1)[0],
            "button": button,
            "note": note,
            "back_url": reverse("hazard-detail", args=[hazard.pk]),
        },
    )


@login_required
def hazard_extend(request: HttpRequest, hazard_id: int) -> HttpResponseBase:
    user = actor(request)
    hazard = visible_hazard(request, hazard_id)
    refusal = refused(request, hazard, "extend")
    if refusal is not None:
        return refusal
    form = ExtendForm(request.POST or None, initial={"version": hazard.version})
    current = f"{hazard.deadline:%Y年%-m月%-d日}" if hazard.deadline else "未定"

    def apply(data: dict[str, Any]) -> None:
        services.do_extend_deadline(
            hazard,
            acting_user=user,
            new_deadline=data["new_deadline"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return change_page(
        request,
        hazard,
        form,
        title=f"延期：{hazard}",
        button="确认延期",
        note=f"当前整改期限：{current}。延期会通知责任单位和发现单位。",
        apply=apply,
        done="已延期，已通知相关单位。",
    )


@login_required
def hazard_reassign(request: HttpRequest, hazard_id: int) -> HttpResponseBase:
    user = actor(request)
    hazard = visible_hazard(request, hazard_id)
    refusal = refused(request, hazard, "reassign")
    if refusal is not None:
        return refusal
    units = (
        Organisation.objects.restrict(user)
        .exclude(pk=hazard.responsible_organisation_id or 0)
        .select_related("area")
        .order_by("area__path", "kind", "name")
    )
    form = ReassignForm(
        request.POST or None, initial={"version": hazard.version}, organisations=units
    )
    current = hazard.responsible_organisation.name if hazard.responsible_organisation else "未定"

    def apply(data: dict[str, Any]) -> None:
        services.do_reassign_hazard(
            hazard,
            acting_user=user,
            organisation=data["organisation"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return change_page(
        request,
        hazard,
        form,
        title=f"改派：{hazard}",
        button="确认改派",
        note=f"当前责任单位：{current}。改派会通知原责任单位和新责任单位。",
        apply=apply,
        done="已改派，已通知原责任单位和新责任单位。",
    )
