"""Forms of hazard elimination's pages (phone-friendly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from xiaoan.areas.forms import style
from xiaoan.areas.models import Area
from xiaoan.core import clock
from xiaoan.core.cleanforms import CleanForm
from xiaoan.directives.forms import DateInput, MultipleFileField
from xiaoan.directives.models import Campaign
from xiaoan.places.choices import PlaceKind, RiskLevel

from .choices import EnforcementKind, HazardCategory, InspectionKind, Severity
from .inspection_forms import CoInspectorField
from .models import SupervisionVisit
from .services.inspectors import co_inspector_candidates


class InspectionForm(CleanForm):
    """One inspection: the place, the categories found (or none), photos, fellow inspectors."""

    kind = forms.ChoiceField(label="检查类型", choices=InspectionKind.choices)
    campaign = forms.ModelChoiceField(
        label="专项行动", queryset=Campaign.objects.none(), required=False
    )
    visit = forms.ModelChoiceField(
        label="督导检查（领导带队时选）", queryset=SupervisionVisit.objects.none(), required=False
    )
    no_hazard = forms.BooleanField(label="未发现隐患", required=False)
    categories = forms.MultipleChoiceField(
        label="发现的隐患（可多选）",
        choices=HazardCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label="隐患描述",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "位置、情况，如：3号楼1单元楼道停放电动车4辆"}
        ),
    )
    severity = forms.ChoiceField(
        label="等级", choices=Severity.choices, initial=Severity.ORDINARY, required=False
    )
    major_element = forms.CharField(label="重大隐患判定要素（GB 35181）", required=False)
    deadline = forms.DateField(label="整改期限", required=False, widget=DateInput)
    inspectors = CoInspectorField()
    photos = MultipleFileField(label="现场照片", required=False)
    notes = forms.CharField(
        label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, place: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign = self.fields["campaign"]
        inspectors = self.fields["inspectors"]
        assert isinstance(campaign, forms.ModelChoiceField) and isinstance(
            inspectors, forms.ModelChoiceField
        )
        campaign.queryset = Campaign.objects.restrict(user).order_by("-start")
        visit = self.fields["visit"]
        assert isinstance(visit, forms.ModelChoiceField)
        recent = clock.today() - dt.timedelta(days=90)
        visit.queryset = (
            SupervisionVisit.objects.restrict(user).filter(date__gte=recent).order_by("-date")
        )
        if not self.is_bound:
            # the campaign under way today, if any, is what most inspections belong to
            today = clock.today()
            current = campaign.queryset.filter(start__lte=today, end__gte=today).first()
            self.initial.setdefault("campaign", current.pk if current else None)
        # the people of the place's community, township and brigade, whoever records
        inspectors.queryset = co_inspector_candidates(place, lead=user)
        self.fields["photos"].widget.attrs.update({"accept": "image/*", "capture": "environment"})
        style(self)

    #: the fields shown below the category checkboxes, in this order
    DETAIL_FIELDS = (
        "description",
        "severity",
        "major_element",
        "deadline",
        "photos",
        "notes",
    )

    def detail_fields(self) -> list[Any]:
        return [self[name] for name in self.DETAIL_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("categories") and not (data.get("description") or "").strip():
            self.add_error("description", "请描述发现的隐患。")
        data["severity"] = data.get("severity") or Severity.ORDINARY
        return data


class PlaceForm(CleanForm):
    name = forms.CharField(label="名称", max_length=200)
    address = forms.CharField(label="地址", max_length=300)
    area = forms.ModelChoiceField(label="区域", queryset=Area.objects.none())
    kind = forms.ChoiceField(label="类型", choices=PlaceKind.choices)
    responsible_person = forms.CharField(label="负责人", max_length=50, required=False)
    contact = forms.CharField(label="联系电话", max_length=50, required=False)
    risk_level = forms.ChoiceField(
        label="风险等级", choices=RiskLevel.choices, initial=RiskLevel.MEDIUM
    )
    latitude = forms.DecimalField(label="纬度", required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label="经度", required=False, max_digits=9, decimal_places=6)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = Area.objects.restrict(user).order_by("path")
        style(self)


class FixForm(CleanForm):
    text = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultipleFileField(label="整改后照片或证明材料（必传）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs.update(
            {"accept": "image/*,application/pdf", "capture": "environment"}
        )
        style(self)


class EnforcementForm(CleanForm):
    kind = forms.ChoiceField(label="措施", choices=EnforcementKind.choices)
    decided_on = forms.DateField(label="决定日期", widget=DateInput)
    lifted_on = forms.DateField(label="解除日期", required=False, widget=DateInput)
    amount = forms.DecimalField(
        label="罚款金额（元）", required=False, max_digits=12, decimal_places=2
    )
    document_number = forms.CharField(label="文书编号", max_length=100, required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
