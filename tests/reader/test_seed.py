"""The seed briefing, read completely: the output equals the hand-written fixture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from xiaoan.reader.parsing import read_briefing

DATA = Path(__file__).parent / "data"


def without_spans(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_spans(v) for k, v in value.items() if k != "span"}
    if isinstance(value, list):
        return [without_spans(v) for v in value]
    return value


@pytest.fixture(scope="module")
def seed() -> str:
    return (DATA / "seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reading(seed: str) -> dict[str, Any]:
    return read_briefing(seed).as_dict()


def test_seed_reads_exactly_as_the_fixture(reading: dict[str, Any]) -> None:
    expected = json.loads((DATA / "seed_expected.json").read_text(encoding="utf-8"))
    assert without_spans(reading) == expected


def test_contract_keys_are_present(reading: dict[str, Any]) -> None:
    shape = {
        "instructions": {
            "date",
            "leader",
            "leader_title",
            "kind",
            "source",
            "text",
            "follows",
            "span",
        },
        "meetings": {"date", "title", "items", "span"},
        "inspections": {"dates", "leader", "method", "hazards_found", "enforcement", "span"},
        "statistics": {"text", "count", "unit", "as_of", "change_pct", "basis", "span"},
        "documents": {"title", "issuer", "deadline", "span"},
        "deadlines": {"text", "date", "span"},
    }
    assert set(reading["document"]) >= {"title", "date"}
    for key, fields in shape.items():
        assert reading[key], key
        for record in reading[key]:
            assert set(record) >= fields, key
    for meeting in reading["meetings"]:
        for item in meeting["items"]:
            assert set(item) >= {"text", "deadline", "targets", "span"}


def test_every_span_points_at_its_own_text(seed: str, reading: dict[str, Any]) -> None:
    def source(record: dict[str, Any]) -> str:
        start, end = record["span"]
        assert 0 <= start < end <= len(seed)
        return seed[start:end]

    for record in reading["instructions"]:
        assert record["leader"] in source(record)
        if record["text"]:
            assert record["text"] in source(record)
    for meeting in reading["meetings"]:
        for item in meeting["items"]:
            assert source(item) == item["text"]
            for target in item["targets"]:
                assert target["object"] in source(target)
    for record in reading["statistics"]:
        assert str(record["count"]) in source(record)
    for record in reading["documents"]:
        assert source(record) == f"《{record['title']}》"
    for record in reading["deadlines"]:
        assert source(record) == record["text"]
    for record in reading["inspections"]:
        assert str(record["hazards_found"] or "") in source(record)


def test_headline_facts_of_the_seed(reading: dict[str, Any]) -> None:
    chain = reading["instructions"]
    assert [i["kind"] for i in chain] == ["instruction", "follow_up", "instruction", "read"]
    assert chain[1]["follows"] == 0
    targets = [t for m in reading["meetings"] for i in m["items"] for t in i["targets"]]
    assert [(t["object"], t["quantity"]) for t in targets] == [("市政消火栓", 100), ("消防水鹤", 5)]
    assert reading["inspections"][0]["hazards_found"] == 27
    assert reading["inspections"][0]["enforcement"] == ["临时查封"]
    stats = [(s["count"], s["change_pct"], s["basis"]) for s in reading["statistics"]]
    assert stats == [(4490, 168, "yoy"), (678, 239, "mom")]
