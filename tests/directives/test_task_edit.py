"""Correcting a task on its edit page (修改) and by PATCH: who and why in the
history, a stale version refused, the deadline and lead unit left to 延期/改派."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from xiaoan.areas.models import Organisation
from xiaoan.directives import services
from xiaoan.directives.models import Task

pytestmark = pytest.mark.django_db

XINGLONGTAI = "兴隆台区消防救援大队"
HOUSING = "盘锦市住房和城乡建设局"


def form(task: Task, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": task.version,
        "title": task.title,
        "description": task.description,
        "co_organisations": [o.pk for o in task.co_organisations.all()],
        "phase": task.phase_id or "",
        "reason": "录入错误，按原件更正",
    }
    data.update(changes)
    return data


def latest_history(record):
    return record.history.order_by("-history_date", "-history_id").first()


def test_the_edit_page_corrects_the_title_with_who_and_why(make_task, client_as):
    task = make_task(title="排查惠宾社区高层住宅楼")
    office = client_as("office")
    page = office.get(f"/tasks/{task.pk}/edit/").content.decode()
    assert "修改原因" in page and 'name="title"' in page
    assert 'name="deadline"' not in page and 'name="lead_organisation"' not in page
    response = office.post(f"/tasks/{task.pk}/edit/", form(task, title="排查惠宾社区高层住宅"))
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    task.refresh_from_db()
    assert task.title == "排查惠宾社区高层住宅" and task.version == 2
    entry = latest_history(task)
    assert entry.history_user.username == "office"
    assert entry.history_change_reason == "录入错误，按原件更正"
    detail = office.get(f"/tasks/{task.pk}/").content.decode()
    assert (
        "录入错误，按原件更正" in detail
        and "排查惠宾社区高层住宅楼 → 排查惠宾社区高层住宅" in detail
    )


def test_co_organisations_corrected_are_named_in_the_history(make_task, client_as):
    task = make_task()
    housing = Organisation.objects.get(name=HOUSING)
    response = client_as("office").post(
        f"/tasks/{task.pk}/edit/", form(task, co_organisations=[housing.pk], reason="漏录配合单位")
    )
    assert response.status_code == 302
    assert list(task.co_organisations.all()) == [housing]
    assert latest_history(task).history_change_reason == f"漏录配合单位（配合单位：无 → {HOUSING}）"


def test_nothing_changed_is_said_not_saved(make_task, client_as):
    task = make_task(co_organisations=[Organisation.objects.get(name=HOUSING)])
    response = client_as("office").post(f"/tasks/{task.pk}/edit/", form(task), follow=True)
    assert "没有内容发生变化" in response.content.decode()
    task.refresh_from_db()
    assert task.version == 1


def test_a_reason_is_required(make_task, client_as):
    task = make_task()
    response = client_as("office").post(
        f"/tasks/{task.pk}/edit/", form(task, title="新", reason="")
    )
    assert response.status_code == 200
    assert "请填写修改原因" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "排查惠宾社区高层住宅"


def test_a_stale_version_is_refused_and_nothing_changes(make_task, client_as, office):
    task = make_task()
    stale = form(task, title="第二位编辑的标题")
    services.do_update_task(
        task, acting_user=office, expected_version=1, reason="更正", title="第一位编辑的标题"
    )
    response = client_as("office").post(f"/tasks/{task.pk}/edit/", stale)
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "第一位编辑的标题" and task.version == 2


def test_a_blank_title_is_a_chinese_error_naming_the_field(make_task, client_as):
    task = make_task()
    response = client_as("office").post(f"/tasks/{task.pk}/edit/", form(task, title="  "))
    assert response.status_code == 200
    assert (
        "这个字段是必填项" in response.content.decode() or "不能为空" in response.content.decode()
    )


def test_a_neighbouring_area_gets_404(make_task, client_as, api_as):
    task = make_task()
    assert client_as("shuangtaizi").get(f"/tasks/{task.pk}/edit/").status_code == 404
    refused = api_as("shuangtaizi").patch(f"/api/tasks/{task.pk}", {"version": 1, "title": "x"})
    assert refused.status_code == 404


@pytest.mark.parametrize("username", ["auditor", "leader", "xinglongtai"])
def test_roles_that_may_not_change_the_task_get_no_link_and_are_refused(
    make_task, client_as, username
):
    task = make_task()
    client = client_as(username)
    detail = client.get(f"/tasks/{task.pk}/").content.decode()
    assert 'id="xa-task-edit"' not in detail and f"/tasks/{task.pk}/edit/" not in detail
    response = client.post(f"/tasks/{task.pk}/edit/", form(task, title="越权修改"), follow=True)
    assert "只有交办单位可以修改任务" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "排查惠宾社区高层住宅" and task.version == 1


def test_the_assigning_office_sees_the_link(make_task, client_as):
    task = make_task()
    detail = client_as("office").get(f"/tasks/{task.pk}/").content.decode()
    assert f'href="/tasks/{task.pk}/edit/"' in detail


def test_patch_takes_a_reason_and_refuses_a_stale_version(make_task, api_as):
    task = make_task()
    api = api_as("office")
    done = api.patch(
        f"/api/tasks/{task.pk}", {"version": 1, "title": "排查惠宾社区", "reason": "名称过长"}
    )
    assert done.status_code == 200, done.content
    assert done.json()["title"] == "排查惠宾社区" and done.json()["version"] == 2
    assert latest_history(task).history_change_reason == "名称过长"
    stale = api.patch(f"/api/tasks/{task.pk}", {"version": 1, "title": "别的"})
    assert stale.status_code == 409
    assert "已被他人修改" in stale.json()["error"]["message"]
    assert Task.objects.get(pk=task.pk).title == "排查惠宾社区"


def test_patch_sends_the_deadline_and_lead_unit_to_their_own_actions(make_task, api_as):
    task = make_task()
    api = api_as("office")
    deadline = api.patch(f"/api/tasks/{task.pk}", {"version": 1, "deadline": "2024-04-30"})
    assert deadline.status_code == 400 and "延期" in deadline.json()["error"]["message"]
    housing = Organisation.objects.get(name=HOUSING)
    lead = api.patch(f"/api/tasks/{task.pk}", {"version": 1, "lead_organisation_id": housing.pk})
    assert lead.status_code == 400 and "改派" in lead.json()["error"]["message"]
    task.refresh_from_db()
    assert task.version == 1 and task.lead_organisation.name == XINGLONGTAI


def test_patch_is_refused_to_a_read_only_role(make_task, api_as):
    task = make_task()
    refused = api_as("auditor").patch(f"/api/tasks/{task.pk}", {"version": 1, "title": "x"})
    assert refused.status_code == 403
    assert Task.objects.get(pk=task.pk).title == "排查惠宾社区高层住宅"


def test_a_target_is_corrected_on_its_page_and_shows_on_the_timeline(make_task, client_as):
    task = make_task(targets=[services.TargetSpec("住宅小区", 20, "个")])
    target = task.targets.get()
    office = client_as("office")
    detail = office.get(f"/tasks/{task.pk}/").content.decode()
    assert f"/tasks/{task.pk}/targets/{target.pk}/edit/" in detail
    data = {
        "version": 1,
        "subject": "住宅小区",
        "quantity": "25",
        "unit": "个",
        "counts": "",
        "year": "",
        "reason": "目标数按文件更正",
    }
    response = office.post(f"/tasks/{task.pk}/targets/{target.pk}/edit/", data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.quantity == Decimal(25) and target.version == 2
    assert latest_history(target).history_change_reason == "目标数按文件更正"
    detail = office.get(f"/tasks/{task.pk}/").content.decode()
    assert "修改量化目标“住宅小区”：目标数按文件更正" in detail
    assert (
        client_as("shuangtaizi").get(f"/tasks/{task.pk}/targets/{target.pk}/edit/").status_code
        == 404
    )
    refused = client_as("xinglongtai").post(
        f"/tasks/{task.pk}/targets/{target.pk}/edit/", data | {"quantity": "1"}, follow=True
    )
    assert "只有交办单位可以修改量化目标" in refused.content.decode()
    assert task.targets.get().quantity == Decimal(25)


def test_a_target_is_corrected_by_patch(make_task, api_as):
    task = make_task(targets=[services.TargetSpec("住宅小区", 20, "个")])
    target = task.targets.get()
    url = f"/api/tasks/{task.pk}/targets/{target.pk}"
    done = api_as("office").patch(url, {"version": 1, "quantity": "30", "reason": "更正"})
    assert done.status_code == 200, done.content
    assert Decimal(done.json()["quantity"]) == 30
    zero = api_as("office").patch(url, {"version": 2, "quantity": "0"})
    assert zero.status_code == 400 and "目标数量必须大于 0" in zero.json()["error"]["message"]
    assert api_as("shuangtaizi").patch(url, {"version": 2, "unit": "处"}).status_code == 404
    assert api_as("auditor").patch(url, {"version": 2, "unit": "处"}).status_code == 403
    assert json.loads(api_as("office").get(f"/api/tasks/{task.pk}").content)["id"] == task.pk
