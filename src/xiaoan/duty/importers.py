"""Import the duty roster from an Excel workbook: one row per person per day.

Columns are found by their header in the first row (日期, 单位, 岗位, 姓名, 电话,
under a few usual names). Every row is checked before anything is written; a
problem is reported with the spreadsheet's row number (header = row 1), the
column and a Chinese reason, and then nothing is imported (all or nothing).
Clean rows are saved through `services.do_assign_shift` as the importing user.
The archive is checked before it is read (`core.archives`); text is cleaned and
held to the shared limits.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook, load_workbook

from xiaoan.areas.models import Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.core.archives import MB, ArchiveRefusedError, check_archive
from xiaoan.core.errors import PermissionDeniedError
from xiaoan.core.text import NAME_MAX, clean_text, too_long_message
from xiaoan.directives.importers import ImportRefusedError, RowError, cell_text, normalise_header

from .choices import DutyRole
from .models import DutyShift
from .services import do_assign_shift

COLUMNS = {
    "date": ("日期", ("日期", "值班日期")),
    "organisation": ("单位", ("单位", "值班单位", "部门")),
    "role": ("岗位", ("岗位", "值班岗位", "职责")),
    "person": ("姓名", ("姓名", "值班人员", "人员")),
    "phone": ("电话", ("电话", "联系电话", "手机")),
}
REQUIRED = ("date", "organisation", "role", "person")
ROLE_NAMES = {label: value for value, label in DutyRole.choices} | {
    "带班": DutyRole.LEADER,
    "领导": DutyRole.LEADER,
    "值班": DutyRole.OFFICER,
    "值班员": DutyRole.OFFICER,
    "司机": DutyRole.DRIVER,
    "驾驶员": DutyRole.DRIVER,
}
MAX_ROWS = 3000
#: 3,000 rows of a roster unpack to far less than this
MAX_UNPACKED_BYTES = 32 * MB
UNREADABLE = "无法读取文件：请上传 .xlsx 格式的值班表。"
#: the longest text of each column (a person's name and phone: the fields' own 50)
LIMITS = {"date": NAME_MAX, "organisation": NAME_MAX, "role": NAME_MAX, "person": 50, "phone": 50}


@dataclass
class RosterImport:
    rows: int = 0
    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def read_rows(data: bytes) -> tuple[dict[str, int], list[tuple[int, tuple[Any, ...]]]]:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportRefusedError("这是旧版 Excel（.xls）文件，请另存为 .xlsx 格式后再导入。")
    try:
        check_archive(data, max_bytes=MAX_UNPACKED_BYTES, unreadable=UNREADABLE)
    except ArchiveRefusedError as exc:
        raise ImportRefusedError(exc.message) from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file fails in many ways
        raise ImportRefusedError(UNREADABLE) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = tuple(next(rows, ()) or ())
        names = {name: key for key, (_label, aliases) in COLUMNS.items() for name in aliases}
        columns: dict[str, int] = {}
        for index, value in enumerate(header):
            key = names.get(normalise_header(value))
            if key and key not in columns:
                columns[key] = index
        missing = [COLUMNS[k][0] for k in REQUIRED if k not in columns]
        if missing:
            raise ImportRefusedError(
                f"值班表缺少必需的列：{'、'.join(missing)}。请在第一行写明列名（日期、单位、岗位、姓名、电话）。"
            )
        body = []
        for number, values in enumerate(rows, start=2):
            if all(cell_text(v) == "" for v in values):
                continue
            body.append((number, tuple(values)))
            if len(body) > MAX_ROWS:
                raise ImportRefusedError(f"数据行超过 {MAX_ROWS} 行，请分成几个文件导入。")
        return columns, body
    finally:
        workbook.close()


def import_roster(source: IO[bytes] | bytes, *, acting_user: User) -> RosterImport:
    """Check every row, then save all of them or none."""
    if not acting_user.can(Permission.MANAGE_DUTY):
        raise PermissionDeniedError("您的角色无权安排值班。")
    data = source if isinstance(source, bytes) else source.read()
    columns, body = read_rows(data)
    visible = Organisation.objects.restrict(acting_user)
    by_name: dict[str, Organisation] = {}
    for o in visible:
        by_name[o.name] = o
        if o.short_name:
            by_name.setdefault(o.short_name, o)
    result = RosterImport(rows=len(body))
    clean: list[tuple[Organisation, dt.date, str, str, str]] = []
    seen: set[tuple[int, dt.date, str, str]] = set()

    def value(values: tuple[Any, ...], key: str) -> Any:
        index = columns.get(key)
        found = values[index] if index is not None and index < len(values) else None
        return clean_text(found) if isinstance(found, str) else found

    for number, values in body:
        errors = [
            RowError(number, COLUMNS[key][0], too_long_message(limit))
            for key, limit in LIMITS.items()
            if len(cell_text(value(values, key))) > limit
        ]
        if errors:
            result.errors.extend(errors)
            continue
        day = parse_date(value(values, "date"))
        if day is None:
            text = cell_text(value(values, "date"))
            errors.append(
                RowError(
                    number, "日期", f"“{text}”不是日期，请写成 2024-03-04" if text else "日期为空"
                )
            )
        org_name = cell_text(value(values, "organisation"))
        organisation = by_name.get(org_name)
        if organisation is None:
            errors.append(
                RowError(
                    number,
                    "单位",
                    f"找不到单位“{org_name}”（或不在您的辖区内）" if org_name else "单位为空",
                )
            )
        role_text = cell_text(value(values, "role"))
        role = ROLE_NAMES.get(role_text)
        if role is None:
            allowed = "、".join(label for _v, label in DutyRole.choices)
            errors.append(
                RowError(
                    number,
                    "岗位",
                    f"岗位“{role_text}”不认识，可填：{allowed}" if role_text else "岗位为空",
                )
            )
        person = cell_text(value(values, "person"))
        if not person:
            errors.append(RowError(number, "姓名", "姓名为空"))
        if not errors and organisation is not None and day is not None and role is not None:
            key = (organisation.pk, day, role, person)
            if key in seen:
                errors.append(RowError(number, "姓名", "与前面的行重复"))
            seen.add(key)
            clean.append((organisation, day, role, person, cell_text(value(values, "phone"))))
        result.errors.extend(errors)
    if result.errors:
        return result
    with transaction.atomic():
        for organisation, day, role, person, phone in clean:
            if DutyShift.objects.filter(
                organisation=organisation, date=day, role=role, person=person
            ).exists():
                result.skipped += 1
                continue
            do_assign_shift(
                acting_user=acting_user,
                organisation=organisation,
                date=day,
                role=role,
                person=person,
                phone=phone,
            )
            result.created += 1
    return result


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "值班表"
    sheet.append([label for label, _aliases in COLUMNS.values()])
    sheet.append(["2024-03-03", "盘锦市消防救援支队", "带班领导", "曹希锋", "0427-0000000"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
