"""Supervision visits and inspections: who led them, when, how, what was found and done."""

from __future__ import annotations

import re

from .context import Context
from .records import Inspection
from .rules import ENFORCEMENT, INSPECTION_METHODS, INSPECTION_VERBS, LEAD_VERBS
from .text import Span, cn_to_int, sentences

_FOUND = re.compile(
    r"发现(?:各类|火灾)?(?:隐患|问题|违法行为|火灾隐患)[^，。；\d一二三四五六七八九十]{0,12}?"
    r"(?P<n>\d+|[一二两三四五六七八九十百千]+)(?:处|项|条|个|起)"
)
_FOUND_ALT = re.compile(r"(?:隐患|问题)(?P<n>\d+)(?:处|项|条|个)")
_METHOD = re.compile("|".join(INSPECTION_METHODS))
_ENFORCEMENT = re.compile("|".join(ENFORCEMENT))
_VERB = re.compile("|".join(INSPECTION_VERBS))
_FUTURE = re.compile(r"将(?:于|在|要)?")


def _leader_led(ctx: Context, sentence: Span) -> tuple[str, str] | None:
    for leader in ctx.leaders:
        if sentence.start <= leader.span.start < sentence.end:
            after = ctx.text[leader.span.end : leader.span.end + 2]
            if any(after.startswith(verb) for verb in LEAD_VERBS):
                return leader.name, leader.title
    return None


def _is_trigger(ctx: Context, sentence: Span) -> bool:
    content = ctx.text[sentence.start : sentence.end]
    if not _VERB.search(content):
        return False
    if _leader_led(ctx, sentence):
        return True
    dates = ctx.dates_in(sentence.start, sentence.end)
    if any(d.role == "as_of" for d in dates) or not any(d.role == "point" for d in dates):
        return False  # a running total (截至…), not a visit
    future = _FUTURE.search(content)
    if future and (_VERB.search(content, future.end()) is not None):
        return False
    return bool(_FOUND.search(content) or _METHOD.search(content))


def extract_inspections(ctx: Context) -> list[Inspection]:
    found: list[Inspection] = []
    for line in ctx.lines:
        if ctx.is_consumed(line.start):
            continue
        current: list[Span] = []
        groups: list[list[Span]] = []
        for sentence in sentences(ctx.text, line.start, line.end, ctx.quotes):
            if ctx.is_consumed(sentence.start):
                continue
            if _is_trigger(ctx, sentence):
                current = [sentence]
                groups.append(current)
            elif current and not ctx.dates_in(sentence.start, sentence.end, "point"):
                current.append(sentence)
        for group in groups:
            found.append(_inspection(ctx, Span(group[0].start, group[-1].end)))
            ctx.consume(Span(group[0].start, group[-1].end))
    return found


def _inspection(ctx: Context, span: Span) -> Inspection:
    content = ctx.text[span.start : span.end]
    leader = _leader_led(ctx, span)
    method = _METHOD.search(content)
    hazards = _FOUND.search(content) or _FOUND_ALT.search(content)
    dates = sorted({d.date for d in ctx.dates_in(span.start, span.end, "point")})
    return Inspection(
        span,
        dates or ([ctx.reference] if ctx.reference else []),
        leader[0] if leader else None,
        leader[1] if leader else None,
        method.group(0) if method else None,
        cn_to_int(hazards.group("n")) if hazards else None,
        list(dict.fromkeys(m.group(0) for m in _ENFORCEMENT.finditer(content))),
    )
