"""Leaders written as name + title ("炳森书记", "刘占明副市长") or title + name
("县委书记王建国作出批示", "应急管理部副部长胡明朗将…").

A title list and a family-name list, rather than jieba's part-of-speech tags:
on the seed jieba (posseg) takes ~390 ms after an ~12 s start, misses the given
names alone ("炳森", "占明"), splits "胡明朗" and tags "盘锦" as a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import AFTER_NAME, ORG_ENDINGS, SURNAMES, TITLES
from .text import Span

_HAN = re.compile(r"[\u4e00-\u9fff]")
_TITLE = re.compile("|".join(sorted(TITLES, key=len, reverse=True)))
_NOT_NAME = set("的了在和与及并对是为请由按照等各全该本我市县区省有同志")


@dataclass(frozen=True)
class Leader:
    span: Span
    name: str
    title: str


def _han_run_before(text: str, pos: int, limit: int = 8) -> str:
    start = pos
    while start > 0 and pos - start < limit and _HAN.match(text[start - 1]):
        start -= 1
    return text[start:pos]


def _name_before(run: str) -> str | None:
    if len(run) < 2 or run[-1] in ORG_ENDINGS:
        return None
    if (
        len(run) >= 3
        and run[-3] in SURNAMES
        and run[-3] not in _NOT_NAME
        and run[-2] not in _NOT_NAME
    ):
        candidate = run[-3:]
    else:
        candidate = run[-2:]
    if any(ch in _NOT_NAME for ch in candidate) or candidate.endswith("副"):
        return None
    return candidate


def _name_after(text: str, pos: int) -> str | None:
    for length in (3, 2):
        candidate = text[pos : pos + length]
        if len(candidate) == length and all(_HAN.match(ch) for ch in candidate):
            rest = text[pos + length : pos + length + 2]
            if any(rest.startswith(word) for word in AFTER_NAME) and not any(
                ch in _NOT_NAME for ch in candidate
            ):
                return candidate
    return None


def find_leaders(text: str, start: int = 0, end: int | None = None) -> list[Leader]:
    """Leaders mentioned in text[start:end], in order. "同志" is an addressee, not a title."""
    end = len(text) if end is None else end
    found: list[Leader] = []
    for m in _TITLE.finditer(text, start, end):
        title = m.group(0)
        run = _han_run_before(text, m.start())
        name = _name_before(run)
        if name is not None:
            found.append(Leader(Span(m.start() - len(name), m.end()), name, title))
            continue
        after = _name_after(text, m.end())
        if after is not None:
            prefix = run if run and run[-1] in ORG_ENDINGS else ""
            # the party committee is part of the title (县委书记, 镇党委书记), not the place
            prefix = (prefix if len(prefix) <= 4 else prefix[-2:]) if prefix.endswith("委") else ""
            found.append(
                Leader(Span(m.start() - len(prefix), m.end() + len(after)), after, prefix + title)
            )
    return found
