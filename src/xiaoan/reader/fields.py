"""Reading the values of a proposal a person confirmed: dates, required texts,
the accepted items; a bad value is a Chinese error naming where it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xiaoan.core.errors import XiaoanError


def _date(value: Any, where: str, *, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if value in (None, "") and not required:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise XiaoanError(f"{where}的日期“{value or ''}”无法识别，请按 YYYY-MM-DD 填写。") from None


def _text(value: Any, where: str, label: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise XiaoanError(f"{where}的{label}不能为空。")
    return text


def _accepted(records: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    return [(index, r) for index, r in enumerate(records) if r.get("accept")]
