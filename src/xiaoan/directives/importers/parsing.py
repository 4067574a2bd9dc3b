"""Reading a cell's value: Chinese numerals, deadlines and quantitative targets."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl.utils.datetime import from_excel

from .. import services

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMBER = "[零〇一二两三四五六七八九十百千万亿]+"
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def chinese_number(text: str) -> int | None:
    """一百零五 → 105, 二十 → 20, 二〇二四 → 2024; None if `text` is not a Chinese numeral."""
    if not text or any(c not in CN_DIGITS and c not in CN_UNITS and c not in CN_BIG for c in text):
        return None
    if not any(c in CN_UNITS or c in CN_BIG for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total = section = 0
    digit: int | None = None
    for c in text:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        elif c in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[c]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * CN_BIG[c]
            section, digit = 0, None
    return total + section + (digit or 0)


#: written where the deadline column has no date: the task has no deadline
NO_DEADLINE = {"长期", "长期坚持", "常态化", "持续", "持续推进", "无", "-", "—", "/"}
DATE_HINT = "请写作 2024-03-31、2024/3/31、2024年3月31日、3月31日或“2024年底”"


def _day(year: int, month: int, day: int | None, raw: str) -> dt.date:
    if not 2000 <= year <= 2100:
        raise ValueError(f"日期“{raw}”的年份 {year} 不合理")
    if not 1 <= month <= 12:
        raise ValueError(f"日期“{raw}”的月份 {month} 不存在")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = last
    if not 1 <= day <= last:
        raise ValueError(f"日期“{raw}”不存在（{year}年{month}月只有{last}天）")
    return dt.date(year, month, day)


def parse_deadline(value: Any, year: int) -> dt.date | None:
    """A deadline from a cell: an Excel date, or text such as 2024-03-31,
    2024/3/31, 2024年3月31日, 3月31日 (in `year`), 6月底, 2024年底, 三季度.
    None for an empty cell or 长期/常态化; ValueError with a Chinese reason otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"无法识别的日期“{value}”，{DATE_HINT}")
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if number.is_integer() and 2000 <= number <= 2100:  # a bare year: its end
            return dt.date(int(number), 12, 31)
        if number.is_integer() and 19000101 <= number <= 21001231:
            text = str(int(number))
            return _day(int(text[:4]), int(text[4:6]), int(text[6:]), text)
        if 20000 <= number <= 80000:  # an Excel date serial in a cell not formatted as date
            serial = from_excel(number)
            return serial.date() if isinstance(serial, dt.datetime) else serial  # type: ignore[return-value]
        raise ValueError(f"无法识别的日期“{value:g}”，{DATE_HINT}")
    raw = str(value).strip()
    text = re.sub(r"\s+", "", raw.translate(FULL_WIDTH_DIGITS))
    text = re.sub(r"(之前|以前|前)$", "", text)
    if not text or text in NO_DEADLINE:
        return None
    text = re.sub(
        "[零〇一二两三四五六七八九十]+", lambda m: str(chinese_number(m.group()) or 0), text
    )
    patterns: Sequence[tuple[str, Any]] = (
        (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})日?", lambda y, m, d: (y, m, d)),
        (r"(\d{4})(\d{2})(\d{2})", lambda y, m, d: (y, m, d)),
        (r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?", lambda y, m, d: (y, m, d)),
        (r"(?:(\d{4})年)?(\d{1,2})月(?:底|末|份)?", lambda y, m: (y, m, None)),
        (r"(\d{4})[-/.](\d{1,2})", lambda y, m: (y, m, None)),
        (r"(?:(\d{4})年)?年?[底末]", lambda y: (y, 12, None)),
        (r"(\d{4})年?", lambda y: (y, 12, None)),
        (r"(?:(\d{4})年)?上半年[底末]?", lambda y: (y, 6, None)),
        (r"(?:(\d{4})年)?下半年[底末]?", lambda y: (y, 12, None)),
        (r"(?:(\d{4})年)?第?([1-4])季度[底末]?", lambda y, q: (y, str(int(q) * 3), None)),
    )
    for pattern, parts in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            y, m, d = parts(*match.groups())
            return _day(int(y) if y else year, int(m), int(d) if d else None, raw)
    raise ValueError(f"无法识别的日期“{raw}”，{DATE_HINT}")


#: measure words a quantity may carry, longest first so 人次 wins over 人
UNITS = sorted(
    [
        "个",
        "处",
        "座",
        "台",
        "套",
        "家",
        "所",
        "栋",
        "幢",
        "户",
        "人次",
        "人",
        "名",
        "场次",
        "场",
        "次",
        "条",
        "公里",
        "千米",
        "平方米",
        "米",
        "辆",
        "部",
        "支",
        "只",
        "具",
        "组",
        "项",
        "件",
        "份",
        "期",
        "批",
        "万元",
        "元",
        "吨",
        "间",
        "张",
        "本",
        "篇",
        "起",
        "类",
        "片",
        "个次",
        "家次",
        "处次",
        "小时",
        "天",
        "%",
        "台套",
        "万人次",
        "万人",
    ],
    key=len,
    reverse=True,
)
ARABIC = r"\d+(?:\.\d+)?"
QUANTITY_UNIT = re.compile(
    rf"(?P<qty>{ARABIC}|{CN_NUMBER})\s*(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})"
)
SUBJECT_TRIM = " \t:：,，、-—()（）"
TARGET_HINT = "应写作“对象+数量+单位”，如“市政消火栓100个”"


def _quantity(text: str) -> Decimal | None:
    if re.fullmatch(ARABIC, text):
        return Decimal(text)
    number = chinese_number(text)
    return None if number is None else Decimal(number)


def parse_target(text: str, year: int | None = None) -> services.TargetSpec:
    """市政消火栓100个 / 100个市政消火栓 / 宣传活动二十场 → (subject, quantity, unit);
    ValueError with a Chinese reason otherwise."""
    raw = text.strip()
    normal = raw.translate(FULL_WIDTH_DIGITS)
    matches = [m for m in QUANTITY_UNIT.finditer(normal) if _quantity(m["qty"]) is not None]
    # An Arabic number is surer than a Chinese numeral, which may be part of a word (三合一场所).
    matches.sort(key=lambda m: (not re.fullmatch(ARABIC, m["qty"]), m.start()))
    if not matches:
        if re.search(ARABIC, normal):
            raise ValueError(f"目标“{raw}”缺少单位（如个、处、家、场、人次）")
        raise ValueError(f"无法识别目标“{raw}”：{TARGET_HINT}")
    match = matches[0]
    quantity = _quantity(match["qty"])
    assert quantity is not None
    if quantity <= 0:
        raise ValueError(f"目标“{raw}”的数量必须大于 0")
    subject = (
        normal[: match.start()].strip(SUBJECT_TRIM) + normal[match.end() :].strip(SUBJECT_TRIM)
    ).strip(SUBJECT_TRIM)
    if not subject:
        raise ValueError(f"目标“{raw}”缺少对象：{TARGET_HINT}")
    if len(subject) > 100:
        raise ValueError(f"目标“{raw}”的对象过长（最多 100 字）")
    return services.TargetSpec(subject=subject, quantity=quantity, unit=match["unit"], year=year)


def parse_targets(text: str, year: int | None = None) -> list[services.TargetSpec]:
    """Several targets separated by ；/; or line breaks (or 、，, between complete targets)."""
    specs: list[services.TargetSpec] = []
    for part in re.split(r"[；;\n\r]+", text):
        if not part.strip():
            continue
        pieces = [part]
        if len(re.findall(rf"{ARABIC}\s*\D", part.translate(FULL_WIDTH_DIGITS))) > 1:
            pieces = [p for p in re.split(r"[、，,]", part) if p.strip()]
        specs.extend(parse_target(piece, year) for piece in pieces)
    return specs
