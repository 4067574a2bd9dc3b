"""Correcting the supervision desk's records through the API: PATCH with the
version read and an optional reason; a stale version is a 409, the neighbour
gets 404, a role without the permission 403, a broken rule 400 naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.directives.record_kinds import IDS, KINDS, NEIGHBOUR, READ_ONLY, Kind, fresh

pytestmark = pytest.mark.django_db

REASON = "按原件更正"


def editor(kind: Kind) -> str:
    return "xinglongtai" if kind.brigade_changes else "office"


def body(kind: Kind, record: Any, **extra: Any) -> dict[str, Any]:
    value = kind.value.isoformat() if isinstance(kind.value, dt.date) else kind.value
    return {"version": record.version, kind.field: value} | extra


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_patch_is_saved_with_who_and_why(kind: Kind, api_as) -> None:
    record = kind.make()
    response = api_as(editor(kind)).patch(kind.api_url(record), body(kind, record, reason=REASON))
    assert response.status_code == 200, response.content.decode()
    saved = fresh(record)
    assert getattr(saved, kind.field) == kind.value
    entry = saved.history.latest()
    assert entry.history_user.username == editor(kind)
    assert entry.history_change_reason == REASON


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_reason_may_be_left_out(kind: Kind, api_as) -> None:
    record = kind.make()
    response = api_as(editor(kind)).patch(kind.api_url(record), body(kind, record))
    assert response.status_code == 200, response.content.decode()
    assert getattr(fresh(record), kind.field) == kind.value


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_stale_version_is_409(kind: Kind, api_as) -> None:
    record = kind.make()
    api = api_as(editor(kind))
    assert api.patch(kind.api_url(record), body(kind, record)).status_code == 200
    stale = api.patch(kind.api_url(record), {"version": record.version, "reason": REASON})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "stale_edit" and "该记录已被他人修改" in error["message"]
    assert fresh(record).version == record.version + 1


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_neighbour_gets_404(kind: Kind, api_as) -> None:
    record = kind.make()
    response = api_as(NEIGHBOUR).patch(kind.api_url(record), body(kind, record, reason=REASON))
    assert response.status_code == 404
    assert fresh(record).version == record.version


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_read_only_role_is_refused(kind: Kind, api_as) -> None:
    record = kind.make()
    response = api_as(READ_ONLY).patch(kind.api_url(record), body(kind, record, reason=REASON))
    assert response.status_code == 403
    assert "无权" in response.json()["error"]["message"]
    assert getattr(fresh(record), kind.field) != kind.value


def test_a_phase_overlapping_another_is_refused_naming_the_field(api_as) -> None:
    phase = next(k for k in KINDS if k.name == "phase").make()
    url = f"/api/campaigns/{phase.campaign_id}/phases/{phase.pk}"
    response = api_as("office").patch(url, {"version": phase.version, "end": "2024-03-15"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"].startswith("结束日期：与第2阶段“集中整治”")
    assert list(error["details"]) == ["end"]


def test_phase_actions_are_codes_and_an_unknown_one_is_refused(api_as) -> None:
    phase = next(k for k in KINDS if k.name == "phase").make()
    url = f"/api/campaigns/{phase.campaign_id}/phases/{phase.pk}"
    api = api_as("office")
    refused = api.patch(url, {"version": phase.version, "actions": ["inspect", "sweep"]})
    assert (
        refused.status_code == 400 and "不认识的行动“sweep”" in refused.json()["error"]["message"]
    )
    saved = api.patch(url, {"version": phase.version, "actions": ["inspect", "drill"]})
    assert saved.status_code == 200
    assert saved.json()["phases"][0]["actions"] == ["大排查", "大演练"]


def test_a_campaign_ending_before_it_starts_is_refused(api_as) -> None:
    campaign = next(k for k in KINDS if k.name == "campaign").make()
    response = api_as("office").patch(
        f"/api/campaigns/{campaign.pk}", {"version": campaign.version, "end": "2024-02-01"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "结束日期：结束日期不能早于开始日期。"


def test_a_patch_cannot_clear_a_required_field_or_set_an_unknown_level(api_as) -> None:
    meeting = next(k for k in KINDS if k.name == "meeting").make()
    api = api_as("office")
    cleared = api.patch(f"/api/meetings/{meeting.pk}", {"version": meeting.version, "title": None})
    assert cleared.status_code == 422
    level = api.patch(f"/api/meetings/{meeting.pk}", {"version": meeting.version, "level": "moon"})
    assert level.status_code == 400 and "层级" in level.json()["error"]["message"]
    assert fresh(meeting).version == meeting.version


def test_an_item_deadline_may_be_cleared(api_as) -> None:
    item = next(k for k in KINDS if k.name == "document_item").make()
    url = f"/api/documents/{item.document_id}/requirements/{item.pk}"
    response = api_as("office").patch(url, {"version": item.version, "deadline": None})
    assert response.status_code == 200 and response.json()["deadline"] is None
    assert response.json()["version"] == item.version + 1
