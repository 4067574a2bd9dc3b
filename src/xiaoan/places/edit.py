"""Edit pages of the registers: a place (`/places/<id>/edit/`) and a water source
(`/water-sources/<id>/edit/`, linked from the register's list, which is its page)."""

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

from .choices import PlaceKind, RiskLevel, WaterSourceStatus
from .models import Place, WaterSource
from .services import do_update_place, do_update_water_source


class PlaceEditForm(EditForm):
    name = forms.CharField(label="名称", max_length=200)
    address = forms.CharField(label="地址", max_length=300)
    kind = forms.ChoiceField(label="类型", choices=PlaceKind.choices)
    responsible_person = forms.CharField(label="负责人", max_length=50, required=False)
    contact = forms.CharField(label="联系电话", max_length=50, required=False)
    property_company = forms.ModelChoiceField(
        label="物业公司/产权单位", queryset=Organisation.objects.none(), required=False
    )
    risk_level = forms.ChoiceField(label="风险等级", choices=RiskLevel.choices)
    latitude = forms.DecimalField(label="纬度", required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label="经度", required=False, max_digits=9, decimal_places=6)

    def __init__(self, *args: Any, user: Any, current: Organisation | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["property_company"]
        assert isinstance(field, forms.ModelChoiceField)
        visible = Organisation.objects.restrict(user).filter(
            kind=Organisation.Kind.PROPERTY_COMPANY
        )
        if current is not None:
            # the company already named stays choosable even if outside the editor's view
            visible = visible | Organisation.objects.filter(pk=current.pk)
        field.queryset = visible.order_by("name")


class WaterSourceEditForm(EditForm):
    location = forms.CharField(label="位置", max_length=300)
    status = forms.ChoiceField(label="状态", choices=WaterSourceStatus.choices)
    commissioned_on = forms.DateField(label="投用日期", required=False, widget=DATE_WIDGET)
    latitude = forms.DecimalField(label="纬度", required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label="经度", required=False, max_digits=9, decimal_places=6)


@login_required
def place_edit(request: HttpRequest, place_id: int) -> HttpResponseBase:
    user = actor(request)
    place = get_visible_or_404(
        Place.objects.select_related("area", "property_company"), user, pk=place_id
    )
    back = reverse("place-detail", args=[place.pk])
    if not can_change(user, place):
        messages.error(request, "您的角色无权修改此场所。")
        return redirect(back)

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> Place:
        return do_update_place(
            place, acting_user=user, expected_version=expected_version, reason=reason, **changes
        )

    return edit_page(
        request,
        place,
        form_class=PlaceEditForm,
        form_kwargs={"user": user, "current": place.property_company},
        save=save,
        title=f"修改场所：{place.name}",
        back_url=back,
        note="区域不在此修改：场所划归另一区域请联系上级。",
    )


@login_required
def water_source_edit(request: HttpRequest, source_id: int) -> HttpResponseBase:
    user = actor(request)
    source = get_visible_or_404(WaterSource.objects.select_related("area"), user, pk=source_id)
    back = reverse("water-source-list")
    if not can_change(user, source):
        messages.error(request, "您的角色无权修改消防水源台账。")
        return redirect(back)

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> WaterSource:
        return do_update_water_source(
            source, acting_user=user, expected_version=expected_version, reason=reason, **changes
        )

    return edit_page(
        request,
        source,
        form_class=WaterSourceEditForm,
        save=save,
        title=f"修改消防水源：{source}",
        back_url=back,
        success_message=f"已保存 {source} 的修改。",
        note="类型和编号是水源的标识，不能修改；登记错误的请联系管理员。",
    )
