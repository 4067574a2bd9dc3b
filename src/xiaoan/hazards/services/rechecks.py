"""Re-checks (回头看): a reproducible random sample of closed hazards is visited
again; a failed re-check reopens the hazard."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission, full_clean
from xiaoan.core import clock
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.core.scoping import subtree_filter
from xiaoan.core.versioning import set_history_user

from ..choices import HazardState, InspectionKind, InspectionResult
from ..models import Hazard, Inspection, Recheck, Signature
from .inspections import complete_if_signed
from .lifecycle import do_reopen


def draw_sample(area: Area, start: dt.date, end: dt.date, share: float, seed: str) -> list[Hazard]:
    """The closed hazards of an area closed in [start, end], sampled: the same
    seed always draws the same hazards (at least one when any exist)."""
    if not 0 < share <= 1:
        raise XiaoanError("抽样比例应在 0 到 1 之间（如 0.1 表示 10%）。")
    candidates = list(
        Hazard.objects.filter(
            subtree_filter("area__path", area.path),
            state=HazardState.CLOSED,
            closed_on__gte=start,
            closed_on__lte=end,
        ).order_by("pk")
    )
    if not candidates:
        return []
    size = max(1, round(len(candidates) * share))
    return sorted(random.Random(seed).sample(candidates, size), key=lambda h: h.pk)


@transaction.atomic
def do_start_recheck(
    *,
    acting_user: User,
    area: Area,
    start: dt.date,
    end: dt.date,
    share: float,
    seed: str | None = None,
) -> list[Recheck]:
    """Draw the sample and create one re-check inspection per place, listing its sampled hazards."""
    check_permission(acting_user, Permission.VERIFY_HAZARDS, area)
    seed = seed or f"{area.code}-{start}-{end}-{clock.now():%Y%m%d%H%M%S}"
    sample = draw_sample(area, start, end, share, seed)
    by_place: dict[int, list[Hazard]] = defaultdict(list)
    for hazard in sample:
        by_place[hazard.place_id].append(hazard)
    rechecks = []
    for hazards in by_place.values():
        place = hazards[0].place
        inspection = Inspection(
            place=place,
            kind=InspectionKind.RECHECK,
            result=InspectionResult.PENDING,
            organisation=acting_user.organisation,
            area=place.area,
            created_by=acting_user,
            notes=f"回头看抽样（种子 {seed}）",
        )
        full_clean(inspection)
        set_history_user(inspection, acting_user)
        inspection.save()
        Signature.objects.create(inspection=inspection, inspector=acting_user)
        rechecks += [
            Recheck.objects.create(hazard=h, inspection=inspection, sample_seed=seed)
            for h in hazards
        ]
    return rechecks


@transaction.atomic
def do_record_recheck(
    recheck: Recheck, *, acting_user: User, passed: bool, note: str = ""
) -> Recheck:
    """Record one re-checked hazard's outcome; a failure reopens the hazard. When
    every hazard of the re-check inspection is decided, its result is set."""
    recheck = (
        Recheck.objects.select_for_update()
        .select_related("hazard", "inspection")
        .get(pk=recheck.pk)
    )
    if not acting_user.can(Permission.VERIFY_HAZARDS):
        raise PermissionDeniedError("您的角色无权复查。")
    check_permission(acting_user, Permission.VIEW, recheck.hazard.area)
    if recheck.passed is not None:
        raise InvalidTransitionError("此隐患已复查过。")
    recheck.passed = passed
    recheck.note = note
    recheck.decided_at = clock.now()
    recheck.save()
    if not passed:
        do_reopen(recheck.hazard, acting_user=acting_user, reason=note or "回头看复查未通过")
    inspection = recheck.inspection
    outcomes = list(inspection.rechecked.values_list("passed", flat=True))
    if all(o is not None for o in outcomes):
        inspection.result = (
            InspectionResult.NO_HAZARD if all(outcomes) else InspectionResult.HAZARDS_FOUND
        )
        inspection.at = clock.now()  # the visit happened when its outcomes were recorded
        Signature.objects.filter(
            inspection=inspection, inspector=acting_user, signed_at__isnull=True
        ).update(signed_at=clock.now())
        complete_if_signed(inspection)
        set_history_user(inspection, acting_user, reason="回头看复查完成")
        inspection.save()
    return recheck
