"""Forms of an order's classification and placing, and of the classification dictionary."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoan.areas.models import Area
from xiaoan.core.cleanforms import CleanForm, CleanModelForm
from xiaoan.hazards.choices import HazardCategory

from .models import ClassificationKeyword, Complaint

CATEGORY_CHOICES = [("", "（无）"), *HazardCategory.choices]


class ClassifyForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    fire_related = forms.TypedChoiceField(
        label="涉及消防安全",
        choices=[("1", "是"), ("0", "否")],
        coerce=lambda v: v == "1",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    hazard_category = forms.ChoiceField(
        label="隐患类别",
        choices=CATEGORY_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    @classmethod
    def for_complaint(cls, complaint: Complaint) -> ClassifyForm:
        return cls(
            initial={
                "version": complaint.version,
                "fire_related": "1" if complaint.fire_related else "0",
                "hazard_category": complaint.hazard_category,
            }
        )


class PlaceForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    area = forms.ModelChoiceField(
        label="区域",
        queryset=Area.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = (
            Area.objects.restrict(user).filter(level__lte=Area.Level.COMMUNITY).order_by("path")
        )
        area_field.label_from_instance = lambda a: "　" * (a.level - 1) + a.name  # type: ignore[method-assign,assignment]


class KeywordForm(CleanModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ClassificationKeyword
        fields = ["word", "hazard_category", "weight", "active", "note"]
        widgets = {
            "word": forms.TextInput(attrs={"class": "form-control"}),
            "hazard_category": forms.Select(attrs={"class": "form-select"}),
            "weight": forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
            "active": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "note": forms.TextInput(attrs={"class": "form-control"}),
        }
        help_texts = {"weight": "正数：倾向涉及消防；负数：非消防话题（如 暖气、物业费）。"}

    def validate_unique(self) -> None:
        """The service refuses a word already in the dictionary, with a clearer message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["word"].disabled = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version
