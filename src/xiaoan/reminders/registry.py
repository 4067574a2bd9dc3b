"""Reminder sources: each app says which of its records cross a threshold today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str
    threshold: str
    recipients: tuple[Any, ...]
    title: str
    body: str = ""
    link: str = ""


Source = Callable[[dt.date], Iterable[Reminder]]
_sources: dict[str, Source] = {}


def register_source(name: str) -> Callable[[Source], Source]:
    def decorator(fn: Source) -> Source:
        _sources[name] = fn
        return fn

    return decorator


def sources() -> dict[str, Source]:
    return dict(_sources)
