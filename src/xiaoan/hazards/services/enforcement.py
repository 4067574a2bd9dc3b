"""Enforcement actions on places and their hazards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from xiaoan.areas.models import User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission, full_clean
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import apply_edit, set_history_user
from xiaoan.places.models import Place

from ..choices import EnforcementKind
from ..models import EnforcementAction, Hazard, SupervisionVisit


@transaction.atomic
def do_take_enforcement(
    *,
    acting_user: User | None,
    place: Place,
    kind: str,
    decided_on: dt.date,
    organisation: Any,
    hazards: Sequence[Hazard] = (),
    lifted_on: dt.date | None = None,
    amount: Decimal | None = None,
    document_number: str = "",
    visit: SupervisionVisit | None = None,
    note: str = "",
) -> EnforcementAction:
    check_permission(acting_user, Permission.ENFORCE, place.area)
    if kind == EnforcementKind.FINE and not amount:
        raise XiaoanError("罚款须填写金额。")
    if lifted_on is not None and lifted_on < decided_on:
        raise XiaoanError("解除日期不能早于决定日期。")
    foreign = [h for h in hazards if h.place_id != place.pk]
    if foreign:
        raise XiaoanError("所选隐患不属于该场所。")
    action = EnforcementAction(
        place=place,
        kind=kind,
        decided_on=decided_on,
        lifted_on=lifted_on,
        amount=amount,
        document_number=document_number,
        organisation=organisation,
        visit=visit,
        note=note,
        area=place.area,
    )
    full_clean(action)
    set_history_user(action, acting_user)
    action.save()
    if hazards:
        action.hazards.set(hazards)
    return action


@transaction.atomic
def do_lift_enforcement(
    action: EnforcementAction,
    *,
    acting_user: User | None,
    expected_version: int,
    lifted_on: dt.date,
) -> EnforcementAction:
    """Lift a temporary sealing (or another measure in force) on a date."""
    check_permission(acting_user, Permission.ENFORCE, action.area)
    if lifted_on < action.decided_on:
        raise XiaoanError("解除日期不能早于决定日期。")
    return apply_edit(
        action,
        {"lifted_on": lifted_on},
        acting_user=acting_user,
        expected_version=expected_version,
        reason="解除",
    )
