"""Area scoping: a user sees its own area and below, never a neighbour's."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoan.areas import services
from xiaoan.areas.models import Area, Organisation, User
from xiaoan.core.scoping import subtree_bounds, subtree_filter

pytestmark = pytest.mark.django_db


def names(qs) -> set[str]:
    return set(qs.values_list("name", flat=True))


def test_brigade_sees_its_district_and_below_only(user):
    brigade = user("xinglongtai")
    visible = names(Area.objects.restrict(brigade))
    assert {"兴隆台区", "兴隆街道", "惠宾社区", "惠宾社区第一网格"} <= visible
    assert "盘锦市" not in visible
    assert not visible & {"双台子区", "胜利街道", "大洼区", "盘山县"}


def test_city_users_see_every_district(user):
    for username in ("leader", "office", "auditor", "admin"):
        visible = names(Area.objects.restrict(user(username)))
        assert {"盘锦市", "双台子区", "兴隆台区", "大洼区", "盘山县"} <= visible, username


def test_grid_worker_sees_only_its_grid(user):
    assert names(Area.objects.restrict(user("grid"))) == {"惠宾社区第一网格"}


def test_organisations_and_users_are_scoped_the_same_way(user):
    brigade = user("shuangtaizi")
    orgs = names(Organisation.objects.restrict(brigade))
    assert "双台子区消防救援大队" in orgs
    assert "兴隆台区消防救援大队" not in orgs
    usernames = set(User.objects.restrict(brigade).values_list("username", flat=True))
    assert usernames == {"shuangtaizi"}


def test_inactive_or_arealess_users_see_nothing(user):
    brigade = user("dawa")
    brigade.is_active = False
    assert not Area.objects.restrict(brigade).exists()
    nobody = User(username="x", roles=",auditor,")
    assert not Area.objects.restrict(nobody).exists()


def test_change_action_needs_the_permission(user):
    assert Organisation.objects.restrict(user("office"), "change").exists()
    assert not Organisation.objects.restrict(user("auditor"), "change").exists()
    assert not Organisation.objects.restrict(user("xinglongtai"), "change").exists()


def test_subtree_bounds_carry_over_digits():
    assert subtree_bounds("00000001") == ("00000001", "00000002")
    assert subtree_bounds("0000000100000009") == ("0000000100000009", "0000000100000010")
    assert subtree_bounds("00000099") == ("00000099", "00000100")


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=25))
def test_subtree_query_matches_a_walk_of_the_tree(parent_choices):
    """Build a random tree and compare the indexed range query with walking
    the tree in Python, for every node."""
    root = Area.objects.get(code="211100")
    nodes = [root]
    for choice in parent_choices:
        parent = nodes[choice % len(nodes)]
        if parent.level == Area.Level.GRID:
            parent = root
        nodes.append(
            services.do_create_area(
                acting_user=None,
                name="测试区域",
                code=f"T{uuid.uuid4().hex[:12]}",
                level=parent.level + 1,
                parent=parent,
            )
        )
    created = {n.pk: n for n in nodes if n.code.startswith("T")}
    children: dict[int, list[int]] = {}
    for node in created.values():
        children.setdefault(node.parent_id, []).append(node.pk)

    def walk(pk: int) -> set[int]:
        found = {pk}
        for child in children.get(pk, []):
            found |= walk(child)
        return found

    for pk in created:
        expected = walk(pk)
        got = set(
            Area.objects.filter(
                subtree_filter("path", created[pk].path), pk__in=created
            ).values_list("pk", flat=True)
        )
        assert got == expected


def test_subtree_query_uses_the_path_index():
    path = Area.objects.get(name="兴隆台区").path
    qs = Area.objects.filter(subtree_filter("path", path))
    if connection.vendor == "sqlite":
        plan = qs.explain()
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
        plan = qs.explain()
        assert "Index" in plan and "path" in plan, plan
