"""/api/briefings: start, read the draft, edit a section (versioned), export a
version; roles, areas and query counts."""

from __future__ import annotations

import pytest

from xiaoan.briefings import pdf, services
from xiaoan.briefings.models import Briefing
from xiaoan.core.testing import assert_query_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(demo, immediate, user, area, monkeypatch) -> Briefing:
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    briefing = services.do_start_briefing(
        acting_user=user("office"), area=area("盘锦市"), month="2024-03"
    )
    return services.run_build(briefing.pk)


def test_start_a_build_through_the_api(
    demo, immediate, api_as, area, django_capture_on_commit_callbacks
):
    api = api_as("office")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/briefings",
            {"area_id": area("兴隆台区").pk, "month": "2024-03"},
            content_type="application/json",
        )
    assert response.status_code == 202
    detail = api.get(f"/api/briefings/{response.json()['id']}").json()
    assert detail["status"] == "done" and detail["area_name"] == "兴隆台区"
    headings = [s["heading"] for s in detail["draft"]["sections"]]
    assert headings[0] == "一、领导批示情况"


def test_edit_with_versions_and_export(built, api_as):
    api = api_as("office")
    url = f"/api/briefings/{built.pk}/sections/visits"
    ok = api.patch(url, {"version": built.version, "text": "邢鹏市长带队检查。"})
    assert ok.status_code == 200
    visits = next(s for s in ok.json()["draft"]["sections"] if s["key"] == "visits")
    assert visits["items"][0]["text"] == "邢鹏市长带队检查。" and visits["edited"]
    stale = api.patch(url, {"version": built.version, "text": "另一个人的修改"})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_edit"
    unknown = api.patch(
        f"/api/briefings/{built.pk}/sections/nope", {"version": built.version + 1, "text": "x"}
    )
    assert unknown.status_code == 400 and "没有“nope”这一部分" in unknown.json()["error"]["message"]

    exported = api.post(f"/api/briefings/{built.pk}/versions")
    assert exported.status_code == 201
    assert exported.json()["number"] == 1 and exported.json()["pdf_url"] is None
    assert exported.json()["pdf_message"].startswith("服务器未安装 LibreOffice")
    versions = api_as("zhanming").get(f"/api/briefings/{built.pk}/versions").json()
    assert [v["number"] for v in versions] == [1]


def test_a_leader_may_read_but_not_edit_or_export(built, api_as):
    leader = api_as("zhanming")
    assert leader.get(f"/api/briefings/{built.pk}").status_code == 200
    edit = leader.patch(
        f"/api/briefings/{built.pk}/sections/title", {"version": built.version, "text": "x"}
    )
    assert edit.status_code == 403
    assert leader.post(f"/api/briefings/{built.pk}/versions").status_code == 403


def test_a_neighbour_gets_404(demo, immediate, user, area, api_as):
    briefing = services.do_start_briefing(
        acting_user=user("admin"), area=area("双台子区"), month="2024-03"
    )
    services.run_build(briefing.pk)
    api = api_as("xinglongtai")
    response = api.get(f"/api/briefings/{briefing.pk}")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "记录不存在或无权访问。", "details": None}
    }
    assert api.get(f"/api/briefings/{briefing.pk}/versions").status_code == 404
    assert api.get("/api/briefings").json()["count"] == 0
    started = api.post(
        "/api/briefings",
        {"area_id": area("双台子区").pk, "month": "2024-03"},
        content_type="application/json",
    )
    assert started.status_code == 404


def test_list_query_count(built, api_as):
    api = api_as("office")
    api.get("/api/me")  # the token's first use records last_used_at
    with assert_query_count(3):  # token, count, page
        response = api.get("/api/briefings", limit=50)
    assert response.status_code == 200 and response.json()["count"] == 1


def test_list_page_query_count(built, client_as):
    from xiaoan.core.testing import get_with_query_count

    # session, user, unread count; then count + page
    get_with_query_count(client_as("office"), "/briefings/", 5)
