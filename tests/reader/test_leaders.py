"""Leaders written as name + title or title + name."""

from __future__ import annotations

import pytest

from xiaoan.reader.parsing.leaders import find_leaders


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("2月25日，炳森书记在市委", "炳森", "书记"),
        ("3月2日，邢鹏市长带队", "邢鹏", "市长"),
        ("26日，占明副市长作出跟批", "占明", "副市长"),
        ("，曹希锋支队长通报", "曹希锋", "支队长"),
        ("刘占明副市长带队", "刘占明", "副市长"),
        ("县委书记王建国作出批示", "王建国", "县委书记"),
        ("应急管理部副部长胡明朗将于近期到盘锦", "胡明朗", "副部长"),
        ("并认真按照炳森书记指示要求", "炳森", "书记"),
        ("张晓东大队长带队", "张晓东", "大队长"),
        ("3月10日，镇党委书记刘洋对《情况》作出批示", "刘洋", "镇党委书记"),
        ("支队政委张海涛带领督导组", "张海涛", "政委"),
    ],
)
def test_name_and_title_are_split(text: str, name: str, title: str) -> None:
    leaders = find_leaders(text)
    assert [(leader.name, leader.title) for leader in leaders] == [(name, title)]


@pytest.mark.parametrize("text", ["市委书记处", "请希锋同志阅", "各县区大队结合具体任务"])
def test_no_leader_where_there_is_none(text: str) -> None:
    assert find_leaders(text) == []
