"""The edit page of a supervision visit (`/supervision-visits/<id>/edit/`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from xiaoan.core.record_edit import DATE_WIDGET, EditForm, can_change, edit_page
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from ..models import SupervisionVisit
from ..services.visits import do_update_visit


class VisitEditForm(EditForm):
    date = forms.DateField(label="日期", widget=DATE_WIDGET)
    title = forms.CharField(label="名称", max_length=200)
    leader_name = forms.CharField(label="带队领导", max_length=50)
    leader_title = forms.CharField(label="职务", max_length=50, required=False)
    unannounced = forms.BooleanField(label="四不两直", required=False)
    notes = forms.CharField(label="情况", required=False, widget=forms.Textarea(attrs={"rows": 4}))


@login_required
def visit_edit(request: HttpRequest, visit_id: int) -> HttpResponseBase:
    user = actor(request)
    visit = get_visible_or_404(SupervisionVisit.objects.select_related("area"), user, pk=visit_id)
    back = reverse("visit-detail", args=[visit.pk])
    if not can_change(user, visit):
        messages.error(request, "您的角色无权修改此督导检查记录。")
        return redirect(back)

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> SupervisionVisit:
        return do_update_visit(
            visit, acting_user=user, expected_version=expected_version, reason=reason, **changes
        )

    return edit_page(
        request,
        visit,
        form_class=VisitEditForm,
        save=save,
        title=f"修改督导检查：{visit.title}",
        back_url=back,
        note="检查场所数、隐患数等合计来自所含的检查记录，不在此修改。",
    )
