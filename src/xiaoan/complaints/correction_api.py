"""PATCH /api/complaints/{id}/handling: correct an order's handling record
(dispatch note, deadline, reply text, classification), with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router
from pydantic import ConfigDict

from xiaoan.core.inputs import PatchSchema
from xiaoan.core.views import actor
from xiaoan.hazards.choices import HazardCategory

from .corrections import do_correct_handling
from .handling_api import HandlingOut, visible

router = Router(tags=["complaints"])


class CorrectionOut(HandlingOut):
    dispatch_note: str
    fire_related: bool | None
    hazard_category: str


class CorrectionPatch(PatchSchema):
    """Only the handling fields: a platform column or the handling state is refused."""

    model_config = ConfigDict(extra="forbid")
    nullable = frozenset({"hazard_category"})

    version: int
    #: why it is corrected (修改原因), kept in the history
    reason: str = ""
    dispatch_note: str | None = None
    handling_deadline: dt.date | None = None
    handling_reply: str | None = None
    fire_related: bool | None = None
    hazard_category: HazardCategory | None = None


@router.patch(
    "/complaints/{int:complaint_id}/handling",
    response=CorrectionOut,
    summary="更正工单办理信息（分派意见、办理期限、答复、分类；须带 version，可附 reason）",
)
def correct(request: HttpRequest, complaint_id: int, payload: CorrectionPatch) -> Any:
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    if "hazard_category" in changes:
        changes["hazard_category"] = changes["hazard_category"] or ""
    return do_correct_handling(
        visible(request, complaint_id),
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
        **changes,
    )
