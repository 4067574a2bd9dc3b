"""A record's history shows people's words: names, choices, short excerpts;
never area paths, lookup keys, client ids, hashes or a whole source text."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.complaints.conftest import good_row, xlsx_bytes
from xiaoan.complaints.importers.importing import import_complaints
from xiaoan.complaints.models import Complaint
from xiaoan.core.history import HistoryEntry, history_entries
from xiaoan.directives.services.records import do_record_instruction
from xiaoan.hazards.choices import HazardCategory, InspectionKind
from xiaoan.hazards.services.inspections import HazardSpec, do_record_inspection
from xiaoan.places.choices import PlaceKind
from xiaoan.places.services import do_register_place, do_update_place
from xiaoan.reader.parsing import read_briefing
from xiaoan.reader.proposals import with_defaults
from xiaoan.reader.services import do_confirm_reading

pytestmark = pytest.mark.django_db

SEED = (Path(__file__).parents[1] / "reader" / "data" / "seed.txt").read_text(encoding="utf-8")
#: an area path ("0000000100000013…"), a uuid, a hex digest
TECHNICAL = (
    re.compile(r"\d{12,}"),
    re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I),
    re.compile(r"[0-9a-f]{32,}", re.I),
)
LONGEST = 200


def words(entries: list[HistoryEntry]) -> list[str]:
    return [f"{c.label}：{c.old} → {c.new}" for e in entries for c in e.changes]


def assert_readable(entries: list[HistoryEntry]) -> None:
    assert entries
    for entry in entries:
        for change in entry.changes:
            for value in (change.label, change.old, change.new):
                assert len(value) <= LONGEST, (change.label, value[:60])
                for pattern in TECHNICAL:
                    assert not pattern.search(value), (change.label, value)


def test_a_place_shows_its_area_by_name_and_no_path_or_key(user: Any, area: Any) -> None:
    office = user("xinglongtai")
    place = do_register_place(
        acting_user=office,
        name="惠宾小区",
        address="兴隆台区惠宾街道12号",
        area=area("惠宾社区"),
        kind=PlaceKind.RESIDENTIAL,
    )
    do_update_place(place, acting_user=office, expected_version=place.version, contact="王经理")
    entries = history_entries(place)
    assert_readable(entries)
    lines = words(entries)
    assert "区域： → 惠宾社区" in lines
    assert "类型： → 住宅小区" in lines
    assert not any("区域路径" in line for line in lines)


def test_an_inspection_recorded_offline_hides_its_client_id(user: Any, area: Any) -> None:
    brigade = user("xinglongtai")
    place = do_register_place(
        acting_user=brigade,
        name="兴盛商场",
        address="兴隆台区兴盛路1号",
        area=area("兴盛社区"),
        kind=PlaceKind.RESIDENTIAL,
    )
    inspection = do_record_inspection(
        acting_user=brigade,
        place=place,
        kind=InspectionKind.BRIGADE,
        hazards=[HazardSpec(HazardCategory.CLUTTER, "楼道堆放纸箱")],
        client_key=str(uuid.uuid4()),
    )
    entries = history_entries(inspection)
    assert_readable(entries)
    assert any(line.startswith("场所： → 兴盛商场") for line in words(entries))
    hazard = inspection.hazards.get()
    assert_readable(history_entries(hazard))
    assert "类别： → 楼道堆放杂物" in words(history_entries(hazard))


def test_a_reading_shows_the_length_of_its_source_text_not_the_text(user: Any) -> None:
    office = user("office")
    proposals = with_defaults(read_briefing(SEED).as_dict(), SEED)
    reading = do_confirm_reading(acting_user=office, text=SEED, proposals=proposals)
    entries = history_entries(reading)
    assert_readable(entries)
    lines = words(entries)
    assert f"原文： → 共{len(SEED)}字" in lines
    assert any(line.startswith("识别结果： → 识别出") and "批示" in line for line in lines)


def test_an_imported_order_hides_the_raw_row_and_the_phone_lookup(user: Any) -> None:
    long_content = "12号楼一单元楼道内有人给电动自行车飞线充电，存在火灾隐患。" * 8
    import_complaints(
        xlsx_bytes([good_row("GD20240301", 诉求内容=long_content)]),
        acting_user=user("office"),
    )
    complaint = Complaint.objects.get(number="GD20240301")
    entries = history_entries(complaint)
    assert_readable(entries)
    lines = words(entries)
    # a long text shows its opening words and its length
    assert any(
        line.startswith("诉求内容： → 12号楼") and f"共{len(long_content)}字" in line
        for line in lines
    )
    assert not any("hash" in line.lower() or "原始" in line for line in lines)


def test_a_long_instruction_edit_is_an_excerpt(user: Any, area: Any) -> None:
    from xiaoan.core.versioning import apply_edit

    office = user("office")
    instruction = do_record_instruction(
        acting_user=office,
        date=dt.date(2024, 3, 1),
        leader_name="占明",
        leader_title="副市长",
        area=area("盘锦市"),
        text="要组织立即整改投诉问题。",
    )
    longer = "要组织立即整改投诉问题，同时继续加大隐患排查整治力度。" * 10
    apply_edit(
        instruction,
        {"text": longer},
        acting_user=office,
        expected_version=instruction.version,
        reason="补全批示原文",
    )
    entries = history_entries(instruction)
    assert_readable(entries)
    assert entries[0].reason == "补全批示原文"
    change = next(c for c in entries[0].changes if c.label == "批示内容")
    assert change.old == "要组织立即整改投诉问题。" and change.new.endswith(
        f"…（共{len(longer)}字）"
    )
