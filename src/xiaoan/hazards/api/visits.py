"""PATCH /api/supervision-visits/{id}: correct a supervision visit's record."""

import datetime as dt
from typing import Any

from django.http import HttpRequest

from xiaoan.core.inputs import PatchSchema
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from ..models import SupervisionVisit
from ..services.visits import do_update_visit
from .common import router
from .inspections import VisitOut


class VisitPatch(PatchSchema):
    version: int
    #: why it is corrected (修改原因), kept in the history
    reason: str = ""
    date: dt.date | None = None
    leader_name: str | None = None
    leader_title: str | None = None
    title: str | None = None
    unannounced: bool | None = None
    notes: str | None = None


@router.patch(
    "/supervision-visits/{int:visit_id}",
    response=VisitOut,
    tags=["supervision-visits"],
    summary="修改督导检查（须带 version，可附修改原因 reason）",
)
def patch_visit(request: HttpRequest, visit_id: int, payload: VisitPatch) -> Any:
    visit = get_visible_or_404(
        SupervisionVisit.objects.select_related("area"), request.user, pk=visit_id
    )
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    return do_update_visit(
        visit,
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
        **changes,
    )
