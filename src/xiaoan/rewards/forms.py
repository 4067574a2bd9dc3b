"""Forms of reward reports: the public report, and the staff's actions."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoan.areas.models import Area
from xiaoan.core.cleanforms import CleanForm
from xiaoan.directives.forms import MultipleFileField, MultipleFileInput
from xiaoan.hazards.choices import HazardCategory, Severity

from .choices import PayoutMethod, Satisfaction, Verdict

CONSENT_TEXT = (
    "我承诺所举报情况真实。我同意消防部门为核实举报、评定和发放奖励使用我填写的信息和照片；"
    "联系电话只用于告知办理结果和发放奖励，仅办理举报奖励的工作人员可以查看，不会公开。"
)


def bootstrap(form: forms.Form) -> None:
    """Give a staff form's widgets Bootstrap's classes."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault(
            "class", f"{css} form-control-sm" if css == "form-control" else f"{css} form-select-sm"
        )


class StaffForm(CleanForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class PublicReportForm(CleanForm):
    """Rendering only: the service checks every value and names every problem in
    one message, so the form asks for nothing itself."""

    description = forms.CharField(
        label="隐患情况",
        max_length=2000,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "如：小区3号楼1单元楼道内停放电动车并充电"}
        ),
    )
    address = forms.CharField(
        label="详细地址",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：兴隆台区惠宾街道惠宾小区3号楼"}),
    )
    area = forms.ModelChoiceField(
        label="所在区县或街道（可不选）",
        queryset=Area.objects.none(),
        required=False,
        empty_label="不清楚，由工作人员判断",
    )
    photos = MultipleFileField(
        label="现场照片（1—6 张）",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )
    reporter_name = forms.CharField(label="您的姓名（可不填）", max_length=30, required=False)
    phone = forms.CharField(
        label="联系电话（可不填，用于告知结果和发放奖励）",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = Area.objects.filter(
            level__in=(Area.Level.COUNTY, Area.Level.TOWNSHIP)
        ).order_by("path")
        area.label_from_instance = area_label  # type: ignore[method-assign,assignment]


def area_label(area: Area) -> str:
    """Townships indented under their district in the public form's list."""
    return ("— " if area.level == Area.Level.TOWNSHIP else "") + area.name


class StatusForm(CleanForm):
    code = forms.CharField(label="受理编号", max_length=20)


class SatisfactionForm(CleanForm):
    code = forms.CharField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label="您对办理结果是否满意？",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(label="意见（可不填）", max_length=300, required=False)


class VerifyForm(StaffForm):
    verdict = forms.ChoiceField(label="核实结论", choices=Verdict.choices)
    note = forms.CharField(
        label="核实情况（不属实或重复时必填，将告知举报人）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hazard = forms.IntegerField(label="关联已有隐患（隐患编号，可不填）", required=False)
    duplicate_of = forms.CharField(label="与之重复的举报（受理编号）", required=False)
    place = forms.IntegerField(label="或：在场所登记新隐患（场所编号）", required=False)
    category = forms.ChoiceField(
        label="新隐患类别", choices=[("", "—"), *HazardCategory.choices], required=False
    )
    severity = forms.ChoiceField(label="新隐患等级", choices=Severity.choices, required=False)
    major_element = forms.CharField(label="重大隐患判定要素（GB 35181）", required=False)


class DecideForm(StaffForm):
    severity = forms.ChoiceField(
        label="隐患等级（未关联隐患时）", choices=Severity.choices, required=False
    )


class PayForm(StaffForm):
    method = forms.ChoiceField(label="发放方式", choices=PayoutMethod.choices)
    reference = forms.CharField(label="凭证号", max_length=100)
    note = forms.CharField(label="备注", max_length=300, required=False)


def version_of(data: Any) -> int:
    """The version an edit started from; a missing or garbled one matches no record,
    so the edit is refused as stale rather than failing."""
    value = str(data.get("version") or "")
    return int(value) if value.isdigit() else -1
