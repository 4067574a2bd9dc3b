"""Forms that correct a task (the edit page) and adjust it (延期, 改派)."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoan.areas.models import Organisation
from xiaoan.core.cleanforms import CleanForm
from xiaoan.core.record_edit import DATE_WIDGET, REASON_MAX, EditForm, style_widgets

from .choices import RegisterKind
from .models import Phase, Task


class TaskEditForm(EditForm):
    """Plain corrections of a task; its deadline and lead unit have their own actions."""

    title = forms.CharField(label="任务", max_length=300)
    description = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    co_organisations = forms.ModelMultipleChoiceField(
        label="配合单位",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    phase = forms.ModelChoiceField(
        label="专项行动阶段", queryset=Phase.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        co = self.fields["co_organisations"]
        assert isinstance(co, forms.ModelMultipleChoiceField)
        co.queryset = Organisation.objects.restrict(user).order_by("area__path", "name")
        phase = self.fields["phase"]
        assert isinstance(phase, forms.ModelChoiceField)
        phase.queryset = (
            Phase.objects.restrict(user)
            .select_related("campaign")
            .order_by("-campaign__start", "number")
        )

    def clean_co_organisations(self) -> frozenset[Organisation]:
        # a set, so that the same units in another order are no change
        return frozenset(self.cleaned_data.get("co_organisations") or ())


class TargetEditForm(EditForm):
    subject = forms.CharField(label="对象", max_length=100)
    quantity = forms.DecimalField(label="目标数量", max_digits=12, decimal_places=2, min_value=0.01)
    unit = forms.CharField(label="单位", max_length=20)
    counts = forms.ChoiceField(label="统计方式", choices=RegisterKind.choices, required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)


class TaskAsEdited:
    """A task as its edit form reads it: co-organisations as a set of units (a
    many-to-many manager cannot be compared with the form's answer)."""

    def __init__(self, task: Task) -> None:
        self.task = task
        self.co_organisations = frozenset(task.co_organisations.all())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.task, name)

    def __str__(self) -> str:
        return str(self.task)


class AdjustmentForm(CleanForm):
    """Base of 延期 and 改派: the version the user saw and a required reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ExtensionForm(AdjustmentForm):
    new_deadline = forms.DateField(
        label="新期限",
        widget=DATE_WIDGET,
        error_messages={"required": "请填写新期限。", "invalid": "新期限不是有效日期。"},
    )
    reason = forms.CharField(
        label="延期原因",
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"placeholder": "如：受降雪影响，施工延后"}),
        error_messages={"required": "请填写延期原因：它会记入办理过程并通知牵头单位。"},
    )


class ReassignmentForm(AdjustmentForm):
    new_lead = forms.ModelChoiceField(
        label="新牵头单位",
        queryset=Organisation.objects.none(),
        error_messages={"required": "请选择新牵头单位。", "invalid_choice": "所选单位不存在。"},
    )
    reason = forms.CharField(
        label="改派原因",
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"placeholder": "如：职责调整，改由属地大队牵头"}),
        error_messages={"required": "请填写改派原因：它会记入办理过程并通知原、新牵头单位。"},
    )

    def __init__(self, *args: Any, user: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_lead"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Organisation.objects.restrict(user)
            .exclude(pk=task.lead_organisation_id)
            .order_by("area__path", "name")
        )
