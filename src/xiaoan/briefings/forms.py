"""The form that starts a briefing or special report, and the section edit form."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.core.cleanforms import CleanForm
from xiaoan.directives.models import Phase

from .choices import BriefingKind, Subject

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})


class StartForm(CleanForm):
    kind = forms.ChoiceField(
        label="类型",
        choices=BriefingKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    area = forms.ModelChoiceField(
        label="区域",
        queryset=Area.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    month = forms.RegexField(
        label="月份",
        regex=r"^\d{4}-\d{2}$",
        required=False,
        error_messages={"invalid": "月份应为 2024-03 这样的年-月。"},
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "2024-03"}),
        help_text="月度通报：期间默认自上月1日（或上期通报次日）至成文日期。",
    )
    start = forms.DateField(label="起始日期", required=False, widget=DATE)
    end = forms.DateField(label="截止日期", required=False, widget=DATE)
    subject = forms.ChoiceField(
        label="专报主题",
        choices=[("", "—"), *Subject.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    phase = forms.ModelChoiceField(
        label="专项行动阶段",
        queryset=Phase.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.restrict(user).order_by("path")
        phase_field = self.fields["phase"]
        assert isinstance(phase_field, forms.ModelChoiceField)
        phase_field.queryset = (
            Phase.objects.restrict(user).select_related("campaign").order_by("-start", "number")
        )
        phase_field.label_from_instance = lambda p: f"{p.campaign.name} · {p.name}"  # type: ignore[method-assign,assignment]
        if not self.is_bound:
            self.initial.setdefault("month", f"{clock.today():%Y-%m}")
            self.initial.setdefault("area", user.area_id)


class EditForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    key = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="内容",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 8}),
        help_text="一段一行；以“（一）”“1.”开头的行为标题。清空则恢复为生成的内容。",
    )
