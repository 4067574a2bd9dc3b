"""Optimistic concurrency for edits, and the history entry each edit leaves.

An editor loads a record with its `version` and sends it back with the
change. `apply_edit` locks the row, compares versions and saves in one
transaction, so of two concurrent editors holding the same version only the
first wins; the second gets a StaleEditError telling them to reload. The save
goes through django-simple-history, which records who changed what.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from xiaoan.core import clock
from xiaoan.core.errors import StaleEditError, XiaoanError

M = TypeVar("M", bound=models.Model)

STALE_MESSAGE = (
    "保存失败：该记录已被他人修改（当前版本 {current}，您编辑的是版本 {given}）。"
    "请重新打开编辑页面，在最新内容上修改。"
)


def set_history_user(instance: models.Model, acting_user: Any, reason: str = "") -> None:
    """Tell django-simple-history who makes the next save of `instance`, and why."""
    instance._history_user = acting_user if getattr(acting_user, "pk", None) else None  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]


def apply_edit(
    instance: M,
    changes: Mapping[str, Any],
    *,
    acting_user: Any,
    expected_version: int,
    reason: str = "",
) -> M:
    """Apply `changes` if nobody edited the record since `expected_version`.

    Returns the saved record (a fresh instance); raises StaleEditError when the
    version moved, XiaoanError when a value is invalid.
    """
    model = type(instance)
    field_names = {f.name for f in model._meta.fields if f.editable}
    unknown = sorted(set(changes) - field_names)
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(unknown)}")
    # a blank-able column is skipped by full_clean, so None would reach the NOT NULL constraint
    not_null = sorted(
        name
        for name, value in changes.items()
        if value is None and not getattr(model._meta.get_field(name), "null", True)
    )
    if not_null:
        labels = "、".join(field_label(model, name) for name in not_null)
        raise XiaoanError(
            f"{labels}不能为空。", details={name: ["不能为空。"] for name in not_null}
        )
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if current.version != expected_version:  # type: ignore[attr-defined]
            raise StaleEditError(
                STALE_MESSAGE.format(current=current.version, given=expected_version)  # type: ignore[attr-defined]
            )
        for name, value in changes.items():
            setattr(current, name, value)
        try:
            current.full_clean(validate_unique=True)
        except ValidationError as exc:
            raise XiaoanError(validation_message(exc, model), details=exc.message_dict) from exc
        current.version += 1  # type: ignore[attr-defined]
        current.updated_at = clock.now()  # type: ignore[attr-defined]
        set_history_user(current, acting_user, reason)
        current.save()
    return current


def validation_message(exc: ValidationError, model: type[models.Model] | None = None) -> str:
    """A one-line Chinese summary of a Django ValidationError, naming the fields
    by their Chinese labels."""
    if hasattr(exc, "error_dict"):
        parts = []
        for field, errors in exc.message_dict.items():
            label = "" if field == "__all__" else f"{field_label(model, field)}："
            parts.append(label + "；".join(errors))
        return "；".join(parts)
    return "；".join(exc.messages)


def field_label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except Exception:
        return name
