"""The menu by workflow and role: which groups and entries each role sees."""

from __future__ import annotations

import pytest

from xiaoan.areas.models import User
from xiaoan.core.navigation import GROUPS, menu_for

pytestmark = pytest.mark.django_db

ORDER = [g.label for g in GROUPS]


def menu(user: User) -> dict[str, list[str]]:
    return {g.label: [e["label"] for e in g.entries] for g in menu_for(user)}


def test_office_sees_every_group_in_the_fixed_order(user):
    seen = menu(user("office"))
    assert list(seen) == ORDER
    assert seen["督办"] == ["督办任务", "批示", "会议与文件", "专项行动"]
    assert seen["除患"] == ["隐患", "检查", "场所", "覆盖率", "督导检查", "消防水源"]
    assert seen["12345 诉求"] == ["12345 工单", "待定位工单", "分类词典", "12345 统计", "有奖举报"]
    assert seen["值班应急"] == ["紧急信息", "值班", "每日调度", "迎检"]
    assert seen["通报"] == ["通报", "通报识别"]
    assert seen["看板"] == ["看板"]
    assert seen["系统"] == ["区域", "单位", "用户"]


def test_grid_worker_sees_only_its_daily_work(user):
    assert menu(user("grid")) == {
        "督办": ["督办任务"],
        "除患": ["隐患", "检查", "场所", "覆盖率"],
        "12345 诉求": ["12345 工单"],
    }


def test_property_manager_sees_its_hazards_and_tasks(user):
    assert menu(user("property")) == {"督办": ["督办任务"], "除患": ["隐患", "检查", "场所"]}


def test_city_leader_sees_dashboard_instructions_and_briefings(user):
    seen = menu(user("leader"))
    assert list(seen) == ["督办", "值班应急", "通报", "看板"]
    assert seen["值班应急"] == ["紧急信息"]
    # a leader may view briefings but does not read texts into records
    assert seen["通报"] == ["通报"]


def test_brigade_sees_its_district_work_without_briefings(user):
    seen = menu(user("xinglongtai"))
    assert list(seen) == ["督办", "除患", "12345 诉求", "值班应急", "看板", "系统"]
    # the keyword dictionary needs a permission a brigade does not hold
    assert seen["12345 诉求"] == ["12345 工单", "待定位工单", "12345 统计", "有奖举报"]
    assert seen["系统"] == ["区域", "单位", "用户"]


def test_department_sees_tasks_orders_and_dispatch(user):
    assert menu(user("zhujian")) == {
        "督办": ["督办任务"],
        "12345 诉求": ["12345 工单", "待定位工单", "12345 统计", "有奖举报"],
        "值班应急": ["每日调度"],
    }


def test_auditor_and_admin_see_every_group(user):
    assert list(menu(user("auditor"))) == ORDER
    assert list(menu(user("admin"))) == ORDER
    assert "分类词典" not in menu(user("auditor"))["12345 诉求"]
    assert "分类词典" in menu(user("admin"))["12345 诉求"]


def test_a_role_missing_from_the_table_sees_the_system_group(user):
    someone = user("auditor")
    someone.roles = User.encode_roles({"security_admin"})
    someone.save()
    fresh = User.objects.get(pk=someone.pk)
    # the security administrator is not in the table: the system group, as its permissions allow
    assert menu(fresh) == {"系统": ["区域", "单位", "用户"]}
    fresh.__dict__["granted_permissions"] = frozenset()
    assert menu(fresh) == {}


def test_anonymous_sees_no_menu():
    from django.contrib.auth.models import AnonymousUser

    assert menu_for(AnonymousUser()) == []


def test_the_page_shows_the_groups_as_dropdowns_and_marks_the_current_entry(client_as):
    page = client_as("grid").get("/hazards/").content.decode()
    assert 'id="xa-group-hazards"' in page
    # a group with one entry is that entry's link, not a dropdown of one
    assert 'id="xa-group-supervision"' not in page
    assert '<a class="nav-link" href="/tasks/">督办任务</a>' in page
    assert 'id="xa-group-system"' not in page and "通报识别" not in page
    assert 'aria-current="page" href="/hazards/"' in page


def test_home_offers_each_roles_daily_actions(client_as):
    grid = client_as("grid").get("/").content.decode()
    actions = grid[grid.index('id="xa-daily-actions"') :].split("</nav>")[0]
    assert ">开始检查</a>" in actions and ">我的隐患</a>" in actions
    assert 'href="/hazards/?state=open"' in actions
    leader = client_as("leader").get("/").content.decode()
    actions = leader[leader.index('id="xa-daily-actions"') :].split("</nav>")[0]
    assert ">看板</a>" in actions and "开始检查" not in actions
