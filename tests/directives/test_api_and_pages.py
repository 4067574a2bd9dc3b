"""The supervision desk's API and pages: scoped, filtered, with pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiaoan.areas.models import Organisation
from xiaoan.core.models import Attachment
from xiaoan.core.testing import assert_query_count, get_with_query_count
from xiaoan.directives import services
from xiaoan.directives.choices import TaskStatus
from xiaoan.directives.models import Requirement, Task

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def demo_month(db, settings):
    """The seed month's records: enough rows of every kind to expose an N+1 query."""
    from xiaoan.demo.directives import load_directives

    settings.XIAOAN_TODAY = "2024-03-04"
    load_directives()


@pytest.fixture
def tasks(make_task):
    return [
        make_task("兴隆台甲", deadline=dt.date(2024, 3, 1)),
        make_task("兴隆台乙", deadline=dt.date(2024, 3, 20)),
        make_task("双台子甲", lead="双台子区消防救援大队", deadline=dt.date(2024, 3, 1)),
    ]


def test_api_lists_only_the_users_area(tasks, api_as):
    titles = {t["title"] for t in api_as("xinglongtai").get("/api/tasks").json()["items"]}
    assert titles == {"兴隆台甲", "兴隆台乙"}
    assert api_as("xinglongtai").get(f"/api/tasks/{tasks[2].pk}").status_code == 404
    assert api_as("office").get("/api/tasks").json()["count"] == 3


def test_api_filters(tasks, api_as, settings):
    settings.XIAOAN_TODAY = "2024-03-04"
    api = api_as("office")
    overdue = api.get("/api/tasks", overdue="true").json()
    assert {t["title"] for t in overdue["items"]} == {"兴隆台甲", "双台子甲"}
    assert all(t["overdue"] for t in overdue["items"])
    lead = Organisation.objects.get(name="双台子区消防救援大队").pk
    assert [t["title"] for t in api.get("/api/tasks", lead=lead).json()["items"]] == ["双台子甲"]
    assert api.get("/api/tasks", status="closed").json()["count"] == 0
    assert api.get("/api/tasks", source="none").json()["count"] == 3


def test_api_task_journey(api_as, user):
    office, brigade = api_as("office"), api_as("xinglongtai")
    lead = user("xinglongtai").organisation_id
    created = office.client.post(
        "/api/tasks",
        {
            "title": "电动车充电桩排查",
            "lead_organisation_id": lead,
            "deadline": "2024-03-31",
            "targets": [{"subject": "小区", "quantity": 10, "unit": "个"}],
        },
        content_type="application/json",
        headers=office.headers,
    )
    assert created.status_code == 201, created.content
    task = created.json()
    target = task["target_progress"][0]["id"]
    progress = brigade.client.post(
        f"/api/tasks/{task['id']}/progress",
        {"text": "完成 4 个小区", "quantities": {str(target): 4}},
        content_type="application/json",
        headers=brigade.headers,
    )
    assert progress.status_code == 201, progress.content
    detail = brigade.get(f"/api/tasks/{task['id']}").json()
    assert detail["status"] == "in_progress" and detail["progress_percent"] == 40
    assert detail["allowed_actions"] == ["complete"]

    def move(api, action, **extra):
        return api.client.post(
            f"/api/tasks/{task['id']}/transitions",
            {"action": action, **extra},
            content_type="application/json",
            headers=api.headers,
        )

    refused = move(office, "verify")
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == "任务尚未报完成，不能销号。"
    assert move(brigade, "complete").json()["status"] == "done"
    assert move(brigade, "verify").status_code == 403
    assert move(office, "verify").json()["status"] == "closed"


def test_api_records_instructions_meetings_documents_campaigns(api_as, area):
    office = api_as("office")

    def post(url, body):
        response = office.client.post(
            url, body, content_type="application/json", headers=office.headers
        )
        assert response.status_code == 201, response.content
        return response.json()

    root = post(
        "/api/instructions",
        {
            "date": "2024-02-25",
            "leader_name": "炳森",
            "leader_title": "书记",
            "text": "居民住宅也是防范重点",
        },
    )
    follow = post(
        "/api/instructions",
        {
            "date": "2024-02-26",
            "leader_name": "占明",
            "kind": "follow_up",
            "parent_id": root["id"],
            "text": "抓好落实",
        },
    )
    assert office.get(f"/api/instructions/{root['id']}").json()["follow_up_ids"] == [follow["id"]]
    meeting = post(
        "/api/meetings",
        {
            "date": "2024-03-01",
            "level": "city",
            "title": "除患攻坚调度会",
            "items": [
                {"text": "开展全覆盖排查"},
                {"text": "逐项对账销号", "deadline": "2024-03-31"},
            ],
        },
    )
    assert [i["number"] for i in meeting["items"]] == [1, 2]
    document = post(
        "/api/documents", {"title": "《全市住宅小区消防安全综合治理工作方案》", "level": "city"}
    )
    assert document["title"] == "全市住宅小区消防安全综合治理工作方案"
    campaign = post(
        "/api/campaigns",
        {
            "name": "住宅小区综合治理",
            "start": "2024-03-01",
            "end": "2024-03-31",
            "phases": [
                {"name": "自查自改", "start": "2024-03-01", "end": "2024-03-08"},
                {"name": "集中整治", "start": "2024-03-09", "end": "2024-03-31"},
            ],
        },
    )
    assert [p["name"] for p in campaign["phases"]] == ["自查自改", "集中整治"]
    assert (
        api_as("xinglongtai").get(f"/api/meetings/{meeting['id']}").json()["title"]
        == "除患攻坚调度会"
    )


def test_neighbours_records_are_404(api_as, make_task, office, area):
    meeting = services.do_record_meeting(
        acting_user=office,
        date=dt.date(2024, 3, 1),
        level="county",
        title="双台子区调度会",
        area=area("双台子区"),
    )
    assert api_as("xinglongtai").get(f"/api/meetings/{meeting.pk}").status_code == 404


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/tasks", 4),  # token, count, page, co-organisations
        ("/api/instructions", 3),
        ("/api/meetings", 5),  # token, count, page, items, their tasks
        ("/api/documents", 5),
        ("/api/campaigns", 4),  # token, count, page, phases
        ("/api/activities", 3),
        ("/api/water-sources", 3),
    ],
)
def test_list_endpoints_have_fixed_query_counts(demo_month, api_as, url, queries):
    api = api_as("office")
    api.get("/api/me")
    with assert_query_count(queries):
        assert api.get(url).status_code == 200


PAGES = [
    ("/tasks/", 9),
    ("/tasks/mine/", 5),
    # the states roll up the tasks of each chain: one query per level of follow-ups
    ("/instructions/", 6),
    ("/meetings/", 9),
    ("/campaigns/", 5),
]


@pytest.mark.parametrize(("url", "queries"), PAGES)
def test_list_pages_have_fixed_query_counts(demo_month, client_as, url, queries):
    get_with_query_count(
        client_as("office") if url != "/tasks/mine/" else client_as("xinglongtai"), url, queries
    )


def test_page_journey_from_meeting_item_to_closed_task(
    client_as, office, area, django_capture_on_commit_callbacks
):
    meeting = services.do_record_meeting(
        acting_user=office,
        date=dt.date(2024, 3, 1),
        level="city",
        title="住宅小区消防安全综合治理动员部署会议",
        area=area("盘锦市"),
        items=[services.RequirementSpec("开展全覆盖、地毯式排查", dt.date(2024, 3, 8))],
    )
    item = Requirement.objects.get(meeting=meeting)
    office_client, brigade_client = client_as("office"), client_as("xinglongtai")
    page = office_client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "转为任务" in page
    form = office_client.get(f"/tasks/new/?requirement={item.pk}").content.decode()
    assert "开展全覆盖、地毯式排查" in form
    lead = Organisation.objects.get(name="兴隆台区消防救援大队")
    response = office_client.post(
        f"/tasks/new/?requirement={item.pk}",
        {
            "title": "兴隆台区全覆盖排查",
            "lead_organisation": lead.pk,
            "deadline": "2024-03-08",
            "targets": "住宅小区 30 个",
        },
    )
    assert response.status_code == 302, response.content.decode()
    task = Task.objects.get(title="兴隆台区全覆盖排查")
    assert task.requirement == item and task.targets.get().quantity == 30

    target = task.targets.get()
    response = brigade_client.post(
        f"/tasks/{task.pk}/progress/",
        {
            "date": "2024-03-04",
            "text": "已排查 12 个小区",
            f"target_{target.pk}": "12",
            "files": [SimpleUploadedFile("现场.png", PNG)],
        },
    )
    assert response.status_code == 302
    detail = brigade_client.get(f"/tasks/{task.pk}/").content.decode()
    assert "已排查 12 个小区" in detail and "现场.png" in detail and "40%" in detail
    assert Attachment.objects.filter(original_name="现场.png").exists()

    brigade_client.post(f"/tasks/{task.pk}/transition/", {"action": "complete"})
    refused = brigade_client.post(
        f"/tasks/{task.pk}/transition/", {"action": "verify"}, follow=True
    ).content.decode()
    assert "交办单位" in refused
    office_client.post(f"/tasks/{task.pk}/transition/", {"action": "verify"})
    task.refresh_from_db()
    assert task.status == TaskStatus.CLOSED
    assert "已销号" in office_client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_chase_button_notifies_the_owner(make_task, client_as, django_capture_on_commit_callbacks):
    task = make_task()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("office").post(
            f"/tasks/{task.pk}/chase/", {"channel": "inbox", "note": "请今天报告"}
        )
    assert response.status_code == 302
    inbox = client_as("xinglongtai").get("/inbox/").content.decode()
    assert f"督办：{task.title}" in inbox and "请今天报告" in inbox
    assert "督办" in client_as("xinglongtai").get(f"/tasks/{task.pk}/").content.decode()


def test_neighbour_pages_are_404(tasks, client_as):
    client = client_as("xinglongtai")
    assert client.get(f"/tasks/{tasks[2].pk}/").status_code == 404
    assert (
        client.post(f"/tasks/{tasks[2].pk}/transition/", {"action": "complete"}).status_code == 404
    )
    assert client.post(f"/tasks/{tasks[2].pk}/progress/", {"text": "x"}).status_code == 404


def test_the_chased_unit_answers_in_the_page_and_the_api(make_task, client_as, api_as):
    task = make_task()
    client_as("office").post(f"/tasks/{task.pk}/chase/", {"channel": "phone", "note": "请说明进度"})
    brigade = client_as("xinglongtai")
    page = brigade.get(f"/tasks/{task.pk}/").content.decode()
    assert "答复督办" in page and "请说明进度" in page
    chase = task.chases.get()
    assert "答复督办" not in client_as("office").get(f"/tasks/{task.pk}/").content.decode()
    brigade.post(
        f"/tasks/{task.pk}/chases/{chase.pk}/answer/",
        {"version": chase.version, "answer": "已完成 6 个小区"},
    )
    chase.refresh_from_db()
    assert chase.answer == "已完成 6 个小区"
    timeline = brigade.get(f"/tasks/{task.pk}/").content.decode()
    assert "答复：已完成 6 个小区" in timeline and "答复督办（" not in timeline
    stale = api_as("xinglongtai").client.post(
        f"/api/tasks/{task.pk}/chases/{chase.pk}/answer",
        {"version": 1, "answer": "改答复"},
        content_type="application/json",
        headers=api_as("xinglongtai").headers,
    )
    assert stale.status_code == 409


def test_a_task_can_belong_to_a_campaign_phase(client_as, office, area):
    campaign = services.do_create_campaign(
        acting_user=office,
        name="住宅小区综合治理",
        area=area("盘锦市"),
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 3, 31),
        phases=[services.PhaseSpec("自查自改", dt.date(2024, 3, 1), dt.date(2024, 3, 8))],
    )
    phase = campaign.phases.get()
    lead = Organisation.objects.get(name="兴隆台区消防救援大队")
    client_as("office").post(
        "/tasks/new/", {"title": "自查自改督导", "lead_organisation": lead.pk, "phase": phase.pk}
    )
    task = Task.objects.get(title="自查自改督导")
    assert task.phase == phase and task.campaign == campaign
    assert "自查自改督导" in client_as("office").get(f"/campaigns/{campaign.pk}/").content.decode()
