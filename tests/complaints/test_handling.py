"""Handling of 12345 orders: the transition table, the working-day deadline, the
derived overdue mark, re-import, chasing, scoping and stale edits."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from xiaoan.complaints import handling
from xiaoan.complaints.choices import HandlingState
from xiaoan.complaints.handling import HANDLING_TRANSITIONS
from xiaoan.complaints.importers import import_complaints
from xiaoan.complaints.models import Complaint
from xiaoan.complaints.services import IMPORTED_FIELDS, do_record_complaint
from xiaoan.core.clock import LOCAL_TZ
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, StaleEditError
from xiaoan.core.models import Notification

from .conftest import good_row, xlsx_bytes

pytestmark = pytest.mark.django_db

BRIGADE = "兴隆台区消防救援大队"
NEIGHBOUR_BRIGADE = "双台子区消防救援大队"


def make(user: Any, area: Any, number: str = "GD-H-1", where: str = "兴隆台区") -> Complaint:
    complaint, _ = do_record_complaint(
        None,
        acting_user=user("office"),
        number=number,
        received_at=dt.datetime(2024, 2, 7, 9, tzinfo=LOCAL_TZ),
        content="12号楼一单元楼道内有人给电动自行车飞线充电。",
        area=area(where),
        title="楼道电动车充电",
        status="办理中",
    )
    return complaint


def dispatch(complaint: Complaint, user: Any, organisation: Any, **kw: Any) -> Complaint:
    return handling.do_dispatch(
        complaint,
        acting_user=user("office"),
        expected_version=complaint.version,
        organisation=organisation(BRIGADE),
        **kw,
    )


def put_in(complaint: Complaint, state: str, user: Any, organisation: Any) -> Complaint:
    """Walk an order to `state` through the services."""
    if state == HandlingState.PENDING:
        return complaint
    complaint = dispatch(complaint, user, organisation)
    if state == HandlingState.DISPATCHED:
        return complaint
    complaint = handling.do_reply(
        complaint,
        acting_user=user("xinglongtai"),
        expected_version=complaint.version,
        text="已清理",
    )
    if state == HandlingState.REPLIED:
        return complaint
    return handling.do_close(
        complaint, acting_user=user("office"), expected_version=complaint.version
    )


def attempt(action: str, complaint: Complaint, user: Any, organisation: Any) -> Any:
    v = complaint.version
    office, brigade = user("office"), user("xinglongtai")
    if action == "dispatch":
        return handling.do_dispatch(
            complaint, acting_user=office, expected_version=v, organisation=organisation(BRIGADE)
        )
    if action == "return":
        return handling.do_return(
            complaint, acting_user=brigade, expected_version=v, reason="非本单位"
        )
    if action == "reply":
        return handling.do_reply(complaint, acting_user=brigade, expected_version=v, text="已处理")
    if action == "reject_reply":
        return handling.do_reject_reply(
            complaint, acting_user=office, expected_version=v, reason="未附照片"
        )
    return handling.do_close(complaint, acting_user=office, expected_version=v)


ILLEGAL = [
    (action, state)
    for action, (sources, _target, _who) in HANDLING_TRANSITIONS.items()
    for state in HandlingState.values
    if state not in sources
]


@pytest.mark.parametrize(("action", "state"), ILLEGAL)
def test_illegal_transitions_are_refused_in_chinese(
    action: str, state: str, user: Any, area: Any, organisation: Any
) -> None:
    complaint = put_in(make(user, area), state, user, organisation)
    with pytest.raises(InvalidTransitionError) as refused:
        attempt(action, complaint, user, organisation)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
    complaint.refresh_from_db()
    assert complaint.handling_state == state


def test_close_before_reply_says_why(user: Any, area: Any, organisation: Any) -> None:
    complaint = put_in(make(user, area), HandlingState.DISPATCHED, user, organisation)
    with pytest.raises(InvalidTransitionError, match="须先回复，再办结"):
        handling.do_close(complaint, acting_user=user("office"), expected_version=complaint.version)


def test_the_whole_way_with_history(user: Any, area: Any, organisation: Any) -> None:
    complaint = put_in(make(user, area), HandlingState.CLOSED, user, organisation)
    assert complaint.handling_state == HandlingState.CLOSED
    assert complaint.handling_closed_by == user("office")
    assert complaint.handling_replied_by == user("xinglongtai")
    reasons = [h.history_change_reason for h in complaint.history.order_by("history_id")]
    assert reasons == ["导入", f"分派给{BRIGADE}", "回复", "办结"]
    users = [h.history_user.username for h in complaint.history.order_by("history_id")]
    assert users == ["office", "office", "xinglongtai", "office"]


def test_send_back_and_return(user: Any, area: Any, organisation: Any) -> None:
    complaint = put_in(make(user, area), HandlingState.REPLIED, user, organisation)
    with pytest.raises(Exception, match="须说明原因"):
        handling.do_reject_reply(
            complaint, acting_user=user("office"), expected_version=complaint.version, reason=" "
        )
    complaint = handling.do_reject_reply(
        complaint, acting_user=user("office"), expected_version=complaint.version, reason="缺照片"
    )
    assert complaint.handling_state == HandlingState.DISPATCHED
    complaint = handling.do_return(
        complaint,
        acting_user=user("xinglongtai"),
        expected_version=complaint.version,
        reason="错派",
    )
    assert complaint.handling_state == HandlingState.PENDING
    assert complaint.handling_organisation is None


def test_deadline_counts_working_days_across_the_spring_festival(
    settings: Any, user: Any, area: Any, organisation: Any
) -> None:
    # Thursday 8 Feb 2024: 9 Feb is a working day, 10–17 Feb the holiday,
    # Sunday 18 Feb a make-up working day; so 5 working days end on 21 Feb.
    settings.XIAOAN_TODAY = "2024-02-08"
    complaint = dispatch(make(user, area), user, organisation)
    assert complaint.handling_deadline == dt.date(2024, 2, 21)
    settings.XIAOAN_COMPLAINT_DEADLINE_WORKDAYS = 2
    other = dispatch(make(user, area, "GD-H-2"), user, organisation)
    assert other.handling_deadline == dt.date(2024, 2, 18)
    third = dispatch(make(user, area, "GD-H-3"), user, organisation, workdays=1)
    assert third.handling_deadline == dt.date(2024, 2, 9)


def test_overdue_is_derived(
    settings: Any, user: Any, area: Any, organisation: Any, api_as: Any
) -> None:
    from xiaoan.complaints.handling_queries import with_overdue

    settings.XIAOAN_TODAY = "2024-02-08"
    late = dispatch(make(user, area, "GD-LATE"), user, organisation)
    on_time = dispatch(make(user, area, "GD-ONTIME"), user, organisation, workdays=20)
    make(user, area, "GD-PENDING")
    settings.XIAOAN_TODAY = "2024-02-22"  # a day after the late one's deadline
    overdue = {c.number for c in with_overdue(Complaint.objects.all()) if c.overdue}  # type: ignore[attr-defined]
    assert overdue == {"GD-LATE"}
    api = api_as("office")
    body = api.get("/api/complaints", overdue="true").json()
    assert [i["number"] for i in body["items"]] == ["GD-LATE"] and body["items"][0]["overdue"]
    not_overdue = {i["number"] for i in api.get("/api/complaints", overdue="false").json()["items"]}
    assert {"GD-ONTIME", "GD-PENDING"} <= not_overdue and "GD-LATE" not in not_overdue
    # a reply ends it, even a late one (the history says so)
    handling.do_reply(
        late, acting_user=user("xinglongtai"), expected_version=late.version, text="已整改"
    )
    assert not with_overdue(Complaint.objects.filter(number="GD-LATE")).get().overdue  # type: ignore[attr-defined]
    assert (
        Complaint.objects.get(number="GD-LATE").history.first().history_change_reason
        == "回复（超期）"
    )
    assert on_time.handling_deadline == dt.date(2024, 3, 13)  # 20 working days


def test_overdue_filter_and_badge_on_the_pages(
    settings: Any, user: Any, area: Any, organisation: Any, client_as: Any
) -> None:
    settings.XIAOAN_TODAY = "2024-02-08"
    dispatch(make(user, area, "GD-LATE"), user, organisation)
    make(user, area, "GD-PENDING")
    settings.XIAOAN_TODAY = "2024-03-04"
    client = client_as("office")
    page = client.get("/complaints/?overdue=true").content.decode()
    assert "GD-LATE" in page and "GD-PENDING" not in page and "已超期" in page
    unit = organisation(BRIGADE).pk
    page = client.get("/complaints/?handling_state=pending&handling_organisation=").content.decode()
    assert "GD-PENDING" in page and "GD-LATE" not in page
    page = client.get(f"/complaints/?handling_organisation={unit}").content.decode()
    assert "GD-LATE" in page and "GD-PENDING" not in page
    bad = client.get("/complaints/?handling_state=nonsense").content.decode()
    assert "筛选条件有误" in bad


def test_reimport_keeps_the_handling(user: Any, area: Any, organisation: Any) -> None:
    handling_fields = {
        f.name
        for f in Complaint._meta.fields
        if f.name.startswith(("handling_", "dispatch", "hazard"))
        and f.name not in ("handling_unit", "hazard_category")
    }
    assert len(handling_fields) == 12 and not handling_fields & set(IMPORTED_FIELDS)
    office = user("office")
    import_complaints(xlsx_bytes([good_row("GD-RE-1")]), acting_user=office)
    complaint = Complaint.objects.get(number="GD-RE-1")
    complaint = put_in(complaint, HandlingState.REPLIED, user, organisation)
    newer = good_row("GD-RE-1", 工单状态="已办结", 回复内容="平台回复：已处理")
    result = import_complaints(xlsx_bytes([newer]), acting_user=office)
    assert (result.imported, result.updated) == (0, 1)
    again = Complaint.objects.get(number="GD-RE-1")
    assert again.status == "已办结" and again.reply == "平台回复：已处理"
    assert again.handling_state == HandlingState.REPLIED
    assert again.handling_organisation == organisation(BRIGADE)
    assert again.handling_reply == "已清理" and again.handling_deadline is not None
    assert again.version == complaint.version + 1


def test_dispatch_notifies_the_unit_and_offers_only_responsible_units(
    user: Any, area: Any, organisation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    complaint = make(user, area)
    offered = {o.name for o in handling.dispatch_candidates(complaint, user("office"))}
    assert BRIGADE in offered and "兴隆街道办事处" in offered
    assert NEIGHBOUR_BRIGADE not in offered
    with pytest.raises(Exception, match="不能分派给“双台子区消防救援大队”"):
        handling.do_dispatch(
            complaint,
            acting_user=user("office"),
            expected_version=complaint.version,
            organisation=organisation(NEIGHBOUR_BRIGADE),
        )
    with django_capture_on_commit_callbacks(execute=True):
        dispatch(complaint, user, organisation)
    note = Notification.objects.get(recipient=user("xinglongtai"), kind="complaint_dispatched")
    assert "GD-H-1" in note.title and "办理期限" in note.body
    assert note.link == f"/complaints/{complaint.pk}/"


def test_chasing_notifies_and_is_answered(
    user: Any, area: Any, organisation: Any, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    complaint = put_in(make(user, area), HandlingState.DISPATCHED, user, organisation)
    office = client_as("office")
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            f"/complaints/{complaint.pk}/chase/", {"channel": "phone", "note": "请今天回复"}
        )
    assert response.status_code == 302
    chase = complaint.chases.get()
    assert (chase.to.name, chase.channel, chase.by) == (BRIGADE, "phone", user("office"))
    note = Notification.objects.get(recipient=user("xinglongtai"), kind="complaint_chased")
    assert "请今天回复" in note.body
    brigade = client_as("xinglongtai")
    page = brigade.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "请今天回复" in page and "答复督办" in page
    with django_capture_on_commit_callbacks(execute=True):
        brigade.post(
            f"/complaints/{complaint.pk}/chases/{chase.pk}/answer/",
            {"version": chase.version, "answer": "明天上午回复"},
        )
    chase.refresh_from_db()
    assert chase.answer == "明天上午回复"
    assert Notification.objects.filter(recipient=user("office"), kind="complaint_chase_answered")
    # the brigade cannot chase; a replied order needs no chasing
    with pytest.raises(PermissionDeniedError):
        handling.do_chase(complaint, acting_user=user("xinglongtai"), note="")
    complaint = handling.do_reply(
        complaint,
        acting_user=user("xinglongtai"),
        expected_version=complaint.version + 0,
        text="好",
    )
    with pytest.raises(InvalidTransitionError, match="只有已分派、尚未回复的工单可以督办"):
        handling.do_chase(complaint, acting_user=user("office"), note="")


def test_stale_version_is_refused(user: Any, area: Any, organisation: Any) -> None:
    complaint = make(user, area)
    seen = complaint.version
    dispatch(complaint, user, organisation)
    with pytest.raises(StaleEditError, match="已被他人修改"):
        handling.do_dispatch(
            complaint,
            acting_user=user("office"),
            expected_version=seen,
            organisation=organisation("兴隆街道办事处"),
        )
    assert Complaint.objects.get(pk=complaint.pk).handling_organisation == organisation(BRIGADE)


def test_only_the_handling_unit_replies_and_only_a_manager_closes(
    user: Any, area: Any, organisation: Any
) -> None:
    complaint = put_in(make(user, area), HandlingState.DISPATCHED, user, organisation)
    with pytest.raises(PermissionDeniedError, match="只有承办单位“兴隆台区消防救援大队”"):
        handling.do_return(
            complaint, acting_user=user("dawa"), expected_version=complaint.version, reason="x"
        )
    complaint = handling.do_reply(
        complaint, acting_user=user("xinglongtai"), expected_version=complaint.version, text="好"
    )
    with pytest.raises(PermissionDeniedError, match="导入、分派 12345 工单"):
        handling.do_close(
            complaint, acting_user=user("xinglongtai"), expected_version=complaint.version
        )


def test_neighbour_gets_404_on_pages_and_api(
    user: Any, area: Any, organisation: Any, client_as: Any, api_as: Any
) -> None:
    complaint = put_in(make(user, area), HandlingState.DISPATCHED, user, organisation)
    neighbour = client_as("shuangtaizi")
    for url, data in [
        (f"/complaints/{complaint.pk}/", None),
        (f"/complaints/{complaint.pk}/dispatch/", {"version": complaint.version}),
        (f"/complaints/{complaint.pk}/reply/", {"version": complaint.version, "text": "x"}),
        (f"/complaints/{complaint.pk}/move/", {"version": complaint.version, "action": "close"}),
        (f"/complaints/{complaint.pk}/chase/", {"channel": "inbox"}),
        (f"/complaints/{complaint.pk}/convert/", None),
    ]:
        response = neighbour.get(url) if data is None else neighbour.post(url, data)
        assert response.status_code == 404, url
    api = api_as("shuangtaizi")
    not_found = {
        "error": {"code": "not_found", "message": "记录不存在或无权访问。", "details": None}
    }
    for path, payload in [
        ("dispatch", {"version": complaint.version, "organisation_id": organisation(BRIGADE).pk}),
        ("reply", {"version": complaint.version, "text": "已处理"}),
        ("close", {"version": complaint.version}),
        ("chases", {"note": "快"}),
        ("convert-to-hazard", {"version": complaint.version, "category": "clutter"}),
    ]:
        response = api.post(
            f"/api/complaints/{complaint.pk}/{path}", payload, content_type="application/json"
        )
        assert response.status_code == 404 and response.json() == not_found, path
    assert api.get(f"/api/complaints/{complaint.pk}").status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).handling_state == HandlingState.DISPATCHED


def test_township_user_cannot_dispatch(
    user: Any, area: Any, organisation: Any, client_as: Any, api_as: Any
) -> None:
    complaint = make(user, area, where="惠宾社区第一网格")
    grid = client_as("grid")
    assert grid.get(f"/complaints/{complaint.pk}/").status_code == 200
    page = grid.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'id="xa-dispatch-form"' not in page
    response = grid.post(
        f"/complaints/{complaint.pk}/dispatch/",
        {"version": complaint.version, "organisation": organisation(BRIGADE).pk},
        follow=True,
    )
    assert "您无权分派此工单" in response.content.decode()
    response = api_as("grid").post(
        f"/api/complaints/{complaint.pk}/dispatch",
        {"version": complaint.version, "organisation_id": organisation(BRIGADE).pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "导入、分派 12345 工单" in response.json()["error"]["message"]
    assert Complaint.objects.get(pk=complaint.pk).handling_state == HandlingState.PENDING


def test_dispatched_unit_sees_an_unplaced_order(
    user: Any, area: Any, organisation: Any, client_as: Any
) -> None:
    """An order still at the city level is visible to the unit it went to, and to no other."""
    complaint = make(user, area, where="盘锦市")
    assert client_as("xinglongtai").get(f"/complaints/{complaint.pk}/").status_code == 404
    dispatch(complaint, user, organisation)
    assert client_as("xinglongtai").get(f"/complaints/{complaint.pk}/").status_code == 200
    assert client_as("shuangtaizi").get(f"/complaints/{complaint.pk}/").status_code == 404


def test_export_has_the_handling_columns(
    settings: Any, user: Any, area: Any, organisation: Any, client_as: Any
) -> None:
    settings.XIAOAN_TODAY = "2024-02-08"
    dispatch(make(user, area, "GD-X-1"), user, organisation)
    make(user, area, "GD-X-2")
    settings.XIAOAN_TODAY = "2024-03-04"
    response = client_as("office").get("/complaints/export/?q=GD-X")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    for column in ("办理状态", "承办单位（分派）", "办理期限", "是否超期", "办理答复", "转为隐患"):
        assert column in header
    by_number = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert set(by_number) == {"GD-X-1", "GD-X-2"}
    first = by_number["GD-X-1"]
    assert first["办理状态"] == "已分派" and first["承办单位（分派）"] == BRIGADE
    assert first["是否超期"] == "是" and first["办理期限"].date() == dt.date(2024, 2, 21)
    assert by_number["GD-X-2"]["办理状态"] == "待分派"
