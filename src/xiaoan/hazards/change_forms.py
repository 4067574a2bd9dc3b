"""Forms of a hazard's corrections: the edit page (修改), 延期 and 改派.

Each carries the version the user started from and a required reason, like
every record edit (`core.record_edit`)."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoan.areas.models import Organisation
from xiaoan.core.cleanforms import CleanForm
from xiaoan.core.record_edit import DATE_WIDGET, EditForm, style_widgets

from .choices import HazardCategory, Severity
from .services.changes import REASON_MAX


class HazardEditForm(EditForm):
    """The plain corrections of an open hazard; the deadline and the responsible
    unit change by 延期 and 改派."""

    category = forms.ChoiceField(label="类别", choices=HazardCategory.choices)
    severity = forms.ChoiceField(label="等级", choices=Severity.choices)
    major_element = forms.CharField(
        label="重大隐患判定要素（GB 35181）",
        required=False,
        max_length=300,
        help_text="等级为重大火灾隐患时必填",
    )
    description = forms.CharField(label="描述", widget=forms.Textarea(attrs={"rows": 3}))
    responsible_party = forms.CharField(label="责任主体（责任人）", required=False, max_length=200)


class ChangeForm(CleanForm):
    """Base of 延期 and 改派: the version and the reason (required)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields([n for n in self.fields if n != "reason"] + ["reason"])
        style_widgets(self)


class ExtendForm(ChangeForm):
    new_deadline = forms.DateField(
        label="新的整改期限",
        widget=DATE_WIDGET,
        error_messages={"required": "请填写新的整改期限。", "invalid": "请填写有效的日期。"},
    )
    reason = forms.CharField(
        label="延期原因",
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"placeholder": "如：需更换消防设施，设备到货需时"}),
        error_messages={"required": "延期须写明原因。"},
    )


class ReassignForm(ChangeForm):
    organisation = forms.ModelChoiceField(
        label="新的责任单位",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "请选择新的责任单位。",
            "invalid_choice": "请从列表中选择责任单位。",
        },
    )
    reason = forms.CharField(
        label="改派原因",
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"placeholder": "如：场所已更换物业公司"}),
        error_messages={"required": "改派须写明原因。"},
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
