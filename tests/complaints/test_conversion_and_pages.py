"""The handling on the order's page and through the API, and converting an order
into a hazard, linked both ways, once."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoan.areas.models import Area
from xiaoan.complaints import handling
from xiaoan.complaints.choices import HandlingState
from xiaoan.complaints.conversion import do_convert_to_hazard
from xiaoan.complaints.models import Complaint
from xiaoan.complaints.services import do_record_complaint
from xiaoan.core.clock import LOCAL_TZ
from xiaoan.core.errors import InvalidTransitionError
from xiaoan.core.models import Attachment
from xiaoan.hazards.models import Hazard
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.django_db

BRIGADE = "兴隆台区消防救援大队"


def png() -> bytes:
    """A real 1×1 PNG, so the upload passes the content check."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xd0\x21\x2a"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def order(user: Any, area: Any) -> Complaint:
    complaint, _ = do_record_complaint(
        None,
        acting_user=user("office"),
        number="GD-CV-1",
        received_at=dt.datetime(2024, 3, 1, 9, tzinfo=LOCAL_TZ),
        content="惠宾苑3号楼楼道堆放大量纸箱杂物，堵塞疏散通道。",
        address="兴隆台区惠宾街惠宾苑3号楼",
        area=area("兴隆台区"),
        title="楼道堆物",
    )
    complaint.hazard_category = "clutter"
    complaint.save(update_fields=["hazard_category"])
    return complaint


@pytest.fixture
def place(area: Any) -> Place:
    return do_register_place(
        acting_user=None,
        name="惠宾苑3号楼",
        address="兴隆台区惠宾街惠宾苑3号楼",
        area=area("惠宾社区第一网格"),
        kind=PlaceKind.HIGH_RISE,
    )


def test_dispatch_reply_close_on_the_page(
    settings: Any,
    order: Complaint,
    organisation: Any,
    client_as: Any,
    user: Any,
    tmp_path: Any,
) -> None:
    settings.XIAOAN_TODAY = "2024-03-04"
    settings.MEDIA_ROOT = tmp_path
    office = client_as("office")
    page = office.get(f"/complaints/{order.pk}/").content.decode()
    assert 'id="xa-handling-state">待分派' in page and 'id="xa-dispatch-form"' in page
    assert BRIGADE in page and "双台子区消防救援大队" not in page  # only responsible units
    response = office.post(
        f"/complaints/{order.pk}/dispatch/",
        {"version": order.version, "organisation": organisation(BRIGADE).pk, "workdays": 3},
        follow=True,
    )
    page = response.content.decode()
    assert f"已分派给{BRIGADE}，办理期限 2024-03-07。" in page
    assert 'id="xa-handling-state">已分派' in page and "还剩 3 个工作日" in page

    brigade = client_as("xinglongtai")
    page = brigade.get(f"/complaints/{order.pk}/").content.decode()
    assert 'id="xa-reply-form"' in page and 'id="xa-dispatch-form"' not in page
    order.refresh_from_db()
    response = brigade.post(
        f"/complaints/{order.pk}/reply/",
        {
            "version": order.version,
            "text": "已现场清理杂物，物业承诺每日巡查。",
            "file": SimpleUploadedFile("清理后.png", png()),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已回复，等待办结。" in page and "📎 清理后.png" in page
    assert Attachment.objects.get(target_id=order.pk, target_type__model="complaint")
    assert "办结</button>" not in page  # the brigade cannot close

    order.refresh_from_db()
    stale = order.version - 1
    response = office.post(
        f"/complaints/{order.pk}/move/", {"version": stale, "action": "close"}, follow=True
    )
    assert "已被他人修改" in response.content.decode()
    response = office.post(
        f"/complaints/{order.pk}/move/", {"version": order.version, "action": "close"}, follow=True
    )
    page = response.content.decode()
    assert "工单已办结。" in page and 'id="xa-handling-state">已办结' in page
    # the history panel names who did each step
    history = page[page.index("变更记录") :]
    assert "办结" in history and "回复" in history and "支队办公室" in history


def test_api_handling_round_trip(
    order: Complaint, organisation: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    office, brigade = api_as("office"), api_as("xinglongtai")
    url = f"/api/complaints/{order.pk}"
    unit = organisation(BRIGADE).pk
    body = office.post(
        f"{url}/dispatch",
        {"version": order.version, "organisation_id": unit},
        content_type="application/json",
    )
    assert body.status_code == 200 and body.json()["handling_state"] == "dispatched"
    version = body.json()["version"]
    stale = office.post(
        f"{url}/dispatch",
        {"version": version - 1, "organisation_id": unit},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_edit"
    early = office.post(f"{url}/close", {"version": version}, content_type="application/json")
    assert early.status_code == 409 and "须先回复" in early.json()["error"]["message"]
    with django_capture_on_commit_callbacks(execute=True):
        chase = office.post(f"{url}/chases", {"note": "请尽快"}, content_type="application/json")
    assert chase.status_code == 201 and chase.json()["to_name"] == BRIGADE
    assert [c["note"] for c in brigade.get(f"{url}/chases").json()] == ["请尽快"]
    replied = brigade.post(
        f"{url}/reply", {"version": version, "text": "已处理"}, content_type="application/json"
    )
    assert replied.status_code == 200 and replied.json()["handling_state"] == "replied"
    closed = office.post(
        f"{url}/close", {"version": replied.json()["version"]}, content_type="application/json"
    )
    assert closed.json()["handling_state"] == "closed"
    detail = office.get(url).json()
    assert detail["handling_state_label"] == "已办结"
    assert detail["handling_organisation_name"] == BRIGADE and detail["handling_reply"] == "已处理"
    assert detail["overdue"] is False and detail["handling_deadline"]
    missing = office.post(f"{url}/reply", {"text": "没有版本"}, content_type="application/json")
    assert missing.status_code == 422


def test_convert_on_the_page_links_both_ways_and_only_once(
    order: Complaint, place: Place, organisation: Any, user: Any, client_as: Any
) -> None:
    order = handling.do_dispatch(
        order,
        acting_user=user("office"),
        expected_version=order.version,
        organisation=organisation(BRIGADE),
    )
    brigade = client_as("xinglongtai")
    form = brigade.get(f"/complaints/{order.pk}/convert/").content.decode()
    assert 'value="clutter" selected' in form  # the order's category, prefilled
    assert "惠宾苑3号楼" in form
    options = brigade.get(f"/complaints/{order.pk}/places/?q=惠宾苑3").content.decode()
    assert f'value="{place.pk}"' in options
    nothing = brigade.get(f"/complaints/{order.pk}/places/?q=不存在的楼").content.decode()
    assert "没有找到" in nothing
    response = brigade.post(
        f"/complaints/{order.pk}/convert/",
        {
            "version": order.version,
            "place": place.pk,
            "category": "clutter",
            "severity": "ordinary",
            "description": "3号楼楼道堆放纸箱，堵塞疏散通道。",
            "deadline": "2024-03-11",
        },
        follow=True,
    )
    page = response.content.decode()
    hazard = Hazard.objects.get(place=place)
    assert "已转为隐患：惠宾苑3号楼，楼道堆放杂物。" in page
    assert f'href="/hazards/{hazard.pk}/"' in page
    assert hazard.found_by == user("xinglongtai") and hazard.inspection is not None
    assert hazard.inspection.kind == "brigade" and "GD-CV-1" in hazard.inspection.notes
    assert hazard.deadline == dt.date(2024, 3, 11)
    hazard_page = brigade.get(f"/hazards/{hazard.pk}/").content.decode()
    assert "来源 12345 工单" in hazard_page and f'href="/complaints/{order.pk}/"' in hazard_page
    assert Complaint.objects.get(pk=order.pk).history.first().history_change_reason == (
        "转为隐患（惠宾苑3号楼）"
    )

    again = brigade.post(
        f"/complaints/{order.pk}/convert/",
        {"version": order.version + 1, "place": place.pk, "category": "clutter"},
        follow=True,
    )
    assert "已转为隐患" in again.content.decode() and "不能重复转换" in again.content.decode()
    with pytest.raises(InvalidTransitionError, match="不能重复转换"):
        do_convert_to_hazard(
            Complaint.objects.get(pk=order.pk),
            acting_user=user("office"),
            expected_version=None,
            place=place,
            category="clutter",
        )
    assert Hazard.objects.filter(place=place).count() == 1


def test_convert_through_the_api_registers_a_new_place(
    order: Complaint, area: Any, api_as: Any, client_as: Any
) -> None:
    office = api_as("office")
    community = Area.objects.get(name="惠宾社区第一网格")
    response = office.post(
        f"/api/complaints/{order.pk}/convert-to-hazard",
        {
            "version": order.version,
            "new_place": {
                "name": "惠宾苑5号楼",
                "address": "兴隆台区惠宾街惠宾苑5号楼",
                "area_id": community.pk,
                "kind": "high_rise",
            },
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    hazard = Hazard.objects.get(pk=response.json()["hazard_id"])
    assert hazard.place.name == "惠宾苑5号楼" and hazard.category == "clutter"
    assert hazard.description == order.content
    assert office.get(f"/api/complaints/{order.pk}").json()["hazard_id"] == hazard.pk
    twice = office.post(
        f"/api/complaints/{order.pk}/convert-to-hazard",
        {"version": order.version + 1, "place_id": hazard.place_id},
        content_type="application/json",
    )
    assert twice.status_code == 409 and "不能重复转换" in twice.json()["error"]["message"]
    neither = client_as("office").post(
        f"/complaints/{order.pk}/convert/", {"version": 1, "category": "clutter"}
    )
    assert neither.status_code == 302  # already converted: back to the order with the message


def test_convert_needs_a_place_and_a_category(
    user: Any, area: Any, order: Complaint, client_as: Any
) -> None:
    order.hazard_category = ""
    order.save(update_fields=["hazard_category"])
    office = client_as("office")
    page = office.post(
        f"/complaints/{order.pk}/convert/",
        {"version": order.version, "category": "clutter", "description": "楼道堆物"},
    ).content.decode()
    assert "请选择已登记的场所，或填写新场所的名称、地址和所属区域。" in page
    api = office.post(
        f"/complaints/{order.pk}/convert/",
        {
            "version": order.version,
            "description": "楼道堆物",
            "new_place_name": "新楼",
            "new_place_address": "某街1号",
            "new_place_area": area("兴隆台区").pk,
        },
    ).content.decode()
    assert "隐患类别" in api and "这个字段是必填项" in api
    assert order.hazard_id is None and not Hazard.objects.filter(place__name="新楼").exists()
    assert Complaint.objects.get(pk=order.pk).handling_state == HandlingState.PENDING


def test_auditor_sees_the_handling_but_cannot_act(
    order: Complaint, organisation: Any, user: Any, client_as: Any
) -> None:
    order = handling.do_dispatch(
        order,
        acting_user=user("office"),
        expected_version=order.version,
        organisation=organisation(BRIGADE),
    )
    auditor = client_as("auditor")
    page = auditor.get(f"/complaints/{order.pk}/").content.decode()
    assert BRIGADE in page and "<form" not in page.split('id="xa-handling"')[1].split("变更记录")[0]
    refused = auditor.get(f"/complaints/{order.pk}/convert/", follow=True).content.decode()
    assert "只有分派工单的单位或承办单位的办理人员可以把工单转为隐患。" in refused
    reply = auditor.post(
        f"/complaints/{order.pk}/reply/", {"version": order.version, "text": "x"}, follow=True
    ).content.decode()
    assert "只有承办单位“兴隆台区消防救援大队”的办理人员可以回复此工单。" in reply
    assert Complaint.objects.get(pk=order.pk).handling_state == HandlingState.DISPATCHED


def test_order_page_queries_do_not_grow_with_chases(
    order: Complaint, organisation: Any, user: Any, client_as: Any
) -> None:
    from xiaoan.core.testing import get_with_query_count

    order = handling.do_dispatch(
        order,
        acting_user=user("office"),
        expected_version=order.version,
        organisation=organisation(BRIGADE),
    )
    for n in range(5):
        handling.do_chase(order, acting_user=user("office"), note=f"第{n + 1}次督办")
    # session, user, order, chases, history with its areas, units and users (4),
    # unread notifications, dispatch candidates (re-dispatch form), likely duplicates
    # (both directions of the link) and the areas of the placing form
    response = get_with_query_count(client_as("office"), f"/complaints/{order.pk}/", 13)
    assert response.content.decode().count("次督办") == 5
