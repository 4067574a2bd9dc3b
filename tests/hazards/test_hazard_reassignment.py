"""改派: handing a hazard's rectification to another responsible unit, on its
page and through the API, with a required reason in the history; the old and
the new unit are told, once each."""

from __future__ import annotations

import re
from typing import Any

import pytest

from xiaoan.core.models import Notification
from xiaoan.hazards.models import Hazard

pytestmark = pytest.mark.django_db

PROPERTY = "盘锦惠宾物业服务有限公司"
COMMUNITY = "惠宾社区居民委员会"


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def notified() -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind__startswith="hazard_reassigned").values_list(
            "kind", "recipient__username"
        )
    )


def test_the_page_reassigns_and_tells_the_old_and_the_new_unit_once(
    hazard, client_as, organisation, django_capture_on_commit_callbacks
):
    assert hazard.responsible_organisation.name == PROPERTY
    community = organisation(COMMUNITY)
    client = client_as("xinglongtai")
    url = f"/hazards/{hazard.pk}/reassign/"
    page = client.get(url)
    assert page.status_code == 200
    assert f"当前责任单位：{PROPERTY}" in text_of(page)
    # the current unit is not offered, and no unit outside the user's area is
    assert f'value="{community.pk}"' in page.content.decode()
    assert f'value="{hazard.responsible_organisation_id}"' not in page.content.decode()
    assert "胜利社区居民委员会" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"version": hazard.version, "organisation": community.pk, "reason": "场所归社区管理"},
        )
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.responsible_organisation == community and hazard.version == 2
    assert notified() == [
        ("hazard_reassigned", "grid"),
        ("hazard_reassigned_away", "property"),
    ]
    to_new = Notification.objects.get(kind="hazard_reassigned")
    assert f"{PROPERTY} → {COMMUNITY}" in to_new.body and "场所归社区管理" in to_new.body
    detail = text_of(client.get(f"/hazards/{hazard.pk}/"))
    assert f"责任单位 {COMMUNITY}" in detail
    assert "改派：场所归社区管理" in detail
    assert f"责任单位： {PROPERTY} → {COMMUNITY}" in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "改派须写明原因。"),
        ({"organisation": ""}, "请选择新的责任单位。"),
        ({"organisation": "999999"}, "请从列表中选择责任单位。"),
    ],
)
def test_bad_input_is_refused_on_the_form(hazard, client_as, organisation, changes, message):
    data = {"version": hazard.version, "organisation": organisation(COMMUNITY).pk, "reason": "x"}
    response = client_as("xinglongtai").post(f"/hazards/{hazard.pk}/reassign/", data | changes)
    assert response.status_code == 200 and message in text_of(response)
    assert Hazard.objects.get(pk=hazard.pk).responsible_organisation.name == PROPERTY


def test_a_stale_version_is_refused(hazard, client_as, api_as, organisation):
    community = organisation(COMMUNITY)
    client = client_as("xinglongtai")
    client.post(
        f"/hazards/{hazard.pk}/edit/",
        {
            "version": 1,
            "category": hazard.category,
            "severity": hazard.severity,
            "description": "先有人改了描述",
            "reason": "补充",
        },
    )
    data = {"version": 1, "organisation": community.pk, "reason": "场所归社区管理"}
    response = client.post(f"/hazards/{hazard.pk}/reassign/", data)
    assert response.status_code == 200 and "该记录已被他人修改" in text_of(response)
    answer = api_as("xinglongtai").post(
        f"/api/hazards/{hazard.pk}/reassignments",
        {"organisation_id": community.pk, "reason": "场所归社区管理", "version": 1},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert Hazard.objects.get(pk=hazard.pk).responsible_organisation.name == PROPERTY


def test_the_api_reassigns_with_a_required_reason(
    hazard, api_as, organisation, django_capture_on_commit_callbacks
):
    community = organisation(COMMUNITY)
    api = api_as("xinglongtai")
    url = f"/api/hazards/{hazard.pk}/reassignments"
    blank = api.post(
        url, {"organisation_id": community.pk, "reason": ""}, content_type="application/json"
    )
    assert blank.status_code == 400 and blank.json()["error"]["message"] == "改派须写明原因。"
    same = api.post(
        url,
        {"organisation_id": hazard.responsible_organisation_id, "reason": "同一单位"},
        content_type="application/json",
    )
    assert same.status_code == 400 and PROPERTY in same.json()["error"]["message"]
    with django_capture_on_commit_callbacks(execute=True):
        done = api.post(
            url,
            {"organisation_id": community.pk, "reason": "场所归社区管理"},
            content_type="application/json",
        )
    assert done.status_code == 200, done.content
    assert done.json()["responsible_organisation_id"] == community.pk
    assert notified() == [("hazard_reassigned", "grid"), ("hazard_reassigned_away", "property")]
    assert (
        hazard.history.order_by("-history_date").first().history_change_reason
        == "改派：场所归社区管理"
    )


def test_a_unit_outside_the_users_area_is_404(hazard, api_as, organisation):
    answer = api_as("xinglongtai").post(
        f"/api/hazards/{hazard.pk}/reassignments",
        {"organisation_id": organisation("胜利社区居民委员会").pk, "reason": "邻区单位"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert Hazard.objects.get(pk=hazard.pk).responsible_organisation.name == PROPERTY


def test_a_neighbour_gets_404(hazard, client_as, api_as, organisation):
    community = organisation(COMMUNITY)
    client = client_as("shuangtaizi")
    url = f"/hazards/{hazard.pk}/reassign/"
    assert client.get(url).status_code == 404
    data = {"version": 1, "organisation": community.pk, "reason": "邻区"}
    assert client.post(url, data).status_code == 404
    answer = api_as("shuangtaizi").post(
        f"/api/hazards/{hazard.pk}/reassignments",
        {"organisation_id": organisation("胜利社区居民委员会").pk, "reason": "邻区"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert Hazard.objects.get(pk=hazard.pk).version == 1


def test_a_read_only_role_and_a_closed_hazard_are_refused(
    hazard, close_hazard, client_as, api_as, organisation
):
    community = organisation(COMMUNITY)
    refused = client_as("auditor").get(f"/hazards/{hazard.pk}/reassign/", follow=True)
    assert "您的角色无权改派隐患。" in text_of(refused)
    answer = api_as("auditor").post(
        f"/api/hazards/{hazard.pk}/reassignments",
        {"organisation_id": community.pk, "reason": "审计"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    hazard = close_hazard(hazard)
    closed = client_as("xinglongtai").get(f"/hazards/{hazard.pk}/reassign/", follow=True)
    assert "隐患已销号，不能再改派。" in text_of(closed)
    answer = api_as("xinglongtai").post(
        f"/api/hazards/{hazard.pk}/reassignments",
        {"organisation_id": community.pk, "reason": "销号后"},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert Hazard.objects.get(pk=hazard.pk).responsible_organisation.name == PROPERTY
