"""The sections of a briefing, each gathered from the records of an area and period.

一、领导批示情况: instructions in date order, follow-ups under the one they follow.
二、有关会议情况: each meeting with its numbered items.
三、督导检查情况: supervision visits (grouped per leader for unannounced ones), their
hazards, enforcement and the state of rectification; earlier visits stay in while
their hazards are still open. Announced visits by higher levels come from outside.
四、近期重点工作及文件要求: documents by level with their requirements and
deadlines, and the campaigns' current and next phases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import groupby

from django.db.models import Count, Prefetch, Q

from xiaoan.areas.models import Area
from xiaoan.core.clock import LOCAL_TZ
from xiaoan.directives.choices import InstructionKind, Level, SourceKind, TaskStatus
from xiaoan.directives.models import Campaign, Document, Instruction, Meeting, Phase, Requirement
from xiaoan.hazards.choices import HazardState
from xiaoan.hazards.models import EnforcementAction, Hazard, SupervisionVisit
from xiaoan.hazards.queries import OPEN_STATES

from .content import BODY, HEADING2, HEADING3, Item, Section
from .figures import ExternalFigures
from .scope import in_area
from .wording import document_sentence, with_requests

CN_NUMBERS = "一二三四五六七八九十"
CITY_LEVELS = (Level.CITY, Level.DETACHMENT, Level.COUNTY)
HIGHER_LEVELS = (Level.NATIONAL, Level.PROVINCE)


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return f"{CN_NUMBERS[tens - 1] if tens > 1 else ''}十{CN_NUMBERS[ones - 1] if ones else ''}"


def md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def md_range(start: dt.date, end: dt.date) -> str:
    return f"{md(start)}至{md(end)}"


class DayWriter:
    """Writes "2月25日" for the first date of a month and "26日" for the next
    ones in the same month, as a person writing a briefing would."""

    def __init__(self) -> None:
        self.month: tuple[int, int] | None = None

    def __call__(self, day: dt.date) -> str:
        key = (day.year, day.month)
        same = key == self.month
        self.month = key
        return f"{day.day}日" if same else md(day)


def closing(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？”」" else text + "。"


# ----- 一、领导批示情况 -----


def instruction_text(instruction: Instruction, day: str) -> str:
    leader = f"{instruction.leader_name}{instruction.leader_title}"
    source = instruction.source_title
    if instruction.kind == InstructionKind.READ:
        return f"{day}，{leader}对{source or '报送材料'}进行圈阅。"
    if instruction.kind == InstructionKind.FOLLOW_UP:
        return f"{day}，{leader}作出跟批：“{instruction.text}”"
    figures = [f.words() for f in instruction.source_figures.all()]
    if figures and instruction.source_title:
        # the figures the instruction was made on come first, as the source gave them
        quoted = "；".join(figures)
        return (
            f"{day}，{instruction.source_title}中提到：“{quoted}。”"
            f"{leader}批示：“{instruction.text}”"
        )
    return f"{day}，{leader}{where_given(instruction)}作出批示：“{instruction.text}”"


def where_given(instruction: Instruction) -> str:
    """Where the instruction was written: "在市委《内部参考》中名为“…”的文章中" for
    an article in a publication ("市委《内部参考》：title"), else "在…上"."""
    source = instruction.source_title
    if not source:
        return ""
    publication, _, article = source.partition("：")
    if instruction.source_kind == SourceKind.INTERNAL_REFERENCE and article:
        return f"在{publication}中名为“{article}”的文章中"
    return f"在{source}上"


def instructions_section(area: Area, start: dt.date, end: dt.date) -> Section:
    rows = list(
        Instruction.objects.filter(in_area(Instruction, area), date__gte=start, date__lte=end)
        .annotate(
            tasks_total=Count("tasks", distinct=True),
            tasks_closed=Count("tasks", filter=Q(tasks__status=TaskStatus.CLOSED), distinct=True),
        )
        .prefetch_related("source_figures")
        .order_by("date", "id")
    )
    ids = {i.pk for i in rows}
    children: dict[int, list[Instruction]] = defaultdict(list)
    for i in rows:
        if i.parent_id in ids:
            children[i.parent_id].append(i)
    write_day = DayWriter()

    def item(instruction: Instruction) -> Item:
        node = Item(instruction_text(instruction, write_day(instruction.date)))
        node.source = f"instruction:{instruction.pk}"
        total = getattr(instruction, "tasks_total", 0)
        if instruction.feedback:
            node.children.append(Item(f"落实反馈：{closing(instruction.feedback)}"))
        elif total:
            done = getattr(instruction, "tasks_closed", 0)
            node.children.append(Item(f"已据此交办任务{total}项，已办结销号{done}项。"))
        for child in children[instruction.pk]:
            node.children.append(item(child))
        return node

    roots = [i for i in rows if i.parent_id not in ids]
    return Section(
        "instructions",
        "一、领导批示情况",
        [item(i) for i in roots],
        empty_text="本期无领导批示。",
    )


# ----- 二、有关会议情况 -----


def meetings_section(area: Area, start: dt.date, end: dt.date) -> Section:
    meetings = (
        Meeting.objects.filter(in_area(Meeting, area), date__gte=start, date__lte=end)
        .prefetch_related(Prefetch("items", queryset=Requirement.objects.order_by("number")))
        .order_by("date", "id")
    )
    items = []
    for n, meeting in enumerate(meetings, start=1):
        summary = closing(meeting.summary or meeting.title)
        node = Item(
            f"{md(meeting.date)}，{summary}",
            HEADING2,
            source=f"meeting:{meeting.pk}",
            lead=f"（{cn_number(n)}）",
        )
        for requirement in meeting.items.all():
            deadline = f"（期限：{md(requirement.deadline)}）" if requirement.deadline else ""
            node.children.append(
                Item(
                    f"{closing(requirement.text)}{deadline}",
                    HEADING3,
                    source=f"requirement:{requirement.pk}",
                    lead=f"{requirement.number}.",
                )
            )
        items.append(node)
    return Section("meetings", "二、有关会议情况", items, empty_text="本期无有关会议。")


# ----- 三、督导检查情况 -----


def visits_in_scope(area: Area, start: dt.date, end: dt.date) -> list[SupervisionVisit]:
    """Visits in the period, and earlier ones whose hazards are still being rectified."""
    still_open = Hazard.objects.filter(state__in=OPEN_STATES, inspection__visit__isnull=False)
    return list(
        SupervisionVisit.objects.filter(in_area(SupervisionVisit, area), date__lte=end)
        .filter(
            Q(date__gte=start)
            | Q(pk__in=still_open.values("inspection__visit_id"))
            | Q(
                pk__in=Hazard.objects.filter(state=HazardState.RECTIFIED).values(
                    "inspection__visit_id"
                )
            )
        )
        .order_by("date", "id")
    )


def rectification_state(states: dict[str, int]) -> str:
    total = sum(states.values())
    closed = states.get(HazardState.CLOSED, 0)
    if total == 0:
        return "未发现火灾隐患。"
    if closed == total:
        return "目前，发现问题均已整改销号。"
    untouched = states.get(HazardState.FOUND, 0) + states.get(HazardState.REOPENED, 0)
    parts = []
    if closed:
        parts.append(f"已整改销号{closed}处")
    if total - closed - untouched:
        parts.append(f"正在整改或待验收{total - closed - untouched}处")
    if untouched:
        parts.append(f"尚未开始整改{untouched}处")
    lead = "目前，发现问题均已督促整改" if not untouched else "目前"
    return f"{lead}（{'，'.join(parts)}）。"


def enforcement_text(actions: list[EnforcementAction], end: dt.date) -> str:
    parts = []
    for action in actions:
        lifted = "（已解除）" if action.lifted_on and action.lifted_on <= end else ""
        parts.append(f"对{action.place.name}采取{action.get_kind_display()}{lifted}")
    return f"其中{'；'.join(parts)}。" if parts else ""


def visits_section(
    area: Area, start: dt.date, end: dt.date, figures: ExternalFigures | None
) -> Section:
    visits = visits_in_scope(area, start, end)
    ids = [v.pk for v in visits]
    hazard_states: dict[int, dict[str, int]] = defaultdict(dict)
    for visit_id, state, n in (
        Hazard.objects.filter(inspection__visit_id__in=ids)
        .values_list("inspection__visit_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    ):
        hazard_states[visit_id][state] = n
    actions: dict[int, list[EnforcementAction]] = defaultdict(list)
    for action in (
        EnforcementAction.objects.filter(visit_id__in=ids)
        .select_related("place")
        .order_by("decided_on", "id")
    ):
        assert action.visit_id is not None
        actions[action.visit_id].append(action)

    items = []
    unannounced = [v for v in visits if v.unannounced]
    key = lambda v: (v.leader_name, v.leader_title)  # noqa: E731
    for (name, title), group_iter in groupby(sorted(unannounced, key=key), key=key):
        group = list(group_iter)
        states: dict[str, int] = defaultdict(int)
        for visit in group:
            for state, n in hazard_states[visit.pk].items():
                states[state] += n
        found = sum(states.values())
        dates = "、".join(md(v.date) for v in group)
        times = f"{cn_number(len(group))}次" if len(group) > 1 else ""
        text = (
            f"{name}{title}带队以“四不两直”方式，于{dates}开展明察暗访督导检查{times}，"
            f"发现火灾隐患或违法行为{found}处。"
            + (rectification_state(states) if found else "")
            + enforcement_text([a for v in group for a in actions[v.pk]], end)
        )
        node = Item(text, source="visits:" + ",".join(str(v.pk) for v in group))
        items.append(node)
    for visit in (v for v in visits if not v.unannounced):
        found = sum(hazard_states[visit.pk].values())
        what = closing(visit.notes or visit.title)
        if not what.startswith(("检查", "到")):
            what = f"检查：{what}"
        text = f"{md(visit.date)}，{visit.leader_name}{visit.leader_title}带队{what}"
        if found:
            text += f"发现火灾隐患{found}处，{rectification_state(hazard_states[visit.pk])}"
        text += enforcement_text(actions[visit.pk], end)
        items.append(Item(text, source=f"visit:{visit.pk}"))
    upcoming = figures.upcoming_inspections if figures else []
    if upcoming:
        # announced visits by higher levels, and what they ask of everyone
        items.append(
            Item(
                "；".join(u.rstrip("。") for u in upcoming) + "。各单位需做好迎检准备。",
                source="up",
            )
        )
    elif items:
        items.append(Item("上级来我市督导检查及迎检安排：本期无相关数据。"))
    return Section("visits", "三、督导检查情况", items, empty_text="本期无督导检查。")


# ----- 四、近期重点工作及文件要求 -----


def recorded_on(document: Document) -> dt.date:
    return document.date or document.created_at.astimezone(LOCAL_TZ).date()


def phase_sentence(campaign: Campaign, end: dt.date) -> str:
    phases = list(campaign.phases.all())
    current = next((p for p in phases if p.start <= end <= p.end), None)
    following = next((p for p in phases if p.start > end), None)
    parts = []
    if current is not None:
        actions = "、".join(current.action_labels)
        parts.append(
            f"当前处于第{cn_number(current.number)}阶段“{current.name}”（{md_range(current.start, current.end)}）"
            + (f"，集中开展{actions}行动" if actions else "")
        )
    elif campaign.end < end:
        parts.append(f"已于{md(campaign.end)}结束")
    if following is not None:
        parts.append(f"下一阶段“{following.name}”自{md(following.start)}开始")
    return "，".join(parts) + "。" if parts else ""


def documents_section(area: Area, start: dt.date, end: dt.date) -> Section:
    campaigns = list(
        Campaign.objects.filter(in_area(Campaign, area), start__lte=end, end__gte=start)
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("number")))
        .order_by("start", "id")
    )
    by_plan = {c.plan_title.strip("《》"): c for c in campaigns if c.plan_title}
    documents = [
        d
        for d in Document.objects.filter(in_area(Document, area))
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.order_by("number")))
        .order_by("created_at", "id")
        if recorded_on(d) <= end
        and (
            recorded_on(d) >= start
            or any(r.deadline and r.deadline >= start for r in d.requirements.all())
            or d.title in by_plan
        )
    ]
    used: set[int] = set()

    def document_item(n: int, document: Document) -> Item:
        summary = document.summary
        campaign = by_plan.get(document.title)
        if campaign is not None:
            used.add(campaign.pk)
            summary = phase_sentence(campaign, end) or summary
        undated = [r for r in document.requirements.all() if not r.deadline]
        text = with_requests(document_sentence(document, summary), document, undated)
        if document.follow_through:
            text += f"落实情况：{closing(document.follow_through)}"
        node = Item(text, HEADING3, source=f"document:{document.pk}", lead=f"{n}.")
        for requirement in document.requirements.all():
            if requirement.deadline and requirement.deadline >= start:
                node.children.append(
                    Item(
                        f"要求{closing(requirement.text).rstrip('。')}，期限{md(requirement.deadline)}。",
                        source=f"requirement:{requirement.pk}",
                    )
                )
        return node

    items: list[Item] = []
    for heading, levels in (
        ("（一）市级层面", CITY_LEVELS),
        ("（二）国家局及总队层面", HIGHER_LEVELS),
    ):
        group = [d for d in documents if d.level in levels]
        nodes = [document_item(n, d) for n, d in enumerate(group, start=1)]
        if levels == CITY_LEVELS:
            for campaign in campaigns:
                if campaign.pk not in used:
                    sentence = phase_sentence(campaign, end)
                    nodes.append(
                        Item(
                            f"{campaign.name}：{sentence or closing(campaign.description)}",
                            HEADING3,
                            source=f"campaign:{campaign.pk}",
                            lead=f"{len(nodes) + 1}.",
                        )
                    )
        section_node = Item(heading, HEADING2, source=f"level:{levels[0]}")
        section_node.children = nodes or [Item("本期无相关文件要求。")]
        items.append(section_node)
    if not documents and not campaigns:
        items = []
    return Section(
        "documents",
        "四、近期重点工作及文件要求",
        items,
        empty_text="本期无新的重点工作及文件要求。",
    )


__all__ = [
    "BODY",
    "documents_section",
    "instructions_section",
    "meetings_section",
    "visits_section",
]
