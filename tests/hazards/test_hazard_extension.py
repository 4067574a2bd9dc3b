"""延期 of a hazard's rectification deadline: on its page and through the API,
with a required reason, kept in the extension record and the history, and
told to the responsible unit and the unit that found the hazard, once each."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from xiaoan.core.models import Notification
from xiaoan.hazards.models import Hazard, HazardExtension

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def seed_day(settings: Any) -> None:
    """The seed's day, 4 March 2024; the hazard fixture is due on 31 March."""
    settings.XIAOAN_TODAY = "2024-03-04"


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def extend_form(hazard: Hazard, **changes: Any) -> dict[str, Any]:
    data = {
        "version": hazard.version,
        "new_deadline": "2024-04-15",
        "reason": "需更换消防设施，设备到货需时",
    }
    return data | changes


def notified(kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def test_the_page_extends_the_deadline_and_tells_the_units_once(
    hazard, colleague, client_as, django_capture_on_commit_callbacks
):
    client = client_as("xinglongtai")
    url = f"/hazards/{hazard.pk}/extend/"
    page = client.get(url)
    assert page.status_code == 200
    assert "当前整改期限：2024年3月31日" in text_of(page) and "延期原因" in text_of(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, extend_form(hazard))
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"
    hazard.refresh_from_db()
    assert hazard.deadline == D(2024, 4, 15) and hazard.version == 2
    extension = hazard.extensions.get()
    assert (extension.old_deadline, extension.new_deadline) == (D(2024, 3, 31), D(2024, 4, 15))
    assert extension.reason == "需更换消防设施，设备到货需时"
    assert extension.extended_by.username == "xinglongtai"
    # the responsible unit (惠宾物业) and the finder's unit (兴隆台大队, without
    # the one who extended it), each member exactly once
    assert notified("hazard_extended") == ["property", "xlt_colleague"]
    message = Notification.objects.get(kind="hazard_extended", recipient__username="property")
    assert "2024-03-31 → 2024-04-15" in message.body and "设备到货需时" in message.body
    assert message.link == f"/hazards/{hazard.pk}/"
    detail = text_of(client.get(f"/hazards/{hazard.pk}/"))
    assert "2024年4月15日" in detail and "已延期 1 次" in detail
    assert "延期记录" in detail and "原因：需更换消防设施，设备到货需时" in detail
    assert "延期：需更换消防设施，设备到货需时" in detail  # the 变更记录 entry
    assert "整改期限： 2024-03-31 → 2024-04-15" in detail


def test_every_extension_is_kept(hazard, client_as):
    client = client_as("xinglongtai")
    url = f"/hazards/{hazard.pk}/extend/"
    client.post(url, extend_form(hazard, reason="第一次"))
    hazard.refresh_from_db()
    client.post(url, extend_form(hazard, new_deadline="2024-05-01", reason="第二次"))
    rows = list(hazard.extensions.values_list("old_deadline", "new_deadline", "reason"))
    assert rows == [
        (D(2024, 3, 31), D(2024, 4, 15), "第一次"),
        (D(2024, 4, 15), D(2024, 5, 1), "第二次"),
    ]
    assert Hazard.objects.get(pk=hazard.pk).deadline == D(2024, 5, 1)
    listed = client_as("office")
    api = listed.get(f"/api/hazards/{hazard.pk}/extensions").json()
    assert [(e["old_deadline"], e["new_deadline"], e["reason"]) for e in api] == [
        ("2024-03-31", "2024-04-15", "第一次"),
        ("2024-04-15", "2024-05-01", "第二次"),
    ]
    assert api[0]["extended_by"] == "兴隆台大队"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "延期须写明原因。"),
        ({"reason": "   "}, "延期须写明原因。"),
        ({"new_deadline": ""}, "请填写新的整改期限。"),
        ({"new_deadline": "2024-03-31"}, "新的整改期限须晚于原期限（2024-03-31）。"),
        ({"new_deadline": "2024-03-20"}, "新的整改期限须晚于原期限（2024-03-31）。"),
        ({"new_deadline": "四月底"}, "请填写有效的日期。"),
        ({"reason": "因" * 91}, "内容超过 90 字"),
    ],
)
def test_bad_input_is_refused_on_the_form(hazard, client_as, changes, message):
    response = client_as("xinglongtai").post(
        f"/hazards/{hazard.pk}/extend/", extend_form(hazard, **changes)
    )
    assert response.status_code == 200
    assert message in text_of(response)
    hazard.refresh_from_db()
    assert hazard.deadline == D(2024, 3, 31) and not hazard.extensions.exists()


def test_a_deadline_already_past_cannot_be_extended_into_the_past(make_hazard, client_as):
    hazard = make_hazard(deadline=D(2024, 3, 1))
    client = client_as("xinglongtai")
    response = client.post(
        f"/hazards/{hazard.pk}/extend/", extend_form(hazard, new_deadline="2024-03-03")
    )
    assert "新的整改期限不能早于今天。" in text_of(response)
    ok = client.post(
        f"/hazards/{hazard.pk}/extend/", extend_form(hazard, new_deadline="2024-03-04")
    )
    assert ok.status_code == 302


def test_a_stale_version_is_refused(hazard, client_as, api_as):
    client = client_as("xinglongtai")
    opened = extend_form(hazard, new_deadline="2024-04-30")
    client.post(f"/hazards/{hazard.pk}/extend/", extend_form(hazard))
    response = client.post(f"/hazards/{hazard.pk}/extend/", opened)
    assert response.status_code == 200 and "该记录已被他人修改" in text_of(response)
    answer = api_as("xinglongtai").post(
        f"/api/hazards/{hazard.pk}/extensions",
        {"new_deadline": "2024-04-30", "reason": "晚了一步", "version": 1},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert "该记录已被他人修改" in answer.json()["error"]["message"]
    hazard.refresh_from_db()
    assert hazard.deadline == D(2024, 4, 15) and hazard.extensions.count() == 1


def test_the_api_extends_with_a_required_reason(hazard, api_as, django_capture_on_commit_callbacks):
    api = api_as("xinglongtai")
    url = f"/api/hazards/{hazard.pk}/extensions"
    missing = api.post(url, {"new_deadline": "2024-04-15"}, content_type="application/json")
    assert missing.status_code == 422 and "reason" in str(missing.json())
    blank = api.post(
        url, {"new_deadline": "2024-04-15", "reason": " "}, content_type="application/json"
    )
    assert blank.status_code == 400 and blank.json()["error"]["message"] == "延期须写明原因。"
    long = api.post(
        url, {"new_deadline": "2024-04-15", "reason": "因" * 91}, content_type="application/json"
    )
    assert long.status_code == 400 and long.json()["error"]["message"] == "原因不能超过 90 字。"
    with django_capture_on_commit_callbacks(execute=True):
        made = api.post(
            url,
            {"new_deadline": "2024-04-15", "reason": "施工队排期"},
            content_type="application/json",
        )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["old_deadline"], body["new_deadline"], body["reason"]) == (
        "2024-03-31",
        "2024-04-15",
        "施工队排期",
    )
    assert notified("hazard_extended") == ["property"]
    shown = api.get(f"/api/hazards/{hazard.pk}").json()
    assert shown["deadline"] == "2024-04-15" and shown["version"] == 2


def test_a_read_only_role_is_refused_and_offered_nothing(hazard, client_as, api_as):
    client = client_as("auditor")
    assert (
        f"/hazards/{hazard.pk}/extend/" not in client.get(f"/hazards/{hazard.pk}/").content.decode()
    )
    refused = client.get(f"/hazards/{hazard.pk}/extend/", follow=True)
    assert "您的角色无权为隐患延期。" in text_of(refused)
    client.post(f"/hazards/{hazard.pk}/extend/", extend_form(hazard))
    answer = api_as("auditor").post(
        f"/api/hazards/{hazard.pk}/extensions",
        {"new_deadline": "2024-04-15", "reason": "审计"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert not HazardExtension.objects.filter(hazard=hazard).exists()


def test_a_neighbour_gets_404(hazard, client_as, api_as):
    client = client_as("shuangtaizi")
    url = f"/hazards/{hazard.pk}/extend/"
    assert client.get(url).status_code == 404
    assert client.post(url, extend_form(hazard)).status_code == 404
    api = api_as("shuangtaizi")
    assert api.get(f"/api/hazards/{hazard.pk}/extensions").status_code == 404
    answer = api.post(
        f"/api/hazards/{hazard.pk}/extensions",
        {"new_deadline": "2024-04-15", "reason": "邻区"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert not HazardExtension.objects.filter(hazard=hazard).exists()


def test_a_closed_hazard_is_not_extended(hazard, close_hazard, client_as, api_as):
    hazard = close_hazard(hazard)
    client = client_as("xinglongtai")
    assert (
        f"/hazards/{hazard.pk}/extend/" not in client.get(f"/hazards/{hazard.pk}/").content.decode()
    )
    refused = client.get(f"/hazards/{hazard.pk}/extend/", follow=True)
    assert "隐患已销号，不能再延期。" in text_of(refused)
    answer = api_as("xinglongtai").post(
        f"/api/hazards/{hazard.pk}/extensions",
        {"new_deadline": "2024-04-15", "reason": "销号后"},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert not HazardExtension.objects.filter(hazard=hazard).exists()
