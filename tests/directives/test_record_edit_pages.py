"""Correcting instructions, meetings, documents, campaigns, their items and phases,
and activities on their edit pages: saved with who and why, a stale version or a
missing reason refused, the neighbour gets 404, a read-only role no link."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.directives.record_kinds import IDS, KINDS, NEIGHBOUR, READ_ONLY, Kind, form_data, fresh
from xiaoan.areas.models import User
from xiaoan.directives import services

pytestmark = pytest.mark.django_db

REASON = "录入错误，按原件更正"


def editor(kind: Kind) -> str:
    return "xinglongtai" if kind.brigade_changes else "office"


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_correction_is_saved_with_who_and_why(kind: Kind, client_as) -> None:
    record = kind.make()
    client = client_as(editor(kind))
    page = client.get(kind.page_url(record)).content.decode()
    assert f'href="{kind.edit_url(record)}"' in page
    form = client.get(kind.edit_url(record)).content.decode()
    assert "修改原因" in form and f'name="version" value="{record.version}"' in form
    data = form_data(kind, record, **{kind.field: kind.value, "reason": REASON})
    response = client.post(kind.edit_url(record), data)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == kind.page_url(record)
    saved = fresh(record)
    assert getattr(saved, kind.field) == kind.value
    assert saved.version == record.version + 1
    entry = saved.history.latest()
    assert entry.history_user.username == editor(kind)
    assert entry.history_change_reason == REASON
    shown = kind.edit_url(record) if kind.history_on_edit_page else kind.page_url(record)
    history = client.get(shown).content.decode()
    history = history[history.index("变更记录") :]
    assert REASON in history and str(User.objects.get(username=editor(kind))) in history


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_stale_version_is_refused(kind: Kind, client_as) -> None:
    record = kind.make()
    client = client_as(editor(kind))
    # both editors opened the page at this version; the other one saves first
    other = form_data(kind, record, **{kind.field: kind.value, "reason": "他人先改"})
    stale = form_data(kind, record, reason=REASON)
    assert client.post(kind.edit_url(record), other).status_code == 302
    response = client.post(kind.edit_url(record), stale)
    assert response.status_code == 200
    assert "该记录已被他人修改" in response.content.decode()
    assert fresh(record).version == record.version + 1
    assert getattr(fresh(record), kind.field) == kind.value
    assert fresh(record).history.latest().history_change_reason == "他人先改"


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_reason_is_required(kind: Kind, client_as) -> None:
    record = kind.make()
    data = form_data(kind, record, **{kind.field: kind.value, "reason": "  "})
    response = client_as(editor(kind)).post(kind.edit_url(record), data)
    assert response.status_code == 200
    assert "请填写修改原因" in response.content.decode()
    assert getattr(fresh(record), kind.field) != kind.value


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_neighbour_gets_404(kind: Kind, client_as) -> None:
    record = kind.make()
    client = client_as(NEIGHBOUR)
    assert client.get(kind.edit_url(record)).status_code == 404
    data = form_data(kind, record, **{kind.field: kind.value, "reason": REASON})
    assert client.post(kind.edit_url(record), data).status_code == 404
    assert getattr(fresh(record), kind.field) != kind.value


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
@pytest.mark.parametrize("username", [READ_ONLY, "xinglongtai"])
def test_a_role_that_may_not_change_it_sees_no_link_and_is_refused(
    kind: Kind, username: str, client_as
) -> None:
    if kind.brigade_changes and username == "xinglongtai":
        username = "leader"
    record = kind.make()
    client = client_as(username)
    page = client.get(kind.page_url(record))
    assert page.status_code == 200
    assert kind.edit_url(record) not in page.content.decode()
    assert client.get(kind.edit_url(record)).status_code == 403
    data = form_data(kind, record, **{kind.field: kind.value, "reason": REASON})
    assert client.post(kind.edit_url(record), data).status_code == 403
    assert getattr(fresh(record), kind.field) != kind.value


def test_nothing_changed_is_not_saved(client_as) -> None:
    kind = KINDS[0]
    record = kind.make()
    response = client_as("office").post(
        kind.edit_url(record), form_data(kind, record, reason=REASON), follow=True
    )
    assert "没有内容发生变化" in response.content.decode()
    assert fresh(record).version == record.version


# ----- the rules of recording still hold -----


def post(client, kind_name: str, record, **changes) -> str:
    kind = next(k for k in KINDS if k.name == kind_name)
    response = client.post(kind.edit_url(record), form_data(kind, record, reason=REASON, **changes))
    assert response.status_code == 200, "the edit should have been refused"
    assert fresh(record).version == record.version
    return response.content.decode()


def test_a_campaign_cannot_end_before_it_starts_or_leave_out_a_phase(client_as) -> None:
    campaign = next(k for k in KINDS if k.name == "campaign").make()
    office = client_as("office")
    page = post(office, "campaign", campaign, end=dt.date(2024, 2, 20))
    assert "结束日期：结束日期不能早于开始日期" in page
    page = post(office, "campaign", campaign, end=dt.date(2024, 3, 20))
    assert "结束日期：不能早于第2阶段“集中整治”的结束日期（2024-03-31）" in page
    page = post(office, "campaign", campaign, start=dt.date(2024, 3, 2))
    assert "开始日期：不能晚于第1阶段“自查自改”的开始日期" in page


def test_a_phase_stays_within_its_campaign_and_clear_of_the_others(client_as) -> None:
    phase = next(k for k in KINDS if k.name == "phase").make()
    office = client_as("office")
    page = post(office, "phase", phase, end=dt.date(2024, 3, 12))
    assert "结束日期：与第2阶段“集中整治”（2024-03-11—2024-03-31）日期重叠" in page
    page = post(office, "phase", phase, start=dt.date(2024, 2, 25))
    assert "开始日期：不能早于专项行动的开始日期（2024-03-01）" in page
    page = post(office, "phase", phase, start=dt.date(2024, 3, 9), end=dt.date(2024, 3, 5))
    assert "结束日期：结束日期不能早于开始日期" in page
    second = phase.campaign.phases.get(number=2)
    page = post(office, "phase", second, end=dt.date(2024, 4, 2))
    assert "结束日期：不能晚于专项行动的结束日期（2024-03-31）" in page


def test_a_phase_keeps_the_activities_recorded_in_it(client_as) -> None:
    activity = next(k for k in KINDS if k.name == "activity").make()
    page = post(client_as("office"), "phase", activity.phase, end=dt.date(2024, 3, 4))
    assert "惠宾社区消防宣传" in page and "将不在阶段期间内" in page


def test_an_activity_moved_to_another_date_follows_the_phase(client_as) -> None:
    kind = next(k for k in KINDS if k.name == "activity")
    activity = kind.make()
    data = form_data(kind, activity, date=dt.date(2024, 3, 15), reason="日期记错")
    assert client_as("xinglongtai").post(kind.edit_url(activity), data).status_code == 302
    assert fresh(activity).phase.name == "集中整治"


def test_an_instruction_keeps_the_rules_of_follow_ups(client_as, user) -> None:
    root = KINDS[0].make()
    follow = services.do_record_instruction(
        acting_user=user("office"),
        date=dt.date(2024, 3, 3),
        leader_name="邢鹏",
        kind="follow_up",
        parent=root,
        text="同意。",
        area=root.area,
    )
    office = client_as("office")
    page = post(office, "instruction", follow, date=dt.date(2024, 2, 28))
    assert "日期：跟批日期不能早于所跟批示的日期（2024-03-01）" in page
    page = post(office, "instruction", root, date=dt.date(2024, 3, 5))
    assert "日期：不能晚于跟批" in page
    page = post(office, "instruction", root, kind="follow_up")
    assert "类型：跟批必须指明所跟的批示" in page
    page = post(office, "instruction", root, text="")
    assert "批示内容：批示内容不能为空（圈阅除外）" in page
    page = post(office, "instruction", root, feedback="已落实", feedback_date=dt.date(2024, 2, 1))
    assert "反馈日期：反馈日期不能早于批示日期" in page


def test_an_item_deadline_is_not_before_its_meeting(client_as) -> None:
    item = next(k for k in KINDS if k.name == "meeting_item").make()
    page = post(client_as("office"), "meeting_item", item, deadline=dt.date(2024, 2, 1))
    assert "期限：期限不能早于会议日期（2024-03-01）" in page


def test_a_phase_history_names_its_actions(client_as) -> None:
    kind = next(k for k in KINDS if k.name == "phase")
    phase = kind.make()
    office = client_as("office")
    data = form_data(kind, phase, actions=["inspect", "drill"], reason="补录演练")
    assert office.post(kind.edit_url(phase), data).status_code == 302
    assert fresh(phase).actions == "inspect,drill"
    history = office.get(kind.edit_url(phase)).content.decode()
    history = history[history.index("变更记录") :]
    assert "<del>大排查</del> → 大排查、大演练" in history
