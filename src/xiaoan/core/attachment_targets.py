"""Which record an upload attaches to, and whether the uploader may attach to it.

An upload needs a target: a domain record the uploader can see (otherwise 404,
as for any neighbour's record) and may change (otherwise 403). The target is
named by its model label ("hazards.hazard") and id.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.models import Attachment, DomainModel
from xiaoan.core.scoping import get_visible_or_404


def attachable_model(label: str) -> type[DomainModel]:
    """The domain model named `label` (app_label.model), or a Chinese error."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    if (
        model is None
        or not issubclass(model, DomainModel)
        or model is Attachment
        or not hasattr(model, "change_permission")
    ):
        raise XiaoanError(
            f"附件的关联记录类型“{label}”无效，应为如 hazards.hazard 的记录类型。",
            details=[{"field": "target_type", "reason": "无效的记录类型"}],
        )
    return model


def target_for_upload(user: Any, label: str, target_id: int) -> models.Model:
    """The record `user` attaches a file to, checked for area and role."""
    model = attachable_model(label)
    record = get_visible_or_404(model.objects.all(), user, pk=target_id)  # type: ignore[attr-defined]
    if not user.can(model.change_permission):
        raise PermissionDeniedError("您的角色无权修改这条记录，不能为其上传附件。")
    return record


def area_of(record: models.Model, user: Any) -> Any:
    """The area an attachment belongs to: its record's (so the record's viewers
    see it), else the uploader's."""
    return getattr(record, "area", None) or user.area
