"""Correcting a hazard (修改): the edit page and PATCH keep who and why in the
history, refuse stale versions, closed hazards, neighbours and read-only roles."""

from __future__ import annotations

import re
from typing import Any

import pytest

from xiaoan.hazards.choices import HazardCategory, Severity
from xiaoan.hazards.models import Hazard

pytestmark = pytest.mark.django_db


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def edit_form(hazard: Hazard, **changes: Any) -> dict[str, Any]:
    """The edit form as the page fills it, with `changes` made by the user."""
    data = {
        "version": hazard.version,
        "category": hazard.category,
        "severity": hazard.severity,
        "major_element": hazard.major_element,
        "description": hazard.description,
        "responsible_party": hazard.responsible_party,
        "reason": "录入错误，按现场记录更正",
    }
    return data | changes


def test_the_edit_page_saves_a_correction_with_who_and_why(hazard, client_as):
    client = client_as("xinglongtai")
    url = f"/hazards/{hazard.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    assert "修改原因" in text_of(page) and "延期" in text_of(page)
    response = client.post(
        url, edit_form(hazard, category=HazardCategory.CLUTTER, responsible_party="李经理")
    )
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"
    hazard.refresh_from_db()
    assert hazard.category == HazardCategory.CLUTTER
    assert hazard.responsible_party == "李经理"
    assert hazard.version == 2
    entry = hazard.history.order_by("-history_date").first()
    assert entry.history_user.username == "xinglongtai"
    assert entry.history_change_reason == "录入错误，按现场记录更正"
    detail = text_of(client.get(f"/hazards/{hazard.pk}/"))
    assert "兴隆台大队 · " in detail and "录入错误，按现场记录更正" in detail
    assert "楼道堆放杂物" in detail


def test_the_reason_is_required(hazard, client_as):
    client = client_as("xinglongtai")
    response = client.post(
        f"/hazards/{hazard.pk}/edit/", edit_form(hazard, description="改了", reason="")
    )
    assert response.status_code == 200
    assert "请填写修改原因" in text_of(response)
    hazard.refresh_from_db()
    assert hazard.description != "改了" and hazard.version == 1


def test_a_stale_version_is_refused_and_nothing_changes(hazard, client_as, api_as):
    client = client_as("xinglongtai")
    first = edit_form(hazard, description="第一位修改人")
    stale = edit_form(hazard, description="第二位修改人")
    assert client.post(f"/hazards/{hazard.pk}/edit/", first).status_code == 302
    response = client.post(f"/hazards/{hazard.pk}/edit/", stale)
    assert response.status_code == 200
    assert "该记录已被他人修改" in text_of(response)
    hazard.refresh_from_db()
    assert hazard.description == "第一位修改人" and hazard.version == 2
    api = api_as("xinglongtai")
    answer = api.patch(f"/api/hazards/{hazard.pk}", {"version": 1, "description": "又一位"})
    assert answer.status_code == 409
    assert "该记录已被他人修改" in answer.json()["error"]["message"]
    hazard.refresh_from_db()
    assert hazard.description == "第一位修改人"


def test_a_major_hazard_needs_its_element_named_on_the_form(hazard, client_as):
    client = client_as("xinglongtai")
    response = client.post(
        f"/hazards/{hazard.pk}/edit/", edit_form(hazard, severity=Severity.MAJOR)
    )
    assert response.status_code == 200
    assert "重大火灾隐患须写明判定要素" in text_of(response)
    response = client.post(
        f"/hazards/{hazard.pk}/edit/",
        edit_form(hazard, severity=Severity.MAJOR, major_element="人员密集场所安全出口锁闭"),
    )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.severity == Severity.MAJOR and hazard.gb35181_version


def test_only_users_who_may_change_it_get_the_links(hazard, client_as):
    links = ("/edit/", "/extend/", "/reassign/")
    mine = client_as("xinglongtai").get(f"/hazards/{hazard.pk}/").content.decode()
    assert all(f'href="/hazards/{hazard.pk}{link}"' in mine for link in links)
    for username in ("auditor", "leader", "property"):
        theirs = client_as(username).get(f"/hazards/{hazard.pk}/")
        assert theirs.status_code == 200, username
        assert not any(f"/hazards/{hazard.pk}{link}" in theirs.content.decode() for link in links)


def test_a_read_only_role_is_refused(hazard, client_as, api_as):
    client = client_as("auditor")
    url = f"/hazards/{hazard.pk}/edit/"
    refused = client.get(url, follow=True)
    assert "您的角色无权修改隐患" in text_of(refused)
    client.post(url, edit_form(hazard, description="审计改的"))
    answer = api_as("auditor").patch(
        f"/api/hazards/{hazard.pk}", {"version": 1, "description": "审计改的"}
    )
    assert answer.status_code == 403 and "无权修改隐患" in answer.json()["error"]["message"]
    hazard.refresh_from_db()
    assert hazard.description != "审计改的" and hazard.version == 1


def test_a_neighbour_gets_404(hazard, client_as, api_as):
    client = client_as("shuangtaizi")
    url = f"/hazards/{hazard.pk}/edit/"
    assert client.get(url).status_code == 404
    assert client.post(url, edit_form(hazard, description="邻区改的")).status_code == 404
    answer = api_as("shuangtaizi").patch(
        f"/api/hazards/{hazard.pk}", {"version": 1, "description": "邻区改的"}
    )
    assert answer.status_code == 404
    hazard.refresh_from_db()
    assert hazard.version == 1


def test_a_closed_hazard_is_not_edited(hazard, close_hazard, client_as, api_as):
    hazard = close_hazard(hazard)
    client = client_as("xinglongtai")
    detail = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert f"/hazards/{hazard.pk}/edit/" not in detail
    refused = client.get(f"/hazards/{hazard.pk}/edit/", follow=True)
    assert "隐患已销号，不能再修改" in text_of(refused)
    answer = api_as("xinglongtai").patch(
        f"/api/hazards/{hazard.pk}", {"version": hazard.version, "description": "销号后改"}
    )
    assert answer.status_code == 409 and "隐患已销号" in answer.json()["error"]["message"]
    assert Hazard.objects.get(pk=hazard.pk).description != "销号后改"


def test_patch_takes_a_reason_and_sends_deadlines_to_extension(hazard, api_as):
    api = api_as("xinglongtai")
    answer = api.patch(
        f"/api/hazards/{hazard.pk}",
        {"version": 1, "category": "clutter", "reason": "类别选错"},
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["category"] == "clutter" and body["version"] == 2
    assert hazard.history.order_by("-history_date").first().history_change_reason == "类别选错"
    # without a reason it is still a correction, recorded by who made it
    assert (
        api.patch(f"/api/hazards/{hazard.pk}", {"version": 2, "description": "补充"}).status_code
        == 200
    )
    for field, value, pointer in (
        ("deadline", "2024-05-01", "延期"),
        ("responsible_organisation_id", 1, "改派"),
    ):
        refused = api.patch(f"/api/hazards/{hazard.pk}", {"version": 3, field: value})
        assert refused.status_code == 400, field
        assert pointer in refused.json()["error"]["message"]
    bad = api.patch(f"/api/hazards/{hazard.pk}", {"version": 3, "category": "no-such"})
    assert bad.status_code in (400, 422) and "类别" in bad.json()["error"]["message"]
