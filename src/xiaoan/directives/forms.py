"""Forms of the supervision desk's pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from xiaoan.areas.forms import style
from xiaoan.areas.models import Organisation
from xiaoan.core.cleanforms import CleanForm
from xiaoan.core.formatting import quantity

from .choices import ActivityKind, ChaseChannel
from .models import Phase
from .services import TargetSpec


class DateInput(forms.DateInput):
    """The browser's date picker, which reads and writes YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TaskForm(CleanForm):
    """Assign a task; targets are typed one per line as "对象 数量 单位"."""

    title = forms.CharField(label="任务", max_length=300)
    description = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lead_organisation = forms.ModelChoiceField(
        label="牵头单位", queryset=Organisation.objects.none()
    )
    co_organisations = forms.ModelMultipleChoiceField(
        label="配合单位",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    deadline = forms.DateField(label="期限", widget=DateInput, required=False)
    phase = forms.ModelChoiceField(
        label="专项行动阶段",
        queryset=Phase.objects.none(),
        required=False,
        help_text="任务属于某个专项行动的某个阶段时选择",
    )
    targets = forms.CharField(
        label="量化目标",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "每行一个，如：市政消火栓 100 个"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phase = self.fields["phase"]
        assert isinstance(phase, forms.ModelChoiceField)
        phase.queryset = (
            Phase.objects.restrict(user)
            .select_related("campaign")
            .order_by("-campaign__start", "number")
        )
        visible = Organisation.objects.restrict(user).order_by("area__path", "name")
        for name in ("lead_organisation", "co_organisations"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = visible
        style(self)

    def clean_targets(self) -> list[TargetSpec]:
        specs = []
        for number, line in enumerate(self.cleaned_data["targets"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 3:
                raise forms.ValidationError(f"第{number}行应为“对象 数量 单位”三项，用空格分开。")
            try:
                quantity = Decimal(parts[1])
            except InvalidOperation as exc:
                raise forms.ValidationError(f"第{number}行的数量“{parts[1]}”不是数字。") from exc
            specs.append(TargetSpec(parts[0], quantity, parts[2]))
        return specs


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content when stored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        items = list(data) if isinstance(data, list | tuple) else ([data] if data else [])
        if not items:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [single(item, initial) for item in items]


class ProgressForm(CleanForm):
    date = forms.DateField(label="日期", widget=DateInput)
    text = forms.CharField(label="进展", widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label="照片或材料", required=False)  # type: ignore[assignment]

    def __init__(self, *args: Any, targets: list[Any], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", today)
        self.manual_targets = [t for t in targets if not t.counts]
        for target in self.manual_targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=f"{target.subject}累计完成（{target.unit}，目标 {quantity(target.quantity)}）",
                required=False,
                min_value=Decimal(0),
            )
        style(self)

    def quantities(self) -> dict[int, Decimal]:
        return {
            t.pk: self.cleaned_data[f"target_{t.pk}"]
            for t in self.manual_targets
            if self.cleaned_data.get(f"target_{t.pk}") is not None
        }


class ChaseForm(CleanForm):
    channel = forms.ChoiceField(label="方式", choices=ChaseChannel.choices)
    note = forms.CharField(
        label="督办内容", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ActivityForm(CleanForm):
    kind = forms.ChoiceField(label="类型", choices=ActivityKind.choices)
    date = forms.DateField(label="日期", widget=DateInput)
    title = forms.CharField(label="标题", max_length=300)
    participants = forms.IntegerField(label="参与人数", required=False, min_value=0)
    reach = forms.IntegerField(label="覆盖人次", required=False, min_value=0)
    description = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
