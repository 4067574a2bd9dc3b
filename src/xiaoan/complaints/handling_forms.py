"""Forms of the handling actions on an order's page; each carries the version
the user saw, so an action on a stale page is refused."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoan.areas.models import Area, Organisation
from xiaoan.core.cleanforms import CleanForm
from xiaoan.directives.choices import ChaseChannel
from xiaoan.directives.forms import DateInput
from xiaoan.hazards.choices import HazardCategory, Severity
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place

from .handling import default_workdays


def style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.area.name}）"


class PlaceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.address}）"


class AreaChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return "　" * (obj.depth - 1) + obj.name


class VersionedForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DispatchForm(VersionedForm):
    organisation = UnitChoiceField(
        label="承办单位", queryset=Organisation.objects.none(), empty_label="请选择承办单位"
    )
    workdays = forms.IntegerField(
        label="办理时限（工作日）", min_value=1, max_value=60, required=False
    )
    deadline = forms.DateField(
        label="或指定办理期限", required=False, widget=DateInput, help_text="填写后以此日期为准"
    )
    note = forms.CharField(
        label="分派意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates
        self.fields["workdays"].initial = default_workdays()
        self.fields["workdays"].help_text = "按法定节假日和调休计算，默认 " + (
            f"{default_workdays()} 个工作日"
        )
        style(self)


class ReplyForm(VersionedForm):
    text = forms.CharField(label="办理答复", widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label="附件（可选：照片、PDF、Word）", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ReasonForm(VersionedForm):
    action = forms.ChoiceField(
        choices=[("return", "退回"), ("reject_reply", "退回重办"), ("close", "办结")]
    )
    reason = forms.CharField(label="原因", required=False)


class ChaseForm(CleanForm):
    channel = forms.ChoiceField(label="督办方式", choices=ChaseChannel.choices)
    note = forms.CharField(label="督办内容", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class AnswerForm(VersionedForm):
    answer = forms.CharField(label="答复督办")


class ConvertForm(VersionedForm):
    """Convert an order to a hazard: at a registered place, or at a new one."""

    place = PlaceChoiceField(label="已登记的场所", queryset=Place.objects.none(), required=False)
    new_place_name = forms.CharField(label="或登记新场所：名称", required=False, max_length=200)
    new_place_address = forms.CharField(label="新场所地址", required=False, max_length=300)
    new_place_area = AreaChoiceField(
        label="新场所所属区域", queryset=Area.objects.none(), required=False
    )
    new_place_kind = forms.ChoiceField(
        label="新场所类型", choices=PlaceKind.choices, required=False
    )
    category = forms.ChoiceField(
        label="隐患类别", choices=[("", "请选择"), *HazardCategory.choices]
    )
    severity = forms.ChoiceField(
        label="隐患等级", choices=Severity.choices, initial=Severity.ORDINARY, required=False
    )
    major_element = forms.CharField(
        label="重大隐患判定要素（GB 35181）", required=False, max_length=300
    )
    description = forms.CharField(label="隐患描述", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="整改期限", required=False, widget=DateInput)

    def __init__(self, *args: Any, places: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = self.fields["place"]
        assert isinstance(place, forms.ModelChoiceField)
        place.queryset = places
        place.empty_label = "—— 不选，登记新场所 ——"
        area = self.fields["new_place_area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = areas
        style(self)
