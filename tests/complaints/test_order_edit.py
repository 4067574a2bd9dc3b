"""Correcting a 12345 order's handling record: the page and PATCH
/api/complaints/{id}/handling. Corrections only: the platform's columns stay the
import's, and the handling state moves only through the handling actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.edits import edit, form_values
from xiaoan.areas.models import Area, Organisation, User
from xiaoan.complaints import handling
from xiaoan.complaints.choices import ClassificationSource, HandlingState
from xiaoan.complaints.corrections import do_correct_handling
from xiaoan.complaints.models import Complaint
from xiaoan.complaints.services import do_record_complaint
from xiaoan.core.clock import LOCAL_TZ
from xiaoan.core.errors import XiaoanError

pytestmark = pytest.mark.django_db


def who(username: str) -> User:
    return User.objects.select_related("area", "organisation").get(username=username)


@pytest.fixture
def order(db: object) -> Complaint:
    complaint, _ = do_record_complaint(
        None,
        acting_user=who("office"),
        number="GD-E-1",
        received_at=dt.datetime(2024, 3, 4, 9, tzinfo=LOCAL_TZ),
        content="12号楼一单元楼道内有人给电动自行车飞线充电。",
        area=Area.objects.get(name="兴隆台区"),
        title="楼道电动车充电",
    )
    return complaint


def dispatched(order: Complaint) -> Complaint:
    return handling.do_dispatch(
        order,
        acting_user=who("office"),
        expected_version=order.version,
        organisation=Organisation.objects.get(name="兴隆台区消防救援大队"),
        deadline=dt.date(2099, 3, 11),
        note="请核实",
    )


def replied(order: Complaint) -> Complaint:
    order = dispatched(order)
    return handling.do_reply(
        order, acting_user=who("xinglongtai"), expected_version=order.version, text="已清理"
    )


def url(order: Complaint) -> str:
    return f"/complaints/{order.pk}/edit/"


def test_the_office_corrects_the_dispatch_note_and_deadline(client_as, order):
    order = dispatched(order)
    office = client_as("office")
    assert f'href="{url(order)}"' in office.get(f"/complaints/{order.pk}/").content.decode()
    fields = form_values(office.get(url(order)))
    assert "dispatch_note" in fields and "handling_deadline" in fields
    assert "handling_reply" not in fields and "content" not in fields  # not replied; imported
    response = edit(
        office,
        url(order),
        reason="期限录错",
        handling_deadline="2099-03-15",
        dispatch_note="请核实并回复来电人",
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.handling_deadline == dt.date(2099, 3, 15)
    assert order.dispatch_note == "请核实并回复来电人"
    assert order.handling_state == HandlingState.DISPATCHED
    entry = order.history.first()
    assert entry.history_user.username == "office" and entry.history_change_reason == "期限录错"
    assert "期限录错" in office.get(f"/complaints/{order.pk}/").content.decode()


def test_the_handler_corrects_its_reply_until_the_order_is_closed(client_as, order):
    order = replied(order)
    brigade = client_as("xinglongtai")
    fields = form_values(brigade.get(url(order)))
    assert "handling_reply" in fields and "dispatch_note" not in fields
    response = edit(brigade, url(order), reason="补充处理结果", handling_reply="已清理，已约谈物业")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.handling_reply == "已清理，已约谈物业"
    assert order.handling_state == HandlingState.REPLIED
    order = handling.do_close(order, acting_user=who("office"), expected_version=order.version)
    assert "handling_reply" not in form_values(brigade.get(url(order)))
    with pytest.raises(XiaoanError, match="无权修改此工单的办理答复"):
        do_correct_handling(
            order,
            acting_user=who("xinglongtai"),
            expected_version=order.version,
            handling_reply="再改",
        )


def test_the_classification_is_overridden_and_kept_manual(client_as, order):
    response = edit(client_as("office"), url(order), reason="非消防问题", fire_related="false")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.fire_related is False and order.hazard_category == ""
    assert order.classified_by == ClassificationSource.MANUAL


def test_corrections_do_not_bypass_the_handling_steps(order):
    office = who("office")
    # a pending order has no deadline or reply to correct
    with pytest.raises(XiaoanError, match="只有已分派、尚未回复的工单可以更正办理期限"):
        do_correct_handling(
            order, acting_user=office, expected_version=1, handling_deadline=dt.date(2099, 1, 1)
        )
    with pytest.raises(XiaoanError, match="工单尚未回复"):
        do_correct_handling(order, acting_user=office, expected_version=1, handling_reply="x")
    with pytest.raises(XiaoanError, match="办理状态只能通过办理操作改变"):
        do_correct_handling(
            order, acting_user=office, expected_version=1, handling_state=HandlingState.CLOSED
        )
    with pytest.raises(XiaoanError, match="不能修改 12345 平台导出的字段"):
        do_correct_handling(order, acting_user=office, expected_version=1, content="改写诉求")
    order.refresh_from_db()
    assert order.version == 1 and order.handling_state == HandlingState.PENDING


def test_the_api_corrects_with_a_reason_and_refuses_platform_columns(api_as, order):
    order = dispatched(order)
    api = api_as("office")
    path = f"/api/complaints/{order.pk}/handling"
    refused = api.patch(path, {"version": order.version, "content": "改写诉求"})
    assert refused.status_code == 422
    refused = api.patch(path, {"version": order.version, "handling_state": "closed"})
    assert refused.status_code == 422
    response = api.patch(
        path, {"version": order.version, "dispatch_note": "加急", "reason": "领导批示加急"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["dispatch_note"] == "加急"
    order.refresh_from_db()
    entry = order.history.first()
    assert entry.history_change_reason == "领导批示加急"
    assert order.content.startswith("12号楼") and order.handling_state == HandlingState.DISPATCHED


def test_a_stale_version_is_refused(client_as, api_as, order):
    order = dispatched(order)
    office = client_as("office")
    data = form_values(office.get(url(order)))
    first = api_as("office").patch(
        f"/api/complaints/{order.pk}/handling",
        {"version": order.version, "dispatch_note": "先到", "reason": "更正"},
    )
    assert first.status_code == 200
    response = office.post(url(order), data | {"dispatch_note": "后到", "reason": "更正"})
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    stale = api_as("office").patch(
        f"/api/complaints/{order.pk}/handling", {"version": order.version, "dispatch_note": "x"}
    )
    assert stale.status_code == 409
    order.refresh_from_db()
    assert order.dispatch_note == "先到"


def test_the_reason_is_required(client_as, order):
    order = dispatched(order)
    response = edit(client_as("office"), url(order), reason="", dispatch_note="改")
    assert "请填写修改原因" in response.content.decode()
    order.refresh_from_db()
    assert order.dispatch_note == "请核实"


def test_the_neighbour_gets_404(client_as, api_as, order):
    assert client_as("shuangtaizi").get(url(order)).status_code == 404
    response = api_as("shuangtaizi").patch(
        f"/api/complaints/{order.pk}/handling", {"version": 1, "dispatch_note": "x"}
    )
    assert response.status_code == 404


def test_a_read_only_role_gets_no_link_and_is_refused(client_as, api_as, order: Any):
    order = dispatched(order)
    auditor = client_as("auditor")
    detail = auditor.get(f"/complaints/{order.pk}/")
    assert detail.status_code == 200 and url(order) not in detail.content.decode()
    response = auditor.get(url(order), follow=True)
    assert "无权修改此工单的办理信息" in response.content.decode()
    api = api_as("auditor").patch(
        f"/api/complaints/{order.pk}/handling", {"version": order.version, "dispatch_note": "x"}
    )
    assert api.status_code == 403
    order.refresh_from_db()
    assert order.dispatch_note == "请核实"
