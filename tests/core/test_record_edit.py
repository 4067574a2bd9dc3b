"""The shared edit page (core.record_edit): what reaches the service, and what the editor sees.

Exercised on an incident (a record with a datetime, a choice and text) through
`edit_page` itself, with the real versioned save behind it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from xiaoan.areas.models import Area, User
from xiaoan.core import clock
from xiaoan.core.record_edit import DATETIME_FORMATS, DATETIME_WIDGET, EditForm, edit_page
from xiaoan.core.versioning import apply_edit
from xiaoan.duty import services
from xiaoan.duty.choices import IncidentKind
from xiaoan.duty.models import Incident

pytestmark = pytest.mark.django_db

BEIJING = clock.LOCAL_TZ


class IncidentForm(EditForm):
    alarm_at = forms.DateTimeField(
        label="接警时间", widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    kind = forms.ChoiceField(label="类型", choices=IncidentKind.choices)
    address = forms.CharField(label="地址", max_length=300)
    description = forms.CharField(label="简要情况", required=False, widget=forms.Textarea)


@pytest.fixture(autouse=True)
def rules(db: Any) -> None:
    services.ensure_default_rules()


@pytest.fixture
def brigade(db: Any) -> User:
    return User.objects.select_related("area", "organisation").get(username="xinglongtai")


@pytest.fixture
def incident(brigade: User) -> Incident:
    # 00:04:30 Beijing time on 5 March is still 4 March in UTC
    return services.do_record_incident(
        acting_user=brigade,
        alarm_at=dt.datetime(2024, 3, 5, 0, 4, 30, tzinfo=BEIJING),
        kind=IncidentKind.FIRE,
        address="兴隆台区惠宾街 1 号",
        area=Area.objects.get(name="兴隆台区"),
    )


class Saver:
    """The service as the page sees it: records each call, then saves for real."""

    def __init__(self, incident: Incident, user: User) -> None:
        self.incident, self.user = incident, user
        self.calls: list[dict[str, Any]] = []

    def __call__(self, changes: dict[str, Any], *, expected_version: int, reason: str) -> Any:
        self.calls.append(dict(changes))
        return apply_edit(
            self.incident,
            changes,
            acting_user=self.user,
            expected_version=expected_version,
            reason=reason,
        )


def call(incident: Incident, user: User, saver: Saver, data: dict[str, Any] | None = None) -> Any:
    factory = RequestFactory()
    request = factory.post("/edit/", data) if data is not None else factory.get("/edit/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    response = edit_page(
        request,
        incident,
        form_class=IncidentForm,
        save=saver,
        title="修改警情",
        back_url="/back/",
    )
    return request, response


def posted(incident: Incident, **changes: Any) -> dict[str, Any]:
    data = {
        "alarm_at": "2024-03-05T00:04",
        "kind": incident.kind,
        "address": incident.address,
        "description": incident.description,
        "version": incident.version,
        "reason": "按接警记录更正",
    }
    return data | changes


def text(response: Any) -> str:
    return response.content.decode()


def test_the_form_shows_the_record_in_beijing_time(incident, brigade):
    _, response = call(incident, brigade, Saver(incident, brigade))
    page = text(response)
    assert response.status_code == 200
    assert 'value="2024-03-05T00:04"' in page  # on its Beijing day, not 3 March UTC
    assert 'name="version"' in page and f'value="{incident.version}"' in page
    assert "修改原因" in page


def test_only_the_changed_field_is_sent(incident, brigade):
    saver = Saver(incident, brigade)
    request, response = call(
        incident, brigade, saver, posted(incident, address="兴隆台区惠宾街 2 号")
    )
    assert response.status_code == 302 and response["Location"] == "/back/"
    # the alarm time shown to the minute (its 30 seconds unseen) is not a change
    assert saver.calls == [{"address": "兴隆台区惠宾街 2 号"}]
    incident.refresh_from_db()
    assert incident.address == "兴隆台区惠宾街 2 号"
    assert incident.alarm_at == dt.datetime(2024, 3, 5, 0, 4, 30, tzinfo=BEIJING)
    entry = incident.history.first()
    assert entry.history_user == brigade and entry.history_change_reason == "按接警记录更正"
    assert [str(m) for m in get_messages(request)] == ["已保存修改。"]


def test_nothing_changed_is_said_and_not_saved(incident, brigade):
    saver = Saver(incident, brigade)
    before = incident.history.count()
    request, response = call(incident, brigade, saver, posted(incident))
    assert response.status_code == 302
    assert saver.calls == []
    assert any("没有内容发生变化" in str(m) for m in get_messages(request))
    incident.refresh_from_db()
    assert incident.version == 1 and incident.history.count() == before


def test_a_reason_is_required(incident, brigade):
    saver = Saver(incident, brigade)
    _, response = call(incident, brigade, saver, posted(incident, address="别处", reason=""))
    assert response.status_code == 200
    assert "请填写修改原因" in text(response)
    assert saver.calls == []
    incident.refresh_from_db()
    assert incident.address == "兴隆台区惠宾街 1 号"


def test_a_stale_version_is_refused_on_the_form(incident, brigade, user):
    # someone else saved first: the record is at version 2
    apply_edit(incident, {"description": "先到者"}, acting_user=user("office"), expected_version=1)
    saver = Saver(incident, brigade)
    _, response = call(incident, brigade, saver, posted(incident, address="后到者", version=1))
    assert response.status_code == 200
    page = text(response)
    assert "已被他人修改" in page and "当前版本 2" in page and "alert-danger" in page
    incident.refresh_from_db()
    assert incident.address == "兴隆台区惠宾街 1 号" and incident.description == "先到者"


def test_a_datetime_entered_just_after_midnight_stays_on_its_day(incident, brigade):
    saver = Saver(incident, brigade)
    _, response = call(incident, brigade, saver, posted(incident, alarm_at="2024-03-06T00:04"))
    assert response.status_code == 302
    incident.refresh_from_db()
    local = incident.alarm_at.astimezone(BEIJING)
    assert (local.date(), local.hour, local.minute) == (dt.date(2024, 3, 6), 0, 4)
    assert incident.alarm_at.astimezone(dt.UTC).date() == dt.date(2024, 3, 5)
    # and the page shows it back as entered
    fresh = Incident.objects.get(pk=incident.pk)
    _, again = call(fresh, brigade, Saver(fresh, brigade))
    assert 'value="2024-03-06T00:04"' in text(again)


def test_a_refusal_with_field_details_is_shown_on_its_field(incident, brigade):
    from xiaoan.core.errors import XiaoanError

    def refuse(changes: dict[str, Any], *, expected_version: int, reason: str) -> Any:
        raise XiaoanError("地址有误。", details={"address": "请写到门牌号。"})

    request = RequestFactory().post("/edit/", posted(incident, address="惠宾街"))
    request.user = brigade
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    response = edit_page(
        request, incident, form_class=IncidentForm, save=refuse, title="修改", back_url="/b/"
    )
    page = text(response)
    assert "地址有误。" in page and "请写到门牌号。" in page
