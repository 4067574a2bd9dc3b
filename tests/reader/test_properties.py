"""Any text at all gives a valid reading, never an exception."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoan.reader.parsing import read_briefing

SEED = (Path(__file__).parent / "data" / "seed.txt").read_text(encoding="utf-8")
PIECES = [
    "2月25日，",
    "26日，",
    "炳森书记",
    "副市长",
    "作出批示：“",
    "”",
    "跟批",
    "圈阅",
    "《",
    "》",
    "一、",
    "（一）",
    "1.",
    "一是",
    "召开",
    "会议",
    "带队",
    "发现隐患27处",
    "同比增长168%",
    "环比下降3.5%",
    "截止2月26日",
    "三月中旬前",
    "8日前",
    "一个月内",
    "至3月底",
    "以2024年底为期限",
    "（2024年3月4日）",
    "\n",
    "。",
    "，",
    "4490件",
    "123456789012345678901234567890件",
    "9999年12月31日前",
    "0000年1月1日",
]


def check(reading: Any, text: str) -> None:
    data = reading.as_dict()
    json.dumps(data, ensure_ascii=False)
    assert set(data) >= {
        "document",
        "instructions",
        "meetings",
        "inspections",
        "statistics",
        "documents",
    }
    for key in ("instructions", "meetings", "inspections", "statistics", "documents", "deadlines"):
        for record in data[key]:
            start, end = record["span"]
            assert 0 <= start <= end <= len(text)
    for index, record in enumerate(data["instructions"]):
        assert record["follows"] is None or 0 <= record["follows"] < index
    if reading.is_empty:
        assert data["messages"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text(text: str) -> None:
    check(read_briefing(text), text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_shuffled_briefing_phrases(text: str) -> None:
    check(read_briefing(text), text)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_binary_looking_text(data: bytes) -> None:
    text = data.decode("latin-1")
    check(read_briefing(text), text)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, len(SEED)), st.integers(0, len(SEED)))
def test_cut_seed(a: int, b: int) -> None:
    text = SEED[min(a, b) : max(a, b)]
    check(read_briefing(text), text)


def test_empty_and_blank_text_say_so() -> None:
    for text in ["", "   \n\n", "\x00\x01\x02"]:
        reading = read_briefing(text)
        assert reading.is_empty
        assert any("未能从文本中识别" in m for m in reading.messages)


def test_very_long_text() -> None:
    text = SEED * 8
    reading = read_briefing(text)
    assert len(reading.instructions) == 32
    check(reading, text)
