"""Counts that are statistics: with an as-of date, a total, or a comparison (同比/环比)."""

from __future__ import annotations

import re

from .context import Context
from .records import Statistic
from .rules import FALL_WORDS, MOM_CUES, RISE_WORDS, STATISTIC_CUES, UNITS, YOY_CUES
from .text import Span, clauses, enclosing, sentences, to_number

_COUNT = re.compile(
    r"(?<![\d.])(?P<number>\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]{2,})(?P<unit>"
    + "|".join(sorted(UNITS, key=len, reverse=True))
    + ")(?!百分点)"  # "提高11.2个百分点" is a change, not a count
)
_CHANGE = re.compile(
    r"(?P<basis>" + "|".join(YOY_CUES + MOM_CUES) + r")?[^，。；\d]{0,4}?"
    r"(?P<dir>" + "|".join(RISE_WORDS + FALL_WORDS) + r")了?(?P<pct>\d+(?:\.\d+)?)%"
)
_NOT_TOTAL = ("共同", "公共", "共享", "共建", "共用", "共治", "共商", "共担")
_LEAD_IN = re.compile(r"^(?:尤其是|其中|另外|此外|同时|目前|截止|截至)")


def _is_statistic(before: str, after: str) -> bool:
    for cue in STATISTIC_CUES:
        index = before.find(cue)
        while index >= 0:
            if cue != "共" or not any(before.startswith(w, index) for w in _NOT_TOTAL):
                return True
            index = before.find(cue, index + 1)
    return bool(_CHANGE.match(after.lstrip("，, ")))


def extract_statistics(ctx: Context) -> list[Statistic]:
    found: list[Statistic] = []
    text = ctx.text
    for sentence in sentences(text):
        sentence_clauses = clauses(text, sentence.start, sentence.end)
        for m in _COUNT.finditer(text, sentence.start, sentence.end):
            if ctx.is_consumed(m.start()) or any(t.start <= m.start() < t.end for t in ctx.titles):
                continue
            clause = enclosing(sentence_clauses, m.start()) or sentence
            after = text[m.end() : sentence.end]
            next_count = _COUNT.search(after)
            after = after[: next_count.start()] if next_count else after
            paragraph = ctx.line_of(m.start())
            full_stop = max(text.rfind(stop, paragraph.start, m.start()) for stop in "。！？")
            scope = max(
                paragraph.start, full_stop + 1
            )  # 截至… governs up to the full stop, across ；
            as_of_before = [d for d in ctx.dates_in(scope, m.start()) if d.role == "as_of"]
            breakdown = any(
                s.unit == m.group("unit") and paragraph.start <= s.span.start < m.start()
                for s in found
            )
            if not (
                _is_statistic(text[clause.start : m.start()], after) or as_of_before or breakdown
            ):
                continue
            change = _CHANGE.search(after)
            if change and sum(after[: change.start()].count(c) for c in "，,") > 1:
                change = None  # belongs to something said in between (a rate, a share)
            pct = basis = None
            end = m.end()
            if change:
                pct = to_number(change.group("pct"))
                if pct is not None and change.group("dir") in FALL_WORDS:
                    pct = -pct
                basis_word = change.group("basis") or ""
                context = text[clause.start : m.end() + change.end()]
                if basis_word in YOY_CUES or any(c in context for c in YOY_CUES):
                    basis = "yoy"
                elif basis_word in MOM_CUES or any(c in context for c in MOM_CUES):
                    basis = "mom"
                end = m.end() + change.end()
            dates = ctx.dates_in(sentence.start, m.start())
            as_of = as_of_before or [d for d in dates if d.role == "point"]
            label = text[clause.start : m.start()].strip()
            label = _LEAD_IN.sub("", label).strip("，, ")
            for d in ctx.dates_in(clause.start, m.start()):
                label = label.replace(d.raw, "").strip("，, ")
            count = to_number(m.group("number"))
            if count is None or not label:
                continue
            found.append(
                Statistic(
                    Span(clause.start, end),
                    label,
                    count,
                    m.group("unit"),
                    as_of[-1].date if as_of else None,
                    pct,
                    basis,
                )
            )
    return found
