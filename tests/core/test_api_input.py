"""Input the API must refuse or clean rather than answer with a 500: control
characters, surrogates, over-long text, out-of-range numbers, nulls in edits,
broken uploads; and an OpenAPI schema whose names are unique."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, get_args

import pydantic
import pytest
from django.test import Client

from xiaoan.areas.models import Area
from xiaoan.places.models import Place

pytestmark = pytest.mark.django_db

HUGE = 2**70


def new_place(api: Any, **fields: Any) -> Any:
    body = {
        "name": "惠宾小区",
        "address": "兴隆台区惠宾街道 8 号",
        "area_id": Area.objects.get(name="兴隆台区").pk,
        "kind": "residential",
    } | fields
    return api.post("/api/places", json.dumps(body), content_type="application/json")


def test_control_characters_are_removed_from_names(api_as):
    created = new_place(api_as("xinglongtai"), name="惠宾\u000b小区\u0000一期")
    assert created.status_code == 201, created.content
    assert created.json()["name"] == "惠宾小区一期"
    assert Place.objects.get(pk=created.json()["id"]).name == "惠宾小区一期"


def test_a_lone_surrogate_is_dropped_not_a_server_error(api_as):
    raw = '{"name": "惠宾\\ud800小区", "address": "惠宾街道 9 号", "area_id": %d, "kind": "residential"}'
    body = raw % Area.objects.get(name="兴隆台区").pk
    created = api_as("xinglongtai").post("/api/places", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["name"] == "惠宾小区"


def test_too_long_text_is_refused_naming_the_field(api_as):
    refused = new_place(api_as("xinglongtai"), name="长" * 201)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["details"][0]["field"] == "name"
    assert error["details"][0]["reason"] == "内容超过 200 字"
    assert "name（内容超过 200 字）" in error["message"]
    assert not Place.objects.filter(name__startswith="长长").exists()


def test_the_schema_documents_text_limits():
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]
    assert schema["PlaceIn"]["properties"]["name"]["maxLength"] == 200
    assert schema["PlaceIn"]["properties"]["responsible_person"]["maxLength"] == 200


def test_an_empty_date_filter_means_no_filter_and_text_is_a_422(api_as):
    api = api_as("office")
    assert api.get("/api/instructions", date_from="", date_to="").status_code == 200
    bad = api.get("/api/instructions", date_from="三月")
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["reason"] == "应为日期（YYYY-MM-DD）"


def test_year_zero_is_a_422(api_as):
    response = api_as("office").get("/api/water-sources", commissioned_year=0)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "commissioned_year"


@pytest.mark.parametrize(
    "url",
    ["/api/notifications", "/api/places", "/api/users", "/api/hazards", "/api/complaints"],
)
def test_an_offset_past_64_bits_is_a_422(api_as, url):
    response = api_as("office").get(url, offset=HUGE)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["details"][0]["field"] == "offset"


def test_an_id_past_64_bits_is_a_422_in_filters_and_a_404_in_paths(api_as):
    api = api_as("office")
    response = api.get("/api/enforcement-actions", place=HUGE)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["reason"] == "数值超出范围"
    assert api.get(f"/api/places/{HUGE}").status_code == 404
    assert api.get(f"/api/tasks/{HUGE}").status_code == 404


def test_null_in_an_edit_is_refused_unless_it_clears_the_value(api_as):
    api = api_as("office")
    created = api.post(
        "/api/water-sources",
        json.dumps(
            {
                "kind": "hydrant",
                "number": "XH-900",
                "location": "惠宾街道口",
                "area_id": Area.objects.get(name="兴隆台区").pk,
                "status": "in_service",
                "commissioned_on": "2024-01-05",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    source = created.json()
    refused = api.patch(
        f"/api/water-sources/{source['id']}", {"version": source["version"], "location": None}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "location"
    assert "不能为空" in refused.json()["error"]["message"]


def test_null_alarm_time_in_an_incident_edit_is_a_422(api_as):
    api = api_as("xinglongtai")
    created = api.post(
        "/api/incidents",
        {
            "alarm_at": "2024-03-04T10:00:00",
            "kind": "fire",
            "address": "兴隆台区振兴街道 3 号",
            "area_id": Area.objects.get(name="兴隆台区").pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    incident = created.json()
    for field in ("alarm_at", "description", "sensitive_venue"):
        refused = api.patch(
            f"/api/incidents/{incident['id']}", {"version": incident["version"], field: None}
        )
        assert refused.status_code == 422, (field, refused.content)


def test_multipart_without_a_boundary_is_a_400(api_as):
    api = api_as("xinglongtai")
    response = api.client.generic(
        "POST",
        "/api/attachments",
        b"--x\r\n",
        content_type="multipart/form-data",
        headers=api.headers,
    )
    assert response.status_code == 400
    assert "boundary" in response.json()["error"]["message"]
    assert response.json()["error"]["code"] == "bad_multipart"


def test_a_body_that_is_not_json_gets_a_chinese_message(api_as):
    response = api_as("xinglongtai").post(
        "/api/places", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "请求体不是有效的 JSON。"


def _models_of(annotation: Any, found: set[type[pydantic.BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models_of(field.annotation, found)
        return
    for arg in get_args(annotation):
        _models_of(arg, found)


def _routers(router: Any) -> Any:
    yield router
    for entry in router._routers:
        yield from _routers(entry[1])


def test_no_two_schema_classes_share_a_name():
    """The OpenAPI components are keyed by class name: a second class of the
    same name silently replaces the first, documenting operations wrongly."""
    from xiaoan.api import api

    found: set[type[pydantic.BaseModel]] = set()
    for entry in api._routers:
        for router in _routers(entry[1]):
            for view in router.path_operations.values():
                for operation in view.operations:
                    for model in (operation.response_models or {}).values():
                        _models_of(model, found)
                    for model in operation.models:
                        _models_of(model, found)
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in found:
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert clashes == {}


@pytest.mark.parametrize("body", ["[1, 2, 3]", "42", "null", '"督办"'])
def test_a_chase_needs_a_json_object(api_as, body):
    from xiaoan.core.models import Notification
    from xiaoan.directives.models import Chase

    api = api_as("office")
    task = api.post(
        "/api/tasks",
        json.dumps(
            {
                "title": "清理楼道杂物",
                "lead_organisation_id": api_as("office")
                .get("/api/organisations")
                .json()["items"][0]["id"],
                "deadline": "2030-03-31",
            }
        ),
        content_type="application/json",
    )
    assert task.status_code == 201, task.content
    notifications = Notification.objects.count()
    refused = api.post(
        f"/api/tasks/{task.json()['id']}/chases", body, content_type="application/json"
    )
    assert refused.status_code == 422, refused.content
    assert "应为 JSON 对象" in refused.json()["error"]["message"]
    assert not Chase.objects.filter(task_id=task.json()["id"]).exists()
    assert Notification.objects.count() == notifications


def test_an_unknown_sensitive_venue_is_refused_not_a_server_error(api_as):
    response = api_as("xinglongtai").post(
        "/api/incidents",
        {
            "alarm_at": "2024-03-04T10:00:00+08:00",
            "kind": "fire",
            "address": "兴隆台区振兴街道 3 号",
            "area_id": Area.objects.get(name="兴隆台区").pk,
            "sensitive_venue": "不存在的场所",
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "敏感群体场所类型不在允许范围内" in response.json()["error"]["message"]
