"""Edit forms of the supervision desk's records (see `core.record_edit`): the
fields a correction may change, under the model's field names."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaoan.core.record_edit import EditForm

from .choices import ActionKind, ActivityKind, InstructionKind, Level, SourceKind
from .forms import DateInput


def text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class InstructionEditForm(EditForm):
    date = forms.DateField(label="日期", widget=DateInput)
    leader_name = forms.CharField(label="领导", max_length=50)
    leader_title = forms.CharField(label="职务", max_length=50, required=False)
    kind = forms.ChoiceField(label="类型", choices=InstructionKind.choices)
    source_title = forms.CharField(label="批示载体", max_length=300, required=False)
    source_kind = forms.ChoiceField(label="载体类型", choices=SourceKind.choices)
    text = forms.CharField(label="批示内容", widget=text_area(4), required=False)
    addressees = forms.CharField(label="批给", max_length=300, required=False)
    feedback = forms.CharField(label="落实反馈", widget=text_area(3), required=False)
    feedback_date = forms.DateField(label="反馈日期", widget=DateInput, required=False)


class MeetingEditForm(EditForm):
    date = forms.DateField(label="日期", widget=DateInput)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    title = forms.CharField(label="会议名称", max_length=300)
    host = forms.CharField(label="主持", max_length=100, required=False)
    attendees = forms.CharField(label="参会", widget=text_area(2), required=False)
    summary = forms.CharField(label="会议内容", widget=text_area(3), required=False)


class DocumentEditForm(EditForm):
    title = forms.CharField(label="文件标题", max_length=300, help_text="《》中的文字")
    issuer = forms.CharField(label="发文单位", max_length=200, required=False)
    number = forms.CharField(label="文号", max_length=100, required=False)
    date = forms.DateField(label="日期", widget=DateInput, required=False)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    summary = forms.CharField(label="内容摘要", widget=text_area(3), required=False)
    follow_through = forms.CharField(label="本地落实情况", widget=text_area(2), required=False)


class RequirementEditForm(EditForm):
    text = forms.CharField(label="内容", widget=text_area(3))
    deadline = forms.DateField(label="期限", widget=DateInput, required=False)


class CampaignEditForm(EditForm):
    name = forms.CharField(label="名称", max_length=200)
    plan_title = forms.CharField(label="实施方案", max_length=300, required=False)
    start = forms.DateField(label="开始日期", widget=DateInput)
    end = forms.DateField(label="结束日期", widget=DateInput)
    description = forms.CharField(label="说明", widget=text_area(2), required=False)


class PhaseEditForm(EditForm):
    name = forms.CharField(label="名称", max_length=100)
    start = forms.DateField(label="开始日期", widget=DateInput)
    end = forms.DateField(label="结束日期", widget=DateInput)
    actions = forms.MultipleChoiceField(
        label="行动",
        choices=ActionKind.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": len(ActionKind.choices)}),
        help_text="可多选（按住 Ctrl 或 ⌘ 点选）",
    )

    def clean_actions(self) -> str:
        """As the phase stores them: codes, comma-separated, in the order of the choices."""
        chosen = set(self.cleaned_data.get("actions") or [])
        return ",".join(code for code in ActionKind.values if code in chosen)


def phase_initial(actions: str) -> dict[str, Any]:
    return {"actions": [a for a in actions.split(",") if a]}


class ActivityEditForm(EditForm):
    kind = forms.ChoiceField(label="类型", choices=ActivityKind.choices)
    date = forms.DateField(label="日期", widget=DateInput, help_text="阶段按日期自动确定")
    title = forms.CharField(label="标题", max_length=300)
    participants = forms.IntegerField(label="参与人数", min_value=0, required=False)
    reach = forms.IntegerField(label="覆盖人次", min_value=0, required=False)
    description = forms.CharField(label="说明", widget=text_area(2), required=False)
