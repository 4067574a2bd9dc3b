"""A record's change history, as shown on its page: who, when, what changed.

The history is read by people, so it shows their words: foreign keys and
choices by name, personal information masked, long texts as a short excerpt
with their length. Technical columns (copies of area paths, lookup keys and
hashes, client ids, stored file names, raw imported rows) are never shown; a
model may hide more with `history_hidden` and word a field its own way with
`history_formatters`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from xiaoan.core import pii

HISTORY_TYPES = {"+": "创建", "~": "修改", "-": "删除"}
#: bookkeeping and technical columns, hidden on every model
HIDDEN_FIELDS = {
    "id",
    "version",
    "updated_at",
    "created_at",
    "password",
    "last_login",
    "path",
    "heartbeat_at",
    "attempts",
    "area_path",
    "key",
    "client_key",
    "sha256",
    "content_hash",
    "raw",
    "file",
    "target_type",
    "target_id",
    "span_start",
    "span_end",
}
#: a field named like this holds something for machines (a hash, a key, a path, a uuid)
TECHNICAL_SUFFIXES = ("_hash", "_key", "_path", "_uuid", "_token")
#: a text longer than this shows as its first EXCERPT characters and its length
LONG_TEXT = 120
EXCERPT = 40


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: Any
    user: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def display_value(model_field: models.Field, value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def excerpt(text: str) -> str:
    """A long text as its opening words and its length: "要组织立即整改…（共320字）"."""
    if len(text) <= LONG_TEXT:
        return text
    return f"{text[:EXCERPT].rstrip()}…（共{len(text)}字）"


def shown_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a person reads in the model's history."""
    hidden = HIDDEN_FIELDS | set(getattr(model, "history_hidden", ()))
    formatters = getattr(model, "history_formatters", {})
    # personal information is shown masked, its lookup hashes not at all
    indexes = {getattr(f, "index_field", "") for f in model._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in hidden
        and f.name not in indexes
        and not f.name.endswith(TECHNICAL_SUFFIXES)
        # raw JSON is for machines unless the model says how to word it
        and not (isinstance(f, models.JSONField) and f.name not in formatters)
    ]


def related_names(fields: list[models.Field], records: list[Any]) -> dict[str, dict[Any, str]]:
    """For each foreign key among `fields`, the display names of the ids the
    records mention: one query per foreign key."""
    names: dict[str, dict[Any, str]] = {}
    for f in fields:
        related_model = f.related_model
        if not f.is_relation or not isinstance(related_model, type):
            continue
        ids = {getattr(r, f.attname, None) for r in records} - {None}
        if ids:
            related = related_model._default_manager.filter(pk__in=ids)
            names[f.attname] = {obj.pk: str(obj) for obj in related}
    return names


def history_entries(instance: models.Model, limit: int = 50) -> list[HistoryEntry]:
    """Newest first; each entry lists the fields that changed from the entry before it,
    with foreign keys shown by name and a model's `history_formatters` applied."""
    manager = getattr(instance, "history", None)
    if manager is None:
        return []
    records = list(
        manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(instance)
    fields = shown_fields(model)
    names = related_names(fields, records)
    formatters = getattr(model, "history_formatters", {})

    def show(f: models.Field, value: Any) -> str:
        if f.attname in names and value is not None:
            return names[f.attname].get(value, f"#{value}")
        if getattr(f, "encrypted", False):
            return pii.masked(value, f.kind) or "—"  # type: ignore[attr-defined]
        if f.name in formatters and value not in (None, ""):
            return excerpt(str(formatters[f.name](value)))
        return excerpt(display_value(f, value))

    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        for f in fields:
            new = getattr(record, f.attname, None)
            if previous is None:
                if record.history_type == "+" and new not in (None, ""):
                    changes.append(Change(str(f.verbose_name), "", show(f, new)))
                continue
            old = getattr(previous, f.attname, None)
            if old != new:
                changes.append(Change(str(f.verbose_name), show(f, old), show(f, new)))
        user = record.history_user
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=str(user) if user else "系统",
                action=HISTORY_TYPES.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
