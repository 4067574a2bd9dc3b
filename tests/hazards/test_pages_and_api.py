"""Hazard elimination's pages and API: the phone journey, scoping, query counts."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoan.core.testing import assert_query_count, get_with_query_count
from xiaoan.hazards import services as hazard_services
from xiaoan.hazards.choices import HazardState
from xiaoan.hazards.models import Hazard, Inspection
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.django_db


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def huibin(user, area, organisation):
    """A high-rise in 惠宾社区 managed by 惠宾物业."""
    return do_register_place(
        acting_user=user("xinglongtai"),
        name="惠宾苑3号楼",
        address="兴隆台区惠宾街88号",
        area=area("惠宾社区"),
        kind="high_rise",
        property_company=organisation("盘锦惠宾物业服务有限公司"),
    )


@pytest.fixture
def shengli(user, area):
    return do_register_place(
        acting_user=user("shuangtaizi"),
        name="胜利小区",
        address="双台子区胜利街1号",
        area=area("胜利社区"),
        kind="residential",
    )


def test_grid_worker_records_property_fixes_brigade_closes(huibin, client_as):
    """The issue's journey through the pages, as a phone would post them."""
    grid = client_as("grid")
    # the grid worker's area is a grid below 惠宾社区: the place lives at the community, so
    # the grid worker inspects places registered in its own grid
    place = Place.objects.create(
        name="惠宾苑5号楼", address="惠宾街90号", area=grid_area(), kind="high_rise", key="x"
    )
    response = grid.post(
        f"/places/{place.pk}/inspect/",
        {
            "kind": "grid_check",
            "categories": ["ebike_indoor"],
            "description": "1单元楼道停放电动车3辆并充电",
            "severity": "ordinary",
            "deadline": "2024-03-10",
            "photos": [SimpleUploadedFile("楼道.png", png())],
        },
    )
    assert response.status_code == 302, response.content.decode()
    hazard = Hazard.objects.get(place=place)
    assert hazard.state == HazardState.FOUND and hazard.found_by.username == "grid"

    prop = client_as("property")
    page = prop.get(f"/hazards/{hazard.pk}/").content.decode()
    assert "报告整改完成" in page
    response = prop.post(
        f"/hazards/{hazard.pk}/fix/",
        {
            "text": "电动车已清出，设置集中充电点",
            "photos": [SimpleUploadedFile("整改后.png", png())],
        },
    )
    hazard.refresh_from_db()
    assert hazard.state == HazardState.RECTIFIED and hazard.fixed_by.username == "property"
    assert "验收销号" not in prop.get(f"/hazards/{hazard.pk}/").content.decode()

    brigade = client_as("xinglongtai")
    detail = brigade.get(f"/hazards/{hazard.pk}/").content.decode()
    assert "整改后.png" in detail and "验收销号" in detail
    brigade.post(f"/hazards/{hazard.pk}/move/", {"action": "verify"})
    hazard.refresh_from_db()
    assert hazard.state == HazardState.CLOSED and hazard.closed_by.username == "xinglongtai"


def grid_area():
    from xiaoan.areas.models import Area

    return Area.objects.get(name="惠宾社区第一网格")


def test_report_fix_without_a_photo_is_refused_on_the_page(huibin, client_as, user):
    inspection = hazard_services.do_record_inspection(
        acting_user=user("xinglongtai"),
        place=huibin,
        kind="brigade",
        hazards=[hazard_services.HazardSpec("clutter", "楼道堆物")],
    )
    hazard = inspection.hazards.get()
    response = client_as("property").post(
        f"/hazards/{hazard.pk}/fix/", {"text": "已清理"}, follow=True
    )
    assert "请填写整改情况并上传整改后的照片或证明材料" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.state == HazardState.FOUND


def test_inspection_needs_a_result(huibin, client_as):
    response = client_as("xinglongtai").post(f"/places/{huibin.pk}/inspect/", {"kind": "brigade"})
    assert "请登记发现的隐患，或明确勾选“未发现隐患”" in response.content.decode()
    ok = client_as("xinglongtai").post(
        f"/places/{huibin.pk}/inspect/", {"kind": "brigade", "no_hazard": "on"}
    )
    assert ok.status_code == 302
    assert Inspection.objects.get(place=huibin).get_result_display() == "未发现隐患"


def test_second_inspector_signs_under_own_login(huibin, client_as, user):
    from xiaoan.areas.services import do_create_user

    colleague = do_create_user(
        acting_user=None,
        username="xlt2",
        password="Xiaoan@2024",
        full_name="兴隆台二",
        roles=["brigade"],
        area=user("xinglongtai").area,
        organisation=user("xinglongtai").organisation,
    )
    client_as("xinglongtai").post(
        f"/places/{huibin.pk}/inspect/",
        {"kind": "brigade", "no_hazard": "on", "inspectors": [colleague.pk]},
    )
    inspection = Inspection.objects.get(place=huibin)
    second = client_as("xlt2")
    assert (
        "惠宾苑3号楼" in second.get("/inspections/").content.decode()
    )  # listed as waiting for the signature
    assert "确认检查结果并签字" in second.get(f"/inspections/{inspection.pk}/").content.decode()
    second.post(f"/inspections/{inspection.pk}/sign/", {"signature": drawn_signature()})
    assert inspection.signatures.filter(signed_at__isnull=True).count() == 0
    assert "确认检查结果并签字" not in second.get(f"/inspections/{inspection.pk}/").content.decode()


def drawn_signature() -> str:
    """The sign page's pad, as the PNG data URL it sends."""
    import base64

    from .conftest import png_bytes

    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def test_duplicate_place_is_flagged_not_created(huibin, client_as, area):
    response = client_as("xinglongtai").post(
        "/places/new/",
        {
            "name": "惠宾苑 3号楼",
            "address": "兴隆台区惠宾街 88 号",
            "area": area("惠宾社区").pk,
            "kind": "high_rise",
            "risk_level": "medium",
        },
        follow=True,
    )
    assert "已登记，不能重复登记" in response.content.decode()
    assert Place.objects.filter(name__startswith="惠宾苑").count() == 1


def test_neighbours_records_are_404(huibin, shengli, client_as, api_as, user):
    inspection = hazard_services.do_record_inspection(
        acting_user=user("shuangtaizi"),
        place=shengli,
        kind="brigade",
        hazards=[hazard_services.HazardSpec("fire_lane", "消防车道被占")],
    )
    hazard = inspection.hazards.get()
    page = client_as("xinglongtai")
    for url in (
        f"/places/{shengli.pk}/",
        f"/hazards/{hazard.pk}/",
        f"/inspections/{inspection.pk}/",
        f"/places/{shengli.pk}/inspect/",
    ):
        assert page.get(url).status_code == 404, url
    api = api_as("xinglongtai")
    for url in (
        f"/api/places/{shengli.pk}",
        f"/api/hazards/{hazard.pk}",
        f"/api/inspections/{inspection.pk}",
        f"/api/trace-back?hazard={hazard.pk}",
    ):
        assert api.get(url).status_code == 404, url
    assert page.post(f"/hazards/{hazard.pk}/move/", {"action": "verify"}).status_code == 404


def test_api_hazard_flow_and_coverage(huibin, api_as, user, settings):
    settings.XIAOAN_TODAY = "2024-03-04"
    brigade = api_as("xinglongtai")
    created = brigade.client.post(
        "/api/inspections",
        {
            "place_id": huibin.pk,
            "kind": "brigade",
            "hazards": [
                {"category": "fire_door", "description": "防火门常开", "deadline": "2024-03-01"}
            ],
        },
        content_type="application/json",
        headers=brigade.headers,
    )
    assert created.status_code == 201, created.content
    hazard_id = Hazard.objects.get(place=huibin).pk
    listed = brigade.get("/api/hazards", overdue="true").json()
    assert [h["id"] for h in listed["items"]] == [hazard_id] and listed["items"][0][
        "overdue"
    ] is True
    refused = brigade.client.post(
        f"/api/hazards/{hazard_id}/transitions",
        {"action": "verify"},
        content_type="application/json",
        headers=brigade.headers,
    )
    assert (
        refused.status_code == 409
        and refused.json()["error"]["message"] == "隐患尚未报告整改完成，不能销号。"
    )
    coverage = brigade.get("/api/coverage", start="2024-03-01", end="2024-03-04").json()
    assert coverage["in_scope"] == 1 and coverage["inspected"] == 1 and coverage["percent"] == 100.0


@pytest.fixture
def some_records(huibin, shengli, user):
    for place, username in ((huibin, "xinglongtai"), (shengli, "shuangtaizi")):
        for n in range(3):
            hazard_services.do_record_inspection(
                acting_user=user(username),
                place=place,
                kind="brigade",
                at=dt.datetime(2024, 3, 1 + n, 10, tzinfo=dt.UTC),
                hazards=[
                    hazard_services.HazardSpec("clutter", f"杂物{n}"),
                    hazard_services.HazardSpec("fire_door", f"防火门{n}"),
                ],
            )


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/hazards", 4),  # token, page of ids, rows, count
        ("/api/inspections", 4),  # token, count, page, signatures
        ("/api/places", 3),
        ("/api/enforcement-actions", 3),
    ],
)
def test_list_endpoints_have_fixed_query_counts(some_records, api_as, url, queries):
    api = api_as("office")
    api.get("/api/me")
    with assert_query_count(queries):
        assert api.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"), [("/hazards/", 9), ("/inspections/", 7), ("/places/", 5)]
)
def test_list_pages_have_fixed_query_counts(some_records, client_as, url, queries):
    get_with_query_count(client_as("office"), url, queries)


def test_a_duplicate_outside_the_users_area_is_not_revealed(huibin, user, area):
    from xiaoan.places.services import DuplicatePlaceError

    with pytest.raises(DuplicatePlaceError) as refused:
        do_register_place(
            acting_user=user("shuangtaizi"),
            name="惠宾苑3号楼",
            address="兴隆台区惠宾街88号",
            area=area("胜利社区"),
            kind="high_rise",
        )
    assert refused.value.details is None and "不在您的辖区内" in refused.value.message


def test_a_same_day_miss_is_traced_back_but_rechecks_are_not(huibin, user):
    from xiaoan.hazards import queries

    morning = dt.datetime(2024, 3, 2, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    afternoon = dt.datetime(2024, 3, 2, 7, 0, tzinfo=dt.UTC)  # 15:00
    hazard_services.do_record_inspection(
        acting_user=user("xinglongtai"), place=huibin, kind="brigade", at=morning, no_hazard=True
    )
    found = hazard_services.do_record_inspection(
        acting_user=user("xinglongtai"),
        place=huibin,
        kind="joint",
        at=afternoon,
        hazards=[hazard_services.HazardSpec("gas", "燃气软管老化")],
    )
    missed = queries.trace_back(found.hazards.get())
    assert [m.reason for m in missed] == ["报告未发现隐患"]


def test_the_map_shows_visible_places_coloured_by_open_hazards(huibin, shengli, client_as, user):
    import json
    import re

    from xiaoan.places.services import do_update_place

    for place, username in ((huibin, "xinglongtai"), (shengli, "shuangtaizi")):
        do_update_place(
            place,
            acting_user=user(username),
            expected_version=place.version,
            latitude="41.120000",
            longitude="122.070000",
        )
    hazard_services.do_record_inspection(
        acting_user=user("xinglongtai"),
        place=huibin,
        kind="brigade",
        hazards=[hazard_services.HazardSpec("gas", "燃气")],
    )
    page = client_as("xinglongtai").get("/places/map/").content.decode()
    data = json.loads(
        re.search(
            r'<script id="xa-map-data" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    assert [(p["name"], p["state"]) for p in data["places"]] == [("惠宾苑3号楼", "found")]
    assert data["tiles"] == "" and "以空白底图显示" in page
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in page


def test_a_replayed_submission_is_not_duplicated(huibin, client_as):
    """A phone that was offline replays its queued inspection; the client key makes it count once."""
    form = {"kind": "brigade", "no_hazard": "on", "client_key": "7f1c2e9a-offline-1"}
    first = client_as("xinglongtai").post(f"/places/{huibin.pk}/inspect/", form)
    again = client_as("xinglongtai").post(f"/places/{huibin.pk}/inspect/", form)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Inspection.objects.filter(place=huibin).count() == 1


def test_auditors_are_not_offered_the_inspection_form(huibin, client_as):
    assert "/inspect/" not in client_as("auditor").get("/places/").content.decode()
    response = client_as("auditor").get(f"/places/{huibin.pk}/inspect/", follow=True)
    assert "您的角色无权检查场所" in response.content.decode()


def test_the_form_defaults_to_the_campaign_under_way(huibin, client_as, office, area, settings):
    from xiaoan.directives.services import do_create_campaign

    settings.XIAOAN_TODAY = "2024-03-04"
    campaign = do_create_campaign(
        acting_user=office,
        name="住宅小区综合治理",
        area=area("盘锦市"),
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 3, 31),
    )
    page = client_as("xinglongtai").get(f"/places/{huibin.pk}/inspect/").content.decode()
    assert f'<option value="{campaign.pk}" selected>' in page
    assert 'class="form-check-input"' in page


def test_hazard_export_has_the_filtered_rows_of_the_users_area(some_records, client_as):
    from openpyxl import load_workbook

    response = client_as("xinglongtai").get("/hazards/export.xlsx", {"category": "fire_door"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("场所", "区域", "类别")
    assert len(rows) == 4 and {r[0] for r in rows[1:]} == {"惠宾苑3号楼"}
    assert {r[2] for r in rows[1:]} == {"防火门损坏或常开"}


def test_visits_are_recorded_and_sealing_is_lifted(huibin, client_as, user, settings):
    settings.XIAOAN_TODAY = "2024-03-04"
    client = client_as("xinglongtai")
    client.post(
        "/supervision-visits/new/",
        {
            "date": "2024-03-02",
            "leader_name": "邢鹏",
            "leader_title": "市长",
            "title": "重点单位检查",
            "unannounced": "",
        },
    )
    assert "重点单位检查" in client.get("/supervision-visits/").content.decode()
    action = hazard_services.do_take_enforcement(
        acting_user=user("xinglongtai"),
        place=huibin,
        kind="temporary_sealing",
        decided_on=dt.date(2024, 2, 16),
        organisation=user("xinglongtai").organisation,
    )
    client.post(
        f"/places/{huibin.pk}/enforcement/{action.pk}/lift/",
        {"version": action.version, "lifted_on": "2024-03-04"},
    )
    action.refresh_from_db()
    assert action.lifted_on == dt.date(2024, 3, 4) and not action.in_force()


def test_coverage_page_filters_by_place_kind(huibin, shengli, client_as, user):
    hazard_services.do_record_inspection(
        acting_user=user("xinglongtai"),
        place=huibin,
        kind="brigade",
        at=dt.datetime(2024, 3, 2, 2, tzinfo=dt.UTC),
        no_hazard=True,
    )
    page = (
        client_as("office")
        .get("/coverage/", {"start": "2024-03-01", "end": "2024-03-04", "kind": ["high_rise"]})
        .content.decode()
    )
    assert (
        "应检查场所 <strong>1</strong> 处，已检查 <strong>1</strong> 处，覆盖率 <strong>100.0%</strong>"
        in page
    )


def test_an_inspection_can_belong_to_a_supervision_visit(huibin, client_as, user, settings):
    from xiaoan.hazards import queries

    settings.XIAOAN_TODAY = "2024-03-02"
    visit = hazard_services.do_record_visit(
        acting_user=user("xinglongtai"),
        date=dt.date(2024, 3, 2),
        leader_name="邢鹏",
        title="重点单位检查",
        area=huibin.area,
    )
    client_as("xinglongtai").post(
        f"/places/{huibin.pk}/inspect/",
        {"kind": "joint", "visit": visit.pk, "categories": ["gas"], "description": "燃气软管老化"},
    )
    assert queries.visit_totals(visit)["hazards"] == 1


def test_inspection_and_place_lists_export_their_rows(some_records, client_as):
    from openpyxl import load_workbook

    def sheet(url: str, **params: str) -> list[tuple]:
        response = client_as("xinglongtai").get(url, params)
        assert response.status_code == 200
        return list(
            load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
                values_only=True
            )
        )

    inspections = sheet("/inspections/export.xlsx")
    assert inspections[0][:3] == ("时间", "场所", "区域") and len(inspections) == 4
    assert {r[1] for r in inspections[1:]} == {"惠宾苑3号楼"} and inspections[1][6] == "兴隆台大队"
    places = sheet("/places/export.xlsx", kind="high_rise")
    assert [r[0] for r in places[1:]] == ["惠宾苑3号楼"]
