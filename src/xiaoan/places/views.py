"""Pages of the water-source register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xiaoan.areas.forms import style
from xiaoan.areas.models import Area
from xiaoan.areas.roles import Permission
from xiaoan.core.cleanforms import CleanForm
from xiaoan.core.errors import XiaoanError
from xiaoan.core.filtering import parse_filter
from xiaoan.core.views import actor, paginate

from .choices import WaterSourceKind, WaterSourceStatus
from .filters import WaterSourceFilter
from .models import WaterSource
from .services import do_register_water_source


class WaterSourceForm(CleanForm):
    kind = forms.ChoiceField(label="类型", choices=WaterSourceKind.choices)
    number = forms.CharField(label="编号", max_length=50)
    location = forms.CharField(label="位置", max_length=300)
    area = forms.ModelChoiceField(label="区域", queryset=Area.objects.none())
    status = forms.ChoiceField(label="状态", choices=WaterSourceStatus.choices)
    commissioned_on = forms.DateField(
        label="投用日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = Area.objects.restrict(user).order_by("path")
        style(self)


@login_required
def water_source_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    filters, error = parse_filter(WaterSourceFilter, request.GET)
    qs = filters.filter(WaterSource.objects.restrict(user).select_related("area")).order_by(
        "kind", "number"
    )
    page = paginate(request, qs)
    can_register = user.can(Permission.ASSIGN_TASKS)
    # who may correct which row, from the rows' areas (no query per row)
    may_change = user.can(WaterSource.change_permission) and user.area is not None
    changeable = {w.pk for w in page if may_change and w.area.is_within(user.area)}
    form = WaterSourceForm(request.POST or None, user=user) if can_register else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            source = do_register_water_source(acting_user=user, **form.cleaned_data)
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记 {source}。")
            return redirect("water-source-list")
    return render(
        request,
        "places/water_source_list.html",
        {
            "page": page,
            "changeable": changeable,
            "error": error,
            "form": form,
            "kinds": WaterSourceKind.choices,
            "statuses": WaterSourceStatus.choices,
        },
    )
