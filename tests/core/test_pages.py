"""List and detail pages: scoped, filtered, paginated, with pinned query counts."""

from __future__ import annotations

import pytest

from xiaoan.core.testing import get_with_query_count

pytestmark = pytest.mark.django_db

# session, user (with area and organisation), unread count; then the view: count + page for lists
PAGES = [
    ("/", 9),
    ("/areas/", 5),
    ("/organisations/", 5),
    ("/users/", 5),
    ("/inbox/", 4),
]


@pytest.mark.parametrize(("url", "queries"), PAGES)
def test_pages_have_a_fixed_number_of_queries(client_as, url, queries):
    client = client_as("office")
    response = get_with_query_count(client, url, queries)
    assert response.status_code == 200


def test_area_list_filters_and_paginates(client_as):
    client = client_as("office")
    page = client.get("/areas/").content.decode()
    assert "第 1 / 2 页" in page and "共 47 条" in page
    filtered = client.get("/areas/", {"level": 2}).content.decode()
    assert "共 5 条" in filtered and "兴隆台区" in filtered and "惠宾社区" not in filtered
    bad = client.get("/areas/", {"level": "abc"}).content.decode()
    assert "筛选条件有误：层级" in bad


def test_detail_pages_show_history_and_breadcrumbs(client_as, area):
    page = client_as("office").get(f"/areas/{area('惠宾社区').pk}/").content.decode()
    assert "盘锦市" in page and "兴隆台区" in page and "兴隆街道" in page
    assert "变更记录" in page and "创建" in page


def test_navigation_shows_the_shell(client_as):
    page = client_as("xinglongtai").get("/").content.decode()
    for label in ("消安首页", "系统", "区域", "单位", "用户", "通知", "修改密码", "退出登录"):
        assert label in page
    assert 'name="viewport"' in page
