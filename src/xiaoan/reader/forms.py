"""The confirm form: the person's ticks and edits laid over a fresh reading of the text.

Field names are `<kind>-<index>-<field>` (`meetings-0-items-2-deadline` for a
meeting's item); a proposal is accepted only when its `accept` box is ticked.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

EDITABLE: dict[str, tuple[str, ...]] = {
    "instructions": ("date", "leader", "leader_title", "kind", "source", "text"),
    "meetings": ("date", "title", "level"),
    "documents": ("title", "issuer", "deadline", "level"),
    "inspections": ("leader", "leader_title", "method", "hazards_found"),
    "statistics": ("text",),
    "deadlines": ("date", "text"),
}


def apply_choices(reading: dict[str, Any], data: QueryDict) -> dict[str, Any]:
    for kind, fields in EDITABLE.items():
        for index, record in enumerate(reading.get(kind, [])):
            prefix = f"{kind}-{index}-"
            record["accept"] = data.get(prefix + "accept") == "on"
            for field in fields:
                if prefix + field in data:
                    value = data.get(prefix + field, "").strip()
                    record[field] = value if value != "" else None
            if kind == "inspections" and prefix + "dates" in data:
                record["dates"] = [
                    d.strip()
                    for d in data.get(prefix + "dates", "").replace("，", ",").split(",")
                    if d.strip()
                ]
            if kind == "instructions" and record.get("follows") is not None:
                record["follows"] = int(record["follows"])
            for n, item in enumerate(record.get("items", [])):
                item_prefix = f"{prefix}items-{n}-"
                item["accept"] = data.get(item_prefix + "accept") == "on"
                for field in ("text", "deadline"):
                    if item_prefix + field in data:
                        value = data.get(item_prefix + field, "").strip()
                        item[field] = value or None
    return reading
