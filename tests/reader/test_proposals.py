"""Between proposals and services: levels, carriers, hashes and default ticks."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiaoan.reader.parsing import read_briefing
from xiaoan.reader.proposals import (
    addressees,
    content_hash,
    guess_level,
    source_kind,
    with_defaults,
)

SEED = (Path(__file__).parent / "data" / "seed.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("issuer", "title", "level"),
    [
        ("应急部办公厅", "关于河南方城“1.19”火灾信息迟报情况的通报", "national"),
        ("省总队", "除患攻坚行动专项政治监督工作实施方案", "province"),
        ("市消安委", "2024年度全市消防工作任务清单", "city"),
        (None, "全市住宅小区消防安全综合治理工作方案", "city"),
        ("区安委办", "关于开展电动自行车消防安全专项整治的通知", "county"),
        ("支队", "消防工作专报", "detachment"),
    ],
)
def test_level_from_issuer_and_title(issuer: str | None, title: str, level: str) -> None:
    assert guess_level(issuer, title) == level


def test_carrier_kind_and_addressees() -> None:
    assert source_kind("内部参考", True) == "internal_reference"
    assert source_kind("辽宁省12345政务服务便民平台专报", False) == "hotline_report"
    assert source_kind("消防工作专报", True) == "work_report"
    assert addressees("请邢鹏、占明同志阅，不仅九小场所") == "邢鹏、占明"


def test_hash_ignores_blank_lines_and_indentation_only() -> None:
    assert content_hash(SEED) == content_hash(
        "\n\n".join("  " + line for line in SEED.splitlines())
    )
    assert content_hash(SEED) != content_hash(SEED.replace("27处", "28处"))


def test_deadlines_kept_by_an_item_or_document_are_not_ticked_twice() -> None:
    reading = with_defaults(read_briefing(SEED).as_dict(), SEED)
    ticked = [(d["date"], d["accept"]) for d in reading["deadlines"]]
    assert ticked == [
        ("2024-12-31", False),  # 年度完成新建市政消火栓: the meeting item keeps it
        ("2024-03-29", False),  # 一个月内: the meeting item keeps it
        ("2024-03-20", False),  # the 实施方案 keeps it
        ("2024-03-31", False),  # the 工作方案 keeps it
        ("2024-03-08", True),  # 8日前为自查自改阶段: no record of its own
        ("2024-12-31", False),  # the 通报 of 应急部办公厅 keeps it
        ("2024-03-31", False),  # the 政治监督 实施方案 keeps it
    ]
    assert [i["accept"] for i in reading["inspections"]] == [True, True]
