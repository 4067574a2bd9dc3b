"""Forms that record instructions, meetings, documents and campaigns.

Numbered items are typed one per line; a deadline may follow a vertical bar,
e.g. "开展全覆盖、地毯式排查 | 2024-03-08". Phases are typed one per line as
"名称 | 开始日期 | 结束日期 | 行动（可选，如 大排查、大整治）".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from xiaoan.areas.forms import style
from xiaoan.areas.models import User
from xiaoan.core.cleanforms import CleanForm

from .choices import ActionKind, InstructionKind, Level, SourceKind
from .forms import DateInput
from .models import Instruction
from .services import PhaseSpec, RequirementSpec

ITEMS_HELP = "每行一项；有期限的在后面加“| 日期”，如：开展全覆盖排查 | 2024-03-08"
PHASES_HELP = (
    "每行一个阶段：名称 | 开始日期 | 结束日期 | 行动（可选，用顿号分隔，如 大排查、大整治）"
)


def parse_date(text: str, line: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise forms.ValidationError(f"第{line}行的日期“{text.strip()}”应写成 YYYY-MM-DD。") from exc


def parse_items(text: str) -> list[RequirementSpec]:
    items = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        body, _, deadline = raw.partition("|")
        if not body.strip():
            raise forms.ValidationError(f"第{number}行没有内容。")
        items.append(
            RequirementSpec(
                body.strip(), parse_date(deadline, number) if deadline.strip() else None
            )
        )
    return items


ACTION_BY_LABEL = {str(label): value for value, label in ActionKind.choices}


def parse_phases(text: str) -> list[PhaseSpec]:
    phases = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) < 3:
            raise forms.ValidationError(f"第{number}行应为“名称 | 开始日期 | 结束日期”。")
        actions = []
        if len(parts) > 3 and parts[3]:
            for label in parts[3].replace("，", "、").replace(",", "、").split("、"):
                if label.strip() not in ACTION_BY_LABEL:
                    raise forms.ValidationError(
                        f"第{number}行的行动“{label.strip()}”不认识；可用：{'、'.join(ACTION_BY_LABEL)}。"
                    )
                actions.append(ACTION_BY_LABEL[label.strip()])
        phases.append(
            PhaseSpec(parts[0], parse_date(parts[1], number), parse_date(parts[2], number), actions)
        )
    return phases


class InstructionForm(CleanForm):
    date = forms.DateField(label="日期", widget=DateInput)
    leader = forms.ModelChoiceField(
        label="领导（系统用户，可不选）", queryset=User.objects.none(), required=False
    )
    leader_name = forms.CharField(
        label="领导姓名", max_length=50, required=False, help_text="如：炳森；选了系统用户可不填"
    )
    leader_title = forms.CharField(
        label="职务", max_length=50, required=False, help_text="如：书记、副市长"
    )
    kind = forms.ChoiceField(label="类型", choices=InstructionKind.choices)
    parent = forms.ModelChoiceField(
        label="所跟批示（跟批时选）", queryset=Instruction.objects.none(), required=False
    )
    source_title = forms.CharField(
        label="批示载体", max_length=300, required=False, help_text="批示所在的报告、文章或专报"
    )
    source_kind = forms.ChoiceField(label="载体类型", choices=SourceKind.choices)
    text = forms.CharField(
        label="批示内容", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    addressees = forms.CharField(label="批给", max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leader = self.fields["leader"]
        parent = self.fields["parent"]
        assert isinstance(leader, forms.ModelChoiceField) and isinstance(
            parent, forms.ModelChoiceField
        )
        leader.queryset = (
            User.objects.restrict(user).filter(roles__contains=",city_leader,").order_by("username")
        )
        parent.queryset = Instruction.objects.restrict(user).order_by("-date", "-id")
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        leader = data.get("leader")
        if leader is not None:
            data["leader_name"] = data.get("leader_name") or leader.full_name
            data["leader_title"] = data.get("leader_title") or leader.title
        if not data.get("leader_name"):
            self.add_error("leader_name", "请填写领导姓名或选择系统用户。")
        return data


class MeetingForm(CleanForm):
    date = forms.DateField(label="日期", widget=DateInput)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    title = forms.CharField(label="会议名称", max_length=300)
    host = forms.CharField(label="主持", max_length=100, required=False)
    attendees = forms.CharField(
        label="参会", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    summary = forms.CharField(
        label="会议内容", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    items = forms.CharField(
        label="会议要求（编号事项）",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=ITEMS_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean_items(self) -> list[RequirementSpec]:
        return parse_items(self.cleaned_data["items"])


class DocumentForm(CleanForm):
    title = forms.CharField(label="文件标题", max_length=300, help_text="《》中的文字")
    issuer = forms.CharField(label="发文单位", max_length=200, required=False)
    number = forms.CharField(label="文号", max_length=100, required=False)
    date = forms.DateField(label="日期", widget=DateInput, required=False)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    summary = forms.CharField(
        label="内容摘要", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_through = forms.CharField(
        label="本地落实情况", max_length=500, required=False, help_text="如：等待省级子方案"
    )
    requirements = forms.CharField(
        label="文件要求（编号事项）",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=ITEMS_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean_requirements(self) -> list[RequirementSpec]:
        return parse_items(self.cleaned_data["requirements"])


class CampaignForm(CleanForm):
    name = forms.CharField(label="名称", max_length=200)
    plan_title = forms.CharField(label="实施方案", max_length=300, required=False)
    start = forms.DateField(label="开始日期", widget=DateInput)
    end = forms.DateField(label="结束日期", widget=DateInput)
    description = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    phases = forms.CharField(
        label="阶段",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=PHASES_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean_phases(self) -> list[PhaseSpec]:
        return parse_phases(self.cleaned_data["phases"])
