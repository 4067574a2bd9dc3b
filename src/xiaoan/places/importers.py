"""Import places from an Excel sheet.

One row a place; columns are found by header name (with synonyms). Every row is
accounted for: created, flagged as a duplicate of a place already registered
(same name and address — not created), or rejected with its row number, column
and reason. Rows that are fine are created even when others are not.

Never half-done: the archive is checked (`core.archives`) and every row is
read and checked before the first place is saved, so a file refused as a whole
(unreadable, too many rows) saves nothing; the places are then created in one
transaction, so an unexpected failure part-way leaves none of them either.
Text is cleaned (`clean_text`) and held to the shared limits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from openpyxl import load_workbook

from xiaoan.areas.models import Area, User
from xiaoan.core.archives import MB, check_archive
from xiaoan.core.errors import XiaoanError
from xiaoan.core.text import NAME_MAX, clean_text, too_long_message

from .choices import PlaceKind, RiskLevel
from .models import Place, place_key
from .services import DuplicatePlaceError, do_register_place

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("名称", "场所名称", "单位名称"),
    "address": ("地址", "场所地址", "详细地址"),
    "area": ("区域", "所属区域", "社区", "街道"),
    "kind": ("类型", "场所类型"),
    "responsible_person": ("负责人", "消防安全责任人"),
    "contact": ("联系电话", "电话"),
    "risk_level": ("风险等级",),
    "latitude": ("纬度",),
    "longitude": ("经度",),
}
REQUIRED = ("name", "address", "area", "kind")
KIND_BY_LABEL = {str(label): value for value, label in PlaceKind.choices} | {
    v: v for v in PlaceKind.values
}
RISK_BY_LABEL = {"低": RiskLevel.LOW, "中": RiskLevel.MEDIUM, "高": RiskLevel.HIGH} | {
    v: v for v in RiskLevel.values
}
MAX_ROWS = 20000
#: 20,000 rows of places unpack to well under this
MAX_UNPACKED_BYTES = 64 * MB
UNREADABLE = "无法读取文件：请上传 .xlsx 格式的 Excel 表格。"
#: the longest text of each text column (the shared name limit, or the field's own if shorter)
LIMITS = {
    "name": NAME_MAX,
    "address": NAME_MAX,
    "area": NAME_MAX,
    "kind": NAME_MAX,
    "responsible_person": 50,
    "contact": 50,
    "risk_level": NAME_MAX,
    "latitude": 50,
    "longitude": 50,
}


@dataclass
class RowProblem:
    row: int
    column: str
    reason: str


@dataclass
class PlaceImportResult:
    rows: int = 0
    created: list[Place] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (row, name)
    errors: list[RowProblem] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({e.row for e in self.errors})


def header_map(header: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = str(cell or "").strip()
        for key, names in COLUMNS.items():
            if text in names and key not in found:
                found[key] = index
    return found


def read_rows(source: IO[bytes]) -> tuple[list[Any], list[tuple[int, tuple[Any, ...]]]]:
    """The header and every row below it (numbered as in the sheet), read whole
    before anything is saved; XiaoanError for a file refused as a whole."""
    data = source.read()
    check_archive(data, max_bytes=MAX_UNPACKED_BYTES, unreadable=UNREADABLE)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise XiaoanError(UNREADABLE) from exc
    try:
        rows = workbook.active.iter_rows(values_only=True)
        header = list(next(rows, []) or [])
        body: list[tuple[int, tuple[Any, ...]]] = []
        for number, values in enumerate(rows, start=2):
            if all(v in (None, "") for v in values):
                continue  # blank rows (often thousands after the data) are not counted
            body.append((number, tuple(values)))
            if len(body) > MAX_ROWS:
                raise XiaoanError(f"文件超过 {MAX_ROWS} 行，请分批导入；本次未导入任何场所。")
        return header, body
    finally:
        workbook.close()


def import_places(source: IO[bytes], *, acting_user: User) -> PlaceImportResult:
    header, body = read_rows(source)
    columns = header_map(header)
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in columns]
    if missing:
        found = "、".join(clean_text(str(h))[:NAME_MAX] for h in header if h) or "（无）"
        raise XiaoanError(f"缺少必需的列：{'、'.join(missing)}。表头中找到：{found}。")
    areas = {a.name: a for a in Area.objects.restrict(acting_user)} | {
        a.code: a for a in Area.objects.restrict(acting_user)
    }
    result = PlaceImportResult()
    seen: dict[str, int] = {}
    clean: list[tuple[int, dict[str, Any]]] = []
    for number, values in body:
        cells = {k: cell_value(values[i]) if i < len(values) else None for k, i in columns.items()}
        if all(v in (None, "") for v in cells.values()):
            continue
        result.rows += 1
        problems = check_row(number, cells, areas)
        if problems:
            result.errors += problems
            continue
        name, address = str(cells["name"]).strip(), str(cells["address"]).strip()
        key = place_key(name, address)
        if key in seen:
            result.duplicates.append((number, f"{name}（与第{seen[key]}行重复）"))
            continue
        seen[key] = number
        clean.append((number, cells))
    with transaction.atomic():
        for number, cells in clean:
            register(number, cells, areas, acting_user, result)
    return result


def cell_value(value: Any) -> Any:
    """A cell's value, its text cleaned of control characters and lone surrogates."""
    return clean_text(value) if isinstance(value, str) else value


def register(
    number: int,
    cells: dict[str, Any],
    areas: dict[str, Area],
    acting_user: User,
    result: PlaceImportResult,
) -> None:
    name, address = str(cells["name"]).strip(), str(cells["address"]).strip()
    try:
        with transaction.atomic():
            place = do_register_place(
                acting_user=acting_user,
                name=name,
                address=address,
                area=areas[str(cells["area"]).strip()],
                kind=KIND_BY_LABEL[str(cells["kind"]).strip()],
                responsible_person=str(cells.get("responsible_person") or "").strip(),
                contact=str(cells.get("contact") or "").strip(),
                risk_level=RISK_BY_LABEL.get(
                    str(cells.get("risk_level") or "中").strip(), RiskLevel.MEDIUM
                ),
                latitude=decimal_or_none(cells.get("latitude")),
                longitude=decimal_or_none(cells.get("longitude")),
            )
    except DuplicatePlaceError:
        result.duplicates.append((number, f"{name}（已登记）"))
    except XiaoanError as exc:
        result.errors.append(RowProblem(number, "", exc.message))
    else:
        result.created.append(place)


def decimal_or_none(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value))


def check_row(number: int, cells: dict[str, Any], areas: dict[str, Area]) -> list[RowProblem]:
    problems = []
    for key, limit in LIMITS.items():
        text = str(cells.get(key) or "").strip()
        if len(text) > limit:
            problems.append(RowProblem(number, COLUMNS[key][0], too_long_message(limit)))
    if problems:
        return problems  # a text too long is not quoted back in the other reasons
    for key in REQUIRED:
        if cells.get(key) in (None, "") or not str(cells[key]).strip():
            problems.append(RowProblem(number, COLUMNS[key][0], "不能为空"))
    area = str(cells.get("area") or "").strip()
    if area and area not in areas:
        problems.append(RowProblem(number, "区域", f"“{area}”不是您辖区内的区域名称或代码"))
    kind = str(cells.get("kind") or "").strip()
    if kind and kind not in KIND_BY_LABEL:
        problems.append(
            RowProblem(
                number,
                "类型",
                f"“{kind}”不是场所类型；可用：{'、'.join(str(label) for _, label in PlaceKind.choices)}",
            )
        )
    risk = str(cells.get("risk_level") or "").strip()
    if risk and risk not in RISK_BY_LABEL:
        problems.append(RowProblem(number, "风险等级", f"“{risk}”应为 低、中 或 高"))
    for key, label in (("latitude", "纬度"), ("longitude", "经度")):
        if cells.get(key) not in (None, ""):
            try:
                Decimal(str(cells[key]))
            except InvalidOperation:
                problems.append(RowProblem(number, label, f"“{cells[key]}”不是数字"))
    return problems
