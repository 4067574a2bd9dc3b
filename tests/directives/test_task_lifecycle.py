"""The task lifecycle: open → in progress → done (claimed) → closed (verified), or reopened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xiaoan.areas.models import Organisation, User
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.core.models import Notification
from xiaoan.directives import queries, services
from xiaoan.directives.choices import TaskStatus
from xiaoan.directives.models import Task

pytestmark = pytest.mark.django_db


def test_owner_claims_and_office_verifies(
    make_task, brigade, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task()
    assert Notification.objects.filter(recipient=brigade, title__contains="新任务").exists()
    task = services.do_transition_task(task, "start", acting_user=brigade)
    assert task.status == TaskStatus.IN_PROGRESS
    with django_capture_on_commit_callbacks(execute=True):
        task = services.do_transition_task(task, "complete", acting_user=brigade)
    assert task.status == TaskStatus.DONE
    assert Notification.objects.filter(recipient=office, title__contains="待核验").exists()
    task = services.do_transition_task(task, "verify", acting_user=office)
    assert task.status == TaskStatus.CLOSED and task.closed_at is not None
    reasons = list(
        task.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons[-3:] == ["开始办理", "报完成", "核验销号"]
    assert task.history.order_by("-history_date").first().history_user == office


def test_closing_an_unclaimed_task_is_refused(make_task, office):
    task = make_task()
    with pytest.raises(InvalidTransitionError, match="任务尚未报完成，不能销号"):
        services.do_transition_task(task, "verify", acting_user=office)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_brigade_cannot_verify_its_own_task(make_task, brigade, office):
    """Even an owner holding the verify permission may not close its own task."""
    task = make_task()
    services.do_transition_task(task, "complete", acting_user=brigade)
    with pytest.raises(PermissionDeniedError, match="交办单位"):
        services.do_transition_task(task, "verify", acting_user=brigade)


def test_an_office_member_cannot_verify_a_task_its_own_unit_leads(office):
    task = services.do_create_task(
        acting_user=office,
        title="支队自己的任务",
        lead_organisation=office.organisation,
        assigning_organisation=office.organisation,
    )
    services.do_transition_task(task, "complete", acting_user=office)
    with pytest.raises(PermissionDeniedError, match="不能核验本单位承办的任务"):
        services.do_transition_task(task, "verify", acting_user=office)


def test_only_the_lead_unit_claims_done(make_task):
    task = make_task()
    other = User.objects.get(username="shuangtaizi")
    with pytest.raises(PermissionDeniedError, match="牵头单位"):
        services.do_transition_task(task, "complete", acting_user=other)


def test_reopen_needs_a_reason_and_returns_to_in_progress(make_task, brigade, office):
    task = make_task()
    services.do_transition_task(task, "complete", acting_user=brigade)
    with pytest.raises(XiaoanError, match="须说明原因"):
        services.do_transition_task(task, "reopen", acting_user=office)
    task = services.do_transition_task(task, "reopen", acting_user=office, reason="台账与现场不符")
    assert task.status == TaskStatus.IN_PROGRESS
    assert (
        task.history.order_by("-history_date").first().history_change_reason
        == "退回重办：台账与现场不符"
    )


def test_allowed_actions_follow_the_table(make_task, brigade, office):
    task = make_task()
    assert services.allowed_actions(task, brigade) == ["start", "complete"]
    assert services.allowed_actions(task, office) == []
    services.do_transition_task(task, "complete", acting_user=brigade)
    task.refresh_from_db()
    assert services.allowed_actions(task, brigade) == []
    assert services.allowed_actions(task, office) == ["verify", "reopen"]


def test_task_area_must_lie_within_the_lead_unit(office, area):
    with pytest.raises(XiaoanError, match="不在牵头单位"):
        services.do_create_task(
            acting_user=office,
            title="越界",
            lead_organisation=Organisation.objects.get(name="兴隆台区消防救援大队"),
            area=area("双台子区"),
        )


def test_a_brigade_cannot_assign_tasks(brigade):
    with pytest.raises(PermissionDeniedError):
        services.do_create_task(
            acting_user=brigade, title="x", lead_organisation=brigade.organisation
        )


def test_progress_moves_an_open_task_and_records_quantities(make_task, brigade):
    task = make_task(targets=[services.TargetSpec("高层住宅", 12, "栋")])
    target = task.targets.get()
    services.do_report_progress(
        task, acting_user=brigade, text="已排查 5 栋", quantities={target.pk: 5}
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    progress = queries.target_progress(task)
    assert progress[0].achieved == Decimal(5) and progress[0].percent == 41
    assert queries.progress_percent(task) == 41
    with pytest.raises(XiaoanError, match="不能为负数"):
        services.do_report_progress(
            task, acting_user=brigade, text="错", quantities={target.pk: -1}
        )


def test_co_organisation_may_report_progress_but_not_claim(make_task, user):
    task = make_task(co_organisations=[Organisation.objects.get(name="盘锦市住房和城乡建设局")])
    zhujian = user("zhujian")
    services.do_report_progress(task, acting_user=zhujian, text="住建已通知物业")
    with pytest.raises(PermissionDeniedError):
        services.do_transition_task(task, "complete", acting_user=zhujian)


def test_register_counted_target(office, area):
    from xiaoan.places.services import do_register_water_source

    task = services.do_create_task(
        acting_user=office,
        title="新建市政消火栓",
        lead_organisation=Organisation.objects.get(name="盘锦市住房和城乡建设局"),
        targets=[services.TargetSpec("市政消火栓", 100, "个", counts="hydrant", year=2024)],
    )
    for n, day in enumerate([dt.date(2024, 2, 1), dt.date(2024, 2, 20), dt.date(2023, 12, 30)]):
        do_register_water_source(
            acting_user=office,
            kind="hydrant",
            number=f"XHS-{n}",
            location="兴隆台区",
            area=area("兴隆台区"),
            status="in_service",
            commissioned_on=day,
        )
    do_register_water_source(
        acting_user=office, kind="hydrant", number="XHS-P", location="规划", area=area("兴隆台区")
    )
    assert queries.target_progress(task)[0].achieved == 2
    with pytest.raises(XiaoanError, match="按台账自动统计"):
        services.do_report_progress(
            task,
            acting_user=User.objects.get(username="zhujian"),
            text="x",
            quantities={task.targets.get().pk: 50},
        )


def test_chase_is_logged_and_notifies_the_owner(
    make_task, office, brigade, django_capture_on_commit_callbacks
):
    task = make_task()
    with django_capture_on_commit_callbacks(execute=True):
        chase = services.do_chase(
            task, acting_user=office, note="请于今日报告进展", channel="phone"
        )
    assert Notification.objects.filter(recipient=brigade, title=f"督办：{task.title}").exists()
    answered = services.do_answer_chase(
        chase, acting_user=brigade, expected_version=1, answer="已安排"
    )
    assert answered.answer == "已安排"
    with pytest.raises(PermissionDeniedError):
        services.do_chase(task, acting_user=brigade, note="自己督办自己")


def test_stale_task_edit_is_refused(make_task, office):
    task = make_task()
    services.do_update_task(task, acting_user=office, expected_version=1, title="新标题")
    with pytest.raises(XiaoanError, match="已被他人修改"):
        services.do_update_task(task, acting_user=office, expected_version=1, title="另一个")
    assert Task.objects.get(pk=task.pk).title == "新标题"


def test_co_organisations_see_the_tasks_they_help_with(office, client_as, api_as):
    """A city task co-organised by a brigade is visible to that brigade (not to others)."""
    task = services.do_create_task(
        acting_user=office,
        title="市级联合整治",
        lead_organisation=Organisation.objects.get(name="盘锦市住房和城乡建设局"),
        co_organisations=[Organisation.objects.get(name="兴隆台区消防救援大队")],
    )
    assert client_as("xinglongtai").get(f"/tasks/{task.pk}/").status_code == 200
    assert "市级联合整治" in client_as("xinglongtai").get("/tasks/mine/").content.decode()
    assert api_as("xinglongtai").get(f"/api/tasks/{task.pk}").status_code == 200
    assert client_as("shuangtaizi").get(f"/tasks/{task.pk}/").status_code == 404
    titles = [t["title"] for t in api_as("xinglongtai").get("/api/tasks").json()["items"]]
    assert titles.count("市级联合整治") == 1


def test_quantities_read_without_needless_decimals(make_task, brigade):
    task = make_task(targets=[services.TargetSpec("住宅小区", 20, "个")])
    target = task.targets.get()
    assert str(target) == "住宅小区 20个"
    services.do_report_progress(
        task, acting_user=brigade, text="x", quantities={target.pk: Decimal("8.50")}
    )
    assert str(target.reported.get()).endswith(": 8.5")
