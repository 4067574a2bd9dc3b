"""Upcoming inspections by higher levels: announced, with checklist items that are tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.areas.models import Area, Organisation
from xiaoan.directives.models import Task
from xiaoan.duty import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_visit(user):
    """A visit to 双台子区 that its brigade prepares for."""
    return services.do_announce_inspection(
        acting_user=user("shuangtaizi"),
        title="省总队暗访双台子区",
        inspecting_body="省消防救援总队",
        area=Area.objects.get(name="双台子区"),
        starts_on=dt.date(2024, 3, 6),
    )


def test_a_neighbours_visit_is_404_on_the_page_and_the_api(county_visit, client_as, api_as):
    pk = county_visit.pk
    assert client_as("xinglongtai").get(f"/upcoming-inspections/{pk}/").status_code == 404
    api = api_as("xinglongtai")
    assert api.get(f"/api/upcoming-inspections/{pk}").status_code == 404
    assert (
        api.patch(f"/api/upcoming-inspections/{pk}", {"version": 1, "focus": "x"}).status_code
        == 404
    )
    assert client_as("office").get(f"/upcoming-inspections/{pk}/").status_code == 200


def test_checklist_items_become_tasks_with_owners(client_as, api_as, user):
    api = api_as("office")
    created = api.post(
        "/api/upcoming-inspections",
        {
            "title": "省安委会督导组",
            "inspecting_body": "辽宁省安全生产委员会",
            "area_id": Area.objects.get(name="盘锦市").pk,
            "starts_on": "2024-03-01",
            "ends_on": "2024-03-15",
            "focus": "值班值守",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    owner = Organisation.objects.get(name="兴隆台区消防救援大队")
    added = api.post(
        f"/api/upcoming-inspections/{pk}/checklist",
        {"title": "备齐除患攻坚台账", "owner_id": owner.pk, "deadline": "2024-03-05"},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    [item] = added.json()["checklist"]
    assert (item["owner"], item["status"], item["deadline"]) == (owner.name, "open", "2024-03-05")
    task = Task.objects.get(pk=item["task_id"])
    # chased like any task: the owner sees it in its task list
    assert "备齐除患攻坚台账" in client_as("xinglongtai").get("/tasks/").content.decode()
    assert task.history.first().history_user.username == "office"
    # the page form does the same
    page = client_as("office").post(
        f"/upcoming-inspections/{pk}/checklist/",
        {"title": "准备汇报材料", "owner": owner.pk, "deadline": "2024-03-04"},
        follow=True,
    )
    assert "准备事项已交办" in page.content.decode()
    assert "准备汇报材料" in page.content.decode()
    # a brigade may announce a visit in its county but cannot assign tasks: no form, a 403 from the API
    visit = services.do_announce_inspection(
        acting_user=user("xinglongtai"),
        title="市局检查",
        inspecting_body="市消安委",
        area=Area.objects.get(name="兴隆台区"),
    )
    refused = api_as("xinglongtai").post(
        f"/api/upcoming-inspections/{visit.pk}/checklist",
        {"title": "x", "owner_id": owner.pk},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_list_page_filters_and_exports(client_as, county_visit):
    page = client_as("office").get("/upcoming-inspections/?start=2024-03-07").content.decode()
    assert "省总队暗访双台子区" not in page
    page = client_as("office").get("/upcoming-inspections/?start=2024-03-01").content.decode()
    assert "省总队暗访双台子区" in page
    bad = client_as("office").get("/upcoming-inspections/?start=not-a-date").content.decode()
    assert "筛选条件有误：日期起" in bad


def test_a_visit_cannot_end_before_it_starts(county_visit, api_as, client_as):
    api = api_as("office")
    refused = api.patch(
        f"/api/upcoming-inspections/{county_visit.pk}",
        {"version": county_visit.version, "ends_on": "2024-03-05"},
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "结束日期早于开始日期。"
    county_visit.refresh_from_db()
    assert county_visit.ends_on is None
    page = client_as("office").post(
        "/upcoming-inspections/new/",
        {
            "title": "省安委会督导组",
            "inspecting_body": "辽宁省安全生产委员会",
            "area": Area.objects.get(name="盘锦市").pk,
            "starts_on": "2024-03-10",
            "ends_on": "2024-03-01",
        },
    )
    assert page.status_code == 200
    assert "结束日期早于开始日期。" in page.content.decode()
    assert page.context["form"].errors["ends_on"] == ["结束日期早于开始日期。"]


def test_the_form_cleans_and_limits_text(client_as):
    page = client_as("office").post(
        "/upcoming-inspections/new/",
        {
            "title": "省安委会\u000b督导组",
            "inspecting_body": "长" * 201,
            "area": Area.objects.get(name="盘锦市").pk,
        },
    )
    form = page.context["form"]
    assert form.errors["inspecting_body"] == ["内容超过 200 字"]
    assert form.cleaned_data["title"] == "省安委会督导组"
