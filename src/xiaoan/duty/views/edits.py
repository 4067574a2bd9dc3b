"""Edit pages of the duty desk's registers: an announced visit (迎检,
`/upcoming-inspections/<id>/edit/`) and a roster entry (值班安排, which has no page
of its own: `/duty/shifts/<id>/edit/`, linked from its day on the roster)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from xiaoan.areas.models import Organisation
from xiaoan.core.record_edit import DATE_WIDGET, EditForm, can_change, edit_page
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .. import services
from ..choices import DutyRole
from ..models import DutyShift, UpcomingInspection


class InspectionEditForm(EditForm):
    title = forms.CharField(label="名称", max_length=200)
    inspecting_body = forms.CharField(label="检查组/来访单位", max_length=200)
    starts_on = forms.DateField(label="开始日期", required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label="结束日期", required=False, widget=DATE_WIDGET)
    date_note = forms.CharField(label="时间说明", max_length=100, required=False)
    location = forms.CharField(label="地点/范围", max_length=300, required=False)
    focus = forms.CharField(
        label="检查重点", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    host_organisation = forms.ModelChoiceField(
        label="迎检牵头单位", queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, current: Organisation | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["host_organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        choices = Organisation.objects.restrict(user)
        if current is not None:
            choices = choices | Organisation.objects.filter(pk=current.pk)
        field.queryset = choices.order_by("area__path", "name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "结束日期早于开始日期。")
        return cleaned


class ShiftEditForm(EditForm):
    date = forms.DateField(label="日期", widget=DATE_WIDGET)
    role = forms.ChoiceField(label="岗位", choices=DutyRole.choices)
    person = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="电话", max_length=50, required=False)


@login_required
def inspection_edit(request: HttpRequest, inspection_id: int) -> HttpResponseBase:
    user = actor(request)
    inspection = get_visible_or_404(
        UpcomingInspection.objects.select_related("area", "host_organisation"),
        user,
        pk=inspection_id,
    )
    back = reverse("inspection-visit-detail", args=[inspection.pk])
    if not can_change(user, inspection):
        messages.error(request, "您无权修改此迎检：需要值班排班、迎检准备权限，且迎检属于本辖区。")
        return redirect(back)

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> Any:
        return services.do_update_inspection(
            inspection,
            acting_user=user,
            expected_version=expected_version,
            reason=reason,
            **changes,
        )

    return edit_page(
        request,
        inspection,
        form_class=InspectionEditForm,
        form_kwargs={"user": user, "current": inspection.host_organisation},
        save=save,
        title=f"修改迎检：{inspection.title}",
        back_url=back,
    )


def roster_url(shift: DutyShift) -> str:
    return f"{reverse('duty-roster')}?org={shift.organisation_id}&month={shift.date:%Y-%m}"


@login_required
def shift_edit(request: HttpRequest, shift_id: int) -> HttpResponseBase:
    user = actor(request)
    shift = get_visible_or_404(
        DutyShift.objects.select_related("organisation__area"), user, pk=shift_id
    )
    if not can_change(user, shift):
        messages.error(request, "您的角色无权安排值班。")
        return redirect(roster_url(shift))

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> DutyShift:
        return services.do_update_shift(
            shift, acting_user=user, expected_version=expected_version, reason=reason, **changes
        )

    # after a change of day the roster opens on the new day's month
    back = roster_url(shift)
    if request.method == "POST" and request.POST.get("date", "")[:7] not in (
        "",
        f"{shift.date:%Y-%m}",
    ):
        back = (
            f"{reverse('duty-roster')}?org={shift.organisation_id}&month={request.POST['date'][:7]}"
        )
    return edit_page(
        request,
        shift,
        form_class=ShiftEditForm,
        save=save,
        title=f"修改值班安排：{shift.organisation.name}",
        back_url=back,
        note="换成另一个单位的值班请取消后在该单位重新排班。",
    )
