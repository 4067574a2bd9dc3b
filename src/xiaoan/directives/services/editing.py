"""What every correction of a supervision-desk record shares: only the editable
fields, the acting user's role and area checked, then `core.versioning.apply_edit`
(version check, history entry with who and why)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from django.db import models

from xiaoan.areas.models import Area, User
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import apply_edit, field_label

M = TypeVar("M", bound=models.Model)


def refuse(model: type[models.Model], name: str, message: str) -> XiaoanError:
    """A refusal naming the field by its Chinese label, shown on that field of a form."""
    return XiaoanError(f"{field_label(model, name)}：{message}", details={name: [message]})


def edit_record(
    record: M,
    changes: Mapping[str, Any],
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str,
    editable: Collection[str],
    permission: str,
    area: Area,
) -> M:
    """Apply `changes` to `record` if the actor may change records of `area`."""
    unknown = sorted(set(changes) - set(editable))
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(unknown)}")
    check_permission(acting_user, permission, area)
    reason = reason.strip()
    limit = reason_limit(record)
    if limit is not None and len(reason) > limit:
        message = f"修改原因不能超过 {limit} 字。"
        raise XiaoanError(message, details={"reason": [message]})
    return apply_edit(
        record, changes, acting_user=acting_user, expected_version=expected_version, reason=reason
    )


def reason_limit(record: models.Model) -> int | None:
    """How long a reason the record's history can keep (None: no limit)."""
    history = getattr(type(record), "history", None)
    if history is None:
        return None
    try:
        return history.model._meta.get_field("history_change_reason").max_length
    except Exception:
        return None


def merged(record: models.Model, changes: Mapping[str, Any], name: str) -> Any:
    """The value `name` will have once `changes` are applied."""
    return changes[name] if name in changes else getattr(record, name)
