"""The correctable records of the supervision desk, each made through its service
in 兴隆台区 (so 双台子区's brigade is the neighbour who must get 404), with its
edit page, its API PATCH and one change a user would make."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from xiaoan.areas.models import Area, User
from xiaoan.core.record_edit import EditForm, initial_value
from xiaoan.directives import edit_forms, services
from xiaoan.directives.models import Campaign

AREA = "兴隆台区"
NEIGHBOUR = "shuangtaizi"
READ_ONLY = "auditor"


def users() -> tuple[User, User, Area]:
    office = User.objects.select_related("area", "organisation").get(username="office")
    brigade = User.objects.select_related("area", "organisation").get(username="xinglongtai")
    return office, brigade, Area.objects.get(name=AREA)


def make_instruction() -> Any:
    office, _, area = users()
    return services.do_record_instruction(
        acting_user=office,
        date=dt.date(2024, 3, 1),
        leader_name="占明",
        leader_title="副市长",
        text="抓好住宅小区排查。",
        area=area,
    )


def make_meeting() -> Any:
    office, _, area = users()
    return services.do_record_meeting(
        acting_user=office,
        date=dt.date(2024, 3, 1),
        level="county",
        title="兴隆台区除患攻坚调度会",
        area=area,
        items=[services.RequirementSpec("开展全覆盖排查", dt.date(2024, 3, 8))],
    )


def make_document() -> Any:
    office, _, area = users()
    return services.do_record_document(
        acting_user=office,
        title="兴隆台区住宅小区整治方案",
        level="county",
        date=dt.date(2024, 3, 1),
        area=area,
        requirements=[services.RequirementSpec("3月底前完成整治", dt.date(2024, 3, 31))],
    )


def make_campaign() -> Campaign:
    office, _, area = users()
    return services.do_create_campaign(
        acting_user=office,
        name="兴隆台区住宅小区综合治理",
        area=area,
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 3, 31),
        phases=[
            services.PhaseSpec("自查自改", dt.date(2024, 3, 1), dt.date(2024, 3, 10), ["inspect"]),
            services.PhaseSpec("集中整治", dt.date(2024, 3, 11), dt.date(2024, 3, 31), ["rectify"]),
        ],
    )


def make_activity() -> Any:
    _, brigade, area = users()
    campaign = make_campaign()
    phase = campaign.phases.get(number=1)
    return services.do_record_activity(
        acting_user=brigade,
        kind="publicity",
        date=dt.date(2024, 3, 5),
        title="惠宾社区消防宣传",
        organiser=brigade.organisation,
        area=area,
        campaign=campaign,
        phase=phase,
        participants=120,
    )


@dataclass
class Kind:
    name: str
    make: Callable[[], Any]
    form: type[EditForm]
    edit_url: Callable[[Any], str]
    page_url: Callable[[Any], str]
    api_url: Callable[[Any], str]
    field: str
    value: Any
    #: the records of this kind that a brigade may change (activities)
    brigade_changes: bool = False
    #: whose page shows the record's history: its own page, or its edit page
    history_on_edit_page: bool = False
    extra_initial: Callable[[Any], dict[str, Any]] | None = None


def meeting_item() -> Any:
    return make_meeting().items.get()


def document_item() -> Any:
    return make_document().requirements.get()


def first_phase() -> Any:
    return make_campaign().phases.get(number=1)


KINDS = [
    Kind(
        "instruction",
        make_instruction,
        edit_forms.InstructionEditForm,
        lambda r: f"/instructions/{r.pk}/edit/",
        lambda r: f"/instructions/{r.pk}/",
        lambda r: f"/api/instructions/{r.pk}",
        "text",
        "抓好住宅小区和九小场所排查。",
    ),
    Kind(
        "meeting",
        make_meeting,
        edit_forms.MeetingEditForm,
        lambda r: f"/meetings/{r.pk}/edit/",
        lambda r: f"/meetings/{r.pk}/",
        lambda r: f"/api/meetings/{r.pk}",
        "title",
        "兴隆台区除患攻坚第二次调度会",
    ),
    Kind(
        "meeting_item",
        meeting_item,
        edit_forms.RequirementEditForm,
        lambda r: f"/meetings/{r.meeting_id}/items/{r.pk}/edit/",
        lambda r: f"/meetings/{r.meeting_id}/",
        lambda r: f"/api/meetings/{r.meeting_id}/items/{r.pk}",
        "text",
        "开展全覆盖、地毯式排查",
        history_on_edit_page=True,
    ),
    Kind(
        "document",
        make_document,
        edit_forms.DocumentEditForm,
        lambda r: f"/documents/{r.pk}/edit/",
        lambda r: f"/documents/{r.pk}/",
        lambda r: f"/api/documents/{r.pk}",
        "number",
        "兴消〔2024〕3号",
    ),
    Kind(
        "document_item",
        document_item,
        edit_forms.RequirementEditForm,
        lambda r: f"/documents/{r.document_id}/items/{r.pk}/edit/",
        lambda r: f"/documents/{r.document_id}/",
        lambda r: f"/api/documents/{r.document_id}/requirements/{r.pk}",
        "deadline",
        dt.date(2024, 3, 29),
        history_on_edit_page=True,
    ),
    Kind(
        "campaign",
        make_campaign,
        edit_forms.CampaignEditForm,
        lambda r: f"/campaigns/{r.pk}/edit/",
        lambda r: f"/campaigns/{r.pk}/",
        lambda r: f"/api/campaigns/{r.pk}",
        "plan_title",
        "兴隆台区住宅小区消防安全综合治理实施方案",
    ),
    Kind(
        "phase",
        first_phase,
        edit_forms.PhaseEditForm,
        lambda r: f"/campaigns/{r.campaign_id}/phases/{r.pk}/edit/",
        lambda r: f"/campaigns/{r.campaign_id}/",
        lambda r: f"/api/campaigns/{r.campaign_id}/phases/{r.pk}",
        "name",
        "动员部署与自查自改",
        history_on_edit_page=True,
        extra_initial=lambda r: edit_forms.phase_initial(r.actions),
    ),
    Kind(
        "activity",
        make_activity,
        edit_forms.ActivityEditForm,
        lambda r: f"/campaigns/{r.campaign_id}/activities/{r.pk}/edit/",
        lambda r: f"/campaigns/{r.campaign_id}/",
        lambda r: f"/api/activities/{r.pk}",
        "participants",
        150,
        brigade_changes=True,
        history_on_edit_page=True,
    ),
]
IDS = [k.name for k in KINDS]


def as_form_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def form_data(kind: Kind, record: Any, /, **overrides: Any) -> dict[str, Any]:
    """What the edit page posts when the user changes only `overrides` (and gives a reason)."""
    data = {name: initial_value(record, name) for name in kind.form().record_fields()}
    data |= kind.extra_initial(record) if kind.extra_initial else {}
    data |= {"version": record.version}
    data |= overrides
    return {name: as_form_value(value) for name, value in data.items()}


def fresh(record: Any) -> Any:
    return type(record).objects.get(pk=record.pk)
