"""Forms of the duty desk's pages. Times typed in are Beijing time."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoan.areas.models import Area, Organisation
from xiaoan.core.cleanforms import CleanForm

from .choices import (
    DutyRole,
    IncidentKind,
    ReportChannel,
    ReportKind,
    RuleKind,
    SafetyStatus,
    SensitiveVenue,
)

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class StyledForm(CleanForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


def area_field(user: Any, label: str = "所属区域") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(Area.objects.restrict(user).order_by("path"), label=label)


class IncidentForm(StyledForm):
    alarm_at = forms.DateTimeField(
        label="接警时间", widget=DATETIME_WIDGET, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    kind = forms.ChoiceField(label="类型", choices=IncidentKind.choices)
    address = forms.CharField(label="地址", max_length=300)
    place_name = forms.CharField(label="场所名称", max_length=200, required=False)
    sensitive_venue = forms.ChoiceField(
        label="敏感群体场所", choices=SensitiveVenue.choices, required=False
    )
    dead = forms.IntegerField(label="死亡", min_value=0, initial=0)
    injured = forms.IntegerField(label="受伤", min_value=0, initial=0)
    trapped = forms.IntegerField(label="被困", min_value=0, initial=0)
    description = forms.CharField(
        label="情况描述", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = area_field(user)
        self.order_fields(["alarm_at", "kind", "area", "address"])
        style(self)


class IncidentEditForm(StyledForm):
    """Corrections to an incident's facts; carries the version the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    alarm_at = forms.DateTimeField(
        label="接警时间", widget=DATETIME_WIDGET, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    kind = forms.ChoiceField(label="类型", choices=IncidentKind.choices)
    address = forms.CharField(label="地址", max_length=300)
    place_name = forms.CharField(label="场所名称", max_length=200, required=False)
    sensitive_venue = forms.ChoiceField(
        label="敏感群体场所", choices=SensitiveVenue.choices, required=False
    )
    dead = forms.IntegerField(label="死亡", min_value=0)
    injured = forms.IntegerField(label="受伤", min_value=0)
    trapped = forms.IntegerField(label="被困", min_value=0)
    description = forms.CharField(
        label="情况描述", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReportForm(StyledForm):
    kind = forms.ChoiceField(label="报送类别", choices=ReportKind.choices)
    recipient = forms.CharField(label="报送对象", max_length=200, initial="市应急管理局指挥中心")
    channel = forms.ChoiceField(label="报送方式", choices=ReportChannel.choices)
    content = forms.CharField(label="报送内容", widget=forms.Textarea(attrs={"rows": 3}))
    sent_at = forms.DateTimeField(
        label="报送时间（不填为现在）",
        required=False,
        widget=DATETIME_WIDGET,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k, ReportKind(k).label) for k in kinds]


class RuleForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="名称", max_length=100)
    threshold = forms.IntegerField(label="人数阈值", min_value=1)
    deadline_minutes = forms.IntegerField(label="报送时限（分钟）", min_value=1)
    active = forms.BooleanField(label="启用", required=False)


class NewRuleForm(StyledForm):
    kind = forms.ChoiceField(label="条件", choices=RuleKind.choices)
    name = forms.CharField(label="名称", max_length=100, required=False)
    threshold = forms.IntegerField(label="人数阈值", min_value=1, initial=1)
    deadline_minutes = forms.IntegerField(label="报送时限（分钟）", min_value=1, initial=60)


class ShiftForm(StyledForm):
    role = forms.ChoiceField(
        label="岗位", choices=DutyRole.choices, widget=forms.Select(attrs={"aria-label": "岗位"})
    )
    person = forms.CharField(
        label="姓名",
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": "姓名", "aria-label": "姓名"}),
    )
    phone = forms.CharField(
        label="电话",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "电话（可空）", "aria-label": "电话"}),
    )


class SubmissionForm(StyledForm):
    status = forms.ChoiceField(label="安全状况", choices=SafetyStatus.choices)
    content = forms.CharField(label="情况说明", widget=forms.Textarea(attrs={"rows": 3}))


class InspectionForm(StyledForm):
    title = forms.CharField(label="名称", max_length=200)
    inspecting_body = forms.CharField(label="检查组/来访单位", max_length=200)
    starts_on = forms.DateField(label="开始日期", required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label="结束日期", required=False, widget=DATE_WIDGET)
    date_note = forms.CharField(label="时间说明", max_length=100, required=False)
    location = forms.CharField(label="地点/范围", max_length=300, required=False)
    focus = forms.CharField(
        label="检查重点", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    summary = forms.CharField(
        label="通报表述",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="写入通报的句子；不填则按以上各项自动组句。",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = area_field(user)
        style(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "结束日期早于开始日期。")
        return cleaned


class ChecklistItemForm(StyledForm):
    title = forms.CharField(label="准备事项", max_length=300)
    deadline = forms.DateField(label="完成期限", required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = forms.ModelChoiceField(
            Organisation.objects.restrict(user).order_by("area__path", "name"), label="责任单位"
        )
        self.order_fields(["title", "owner", "deadline"])
        style(self)
