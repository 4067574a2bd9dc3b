"""Dates in Chinese briefing text, resolved against the document's own date.

Why not jionlp alone: it resolves "26日" against the base date's month rather
than the month the text was just talking about, reads "一个月内" as "until the
end of next month", cannot parse a bare "月底" or "本月内", and costs ~70 ms on
its first call (its dictionaries load in ~1 s). So the common forms are
recognised here (patterns as data below) with the context month carried along
the text; jionlp resolves only the rarer relative words (本月底, 下周五 …).

Rules: a date without a year takes the document's year, rolled back a year
when its month lies after the document's month, unless it looks forward (a
deadline or a start date: "4月底前" in a March document is this year's). A day
without a month ("8日前") takes the month last mentioned. 上旬 = 1–10,
中旬 = 11–20, 下旬 = 21–end; 月底 = last day; "N个月内" counts from the date of
the event it belongs to (the meeting or instruction dated earlier in the same
paragraph), else from the document's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .text import Span, cn_to_int, inside

_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?:3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_Y = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_PART = r"(?:上旬|中旬|下旬|底|末|初)"

# (name, pattern); tried together, earliest and then first listed wins.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("ymd", rf"(?P<y1>{_Y})年(?P<m1>{_M})月(?P<d1>{_D})[日号]"),
    ("ym", rf"(?P<y2>{_Y})年(?P<m2>{_M})月(?P<p2>{_PART})?"),
    ("y_end", rf"(?P<y3>{_Y})年(?:底|末)"),
    ("md", rf"(?<![\d.])(?P<m4>{_M})月(?P<d4>{_D})[日号]"),
    ("m_part", rf"(?<![\d.])(?P<m5>{_M})月(?P<p5>{_PART})"),
    ("d", r"(?<![\d月年.\-])(?P<d6>3[01]|[12]\d|0?[1-9])[日号](?![报常])"),
    (
        "within",
        r"(?P<n7>\d+|[一二两三四五六七八九十]+)(?P<u7>个月|个工作日|工作日|天|日|周|个星期)(?:之)?内",
    ),
    ("year_end", r"(?:年底|年末|年内|年度(?=完成|内完成|任务))"),
    (
        "relative",
        r"(?:本月底|月底|下月底|本月内|本周内|下周[一二三四五六日天]|本周[一二三四五六日天])",
    ),
)
_REGEX = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in PATTERNS))

JIONLP_REWRITES = {"月底": "本月底", "本月内": "本月底"}

DEADLINE_SUFFIXES = ("之前", "以前", "前", "为期限", "为限", "结束", "截止", "止", "完成")
DEADLINE_PREFIXES = ("截止到", "截至到", "截止", "截至", "最迟", "至", "到")
START_PREFIXES = ("自从", "从", "自")
START_SUFFIXES = ("起", "开始", "以来")


@dataclass
class DateMention:
    """A date found in the text. `role`: point (an event's date), deadline,
    start, as_of (截至… of a past date); `first`/`last` bound a span like 中旬."""

    span: Span
    raw: str
    role: str
    date: dt.date
    first: dt.date
    last: dt.date
    has_month: bool


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _part_range(year: int, month: int, part: str | None) -> tuple[int, int]:
    end = _last_day(year, month)
    return {
        "上旬": (1, 10),
        "中旬": (11, 20),
        "下旬": (21, end),
        "初": (1, 5),
        "底": (end, end),
        "末": (end, end),
    }.get(part or "", (1, end))


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _last_day(year, month)))


def add_workdays(day: dt.date, count: int) -> dt.date:
    import chinese_calendar

    current = day
    while count > 0:
        current += dt.timedelta(days=1)
        try:
            working = chinese_calendar.is_workday(current)
        except NotImplementedError:  # outside the calendar's years: weekdays
            working = current.weekday() < 5
        if working:
            count -= 1
    return current


def _role(text: str, start: int, end: int, name: str) -> tuple[str, int, int]:
    """The role the surrounding words give, and the span widened to include them."""
    if name in ("within", "year_end") or (name == "relative" and text[start:end].endswith("内")):
        after = text[end : end + 3]
        for suffix in DEADLINE_SUFFIXES:
            if after.startswith(suffix):
                end += len(suffix)
                break
        return "deadline", start, end
    before = text[max(0, start - 4) : start]
    after = text[end : end + 4]
    if before.endswith("以") and (after.startswith("为期限") or after.startswith("为限")):
        return "deadline", start - 1, end + (3 if after.startswith("为期限") else 2)
    for suffix in START_SUFFIXES:
        if after.startswith(suffix):
            prefix = next((p for p in START_PREFIXES if before.endswith(p)), "")
            return "start", start - len(prefix), end + len(suffix)
    for prefix in START_PREFIXES:
        if before.endswith(prefix):
            return "start", start - len(prefix), end
    for suffix in DEADLINE_SUFFIXES:
        if after.startswith(suffix) and not (suffix == "前" and after.startswith("前期")):
            if suffix == "完成" and not any(before.endswith(p) for p in ("于", "在", "前")):
                continue
            prefix = next((p for p in DEADLINE_PREFIXES if before.endswith(p)), "")
            return "deadline", start - len(prefix), end + len(suffix)
    for prefix in DEADLINE_PREFIXES:
        if before.endswith(prefix):
            role = "as_of?" if prefix.startswith("截") else "deadline?"
            return role, start - len(prefix), end
    return "point", start, end


def find_dates(
    text: str,
    reference: dt.date | None,
    *,
    skip: list[Span] = (),  # type: ignore[assignment]
    paragraphs: list[Span] = (),  # type: ignore[assignment]
) -> list[DateMention]:
    """Every date in `text` (outside the `skip` spans, e.g. 《》 titles), in order.

    `reference` is the document's date; without it, dates lacking a year are dropped.
    """
    found: list[DateMention] = []
    ctx_year = reference.year if reference else None
    ctx_month = reference.month if reference else None
    for m in _REGEX.finditer(text):
        if inside(skip, m.start()):
            continue
        name = m.lastgroup or ""
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        role, start, end = _role(text, m.start(), m.end(), name)
        previous = found[-1] if found else None
        if (
            role == "deadline?"
            and previous
            and text[previous.span.end : m.start()] in ("至", "到", "-", "—", "~", "～")
        ):
            role = "point"  # the end of a range such as 2月24日至26日
        resolved = _resolve(
            name, groups, role, reference, ctx_year, ctx_month, text, m, found, paragraphs
        )
        if resolved is None:
            continue
        first, last, has_month = resolved
        if role == "as_of?":
            role = "as_of" if reference is None or last < reference else "deadline"
        elif role == "deadline?":
            role = "deadline"
        if role == "deadline":
            floor = _event_date(m.start(), found, paragraphs) or reference
            if floor is not None and last < floor:
                role = "point"  # a date in the past of its event is not a deadline
        date = last if role == "deadline" else first
        mention = DateMention(Span(start, end), text[start:end], role, date, first, last, has_month)
        found.append(mention)
        if has_month:
            ctx_year, ctx_month = first.year, first.month
    return found


def _year_for(month: int, role: str, reference: dt.date | None) -> int | None:
    if reference is None:
        return None
    forward = role.startswith("deadline") or role == "start"
    if month > reference.month and not forward:
        return reference.year - 1
    return reference.year


def _resolve(
    name: str,
    g: dict[str, str],
    role: str,
    reference: dt.date | None,
    ctx_year: int | None,
    ctx_month: int | None,
    text: str,
    m: re.Match[str],
    found: list[DateMention],
    paragraphs: list[Span],
) -> tuple[dt.date, dt.date, bool] | None:
    try:
        if name == "ymd":
            day = dt.date(cn_to_int(g["y1"]) or 0, cn_to_int(g["m1"]) or 0, cn_to_int(g["d1"]) or 0)
            return day, day, True
        if name in ("ym", "m_part"):
            key = "2" if name == "ym" else "5"
            month = cn_to_int(g["m" + key]) or 0
            year = cn_to_int(g["y2"]) if name == "ym" else _year_for(month, role, reference)
            if year is None:
                return None
            lo, hi = _part_range(year, month, g.get("p" + key))
            return dt.date(year, month, lo), dt.date(year, month, hi), True
        if name == "y_end":
            year = cn_to_int(g["y3"]) or 0
            return dt.date(year, 12, 1), dt.date(year, 12, 31), False
        if name == "md":
            month = cn_to_int(g["m4"]) or 0
            year = _year_for(month, role, reference)
            if year is None:
                return None
            day = dt.date(year, month, cn_to_int(g["d4"]) or 0)
            return day, day, True
        if name == "d":
            if ctx_year is None or ctx_month is None:
                return None
            day = dt.date(ctx_year, ctx_month, int(g["d6"]))
            return day, day, False
        if name == "within":
            base = _event_date(m.start(), found, paragraphs) or reference
            if base is None:
                return None
            n = cn_to_int(g["n7"]) or 0
            unit = g["u7"]
            if unit == "个月":
                last = add_months(base, n)
            elif unit in ("个工作日", "工作日"):
                last = add_workdays(base, n)
            elif unit in ("周", "个星期"):
                last = base + dt.timedelta(weeks=n)
            else:
                last = base + dt.timedelta(days=n)
            return base, last, False
        if name == "year_end":
            if reference is None:
                return None
            return dt.date(reference.year, 12, 1), dt.date(reference.year, 12, 31), False
        if name == "relative":
            return _relative(m.group(0), reference)
    except (ValueError, OverflowError):
        return None
    return None


def _event_date(pos: int, found: list[DateMention], paragraphs: list[Span]) -> dt.date | None:
    """The date of the event an "N个月内" belongs to: the last point date before it in its paragraph."""
    para = next((p for p in paragraphs if p.start <= pos < p.end), None)
    for mention in reversed(found):
        if para is not None and mention.span.start < para.start:
            break
        if mention.role == "point":
            return mention.date
    return None


def _relative(expression: str, reference: dt.date | None) -> tuple[dt.date, dt.date, bool] | None:
    """Words relative to the document's date, resolved by jionlp."""
    if reference is None:
        return None
    import jionlp

    base = dt.datetime(reference.year, reference.month, reference.day).timestamp()
    # jionlp cannot parse a bare "月底" nor "本月内"; both mean the end of this month
    asked = JIONLP_REWRITES.get(expression, expression)
    try:
        parsed = jionlp.parse_time(asked, time_base=base)
    except Exception:  # jionlp raises bare ValueError/TypeError on what it cannot read
        return None
    first, last = (dt.date.fromisoformat(value[:10]) for value in parsed["time"][:2])
    if asked.endswith("底"):
        first = last
    return first, last, False
