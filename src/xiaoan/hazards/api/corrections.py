"""/api/hazards/{id}: corrections (PATCH), extensions (延期) and reassignments (改派)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status

from xiaoan.areas.models import Organisation
from xiaoan.core.inputs import InputSchema, PatchSchema
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .. import services
from ..models import Hazard, HazardExtension
from .common import router
from .hazards import HazardDetailOut, hazard_detail


class HazardPatch(PatchSchema):
    """Leave a field out to keep it. The deadline and the responsible unit change
    through /extensions and /reassignments."""

    version: int
    reason: str = ""
    category: str | None = None
    severity: str | None = None
    major_element: str | None = None
    description: str | None = None
    responsible_party: str | None = None
    #: refused with a pointer to /extensions and /reassignments, not ignored
    deadline: dt.date | None = None
    responsible_organisation_id: int | None = None


@router.patch(
    "/hazards/{int:hazard_id}",
    response=HazardDetailOut,
    tags=["hazards"],
    summary="修改隐患（须带 version，可附 reason 修改原因）",
)
def patch_hazard(request: HttpRequest, hazard_id: int, payload: HazardPatch) -> Any:
    hazard = get_visible_or_404(Hazard.objects.all(), request.user, pk=hazard_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    if "responsible_organisation_id" in changes:
        changes["responsible_organisation"] = changes.pop("responsible_organisation_id")
    services.do_update_hazard(
        hazard,
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
        **changes,
    )
    return hazard_detail(request, hazard_id)


class ExtensionIn(InputSchema):
    new_deadline: dt.date
    reason: str
    version: int | None = None


class ExtensionOut(Schema):
    id: int
    hazard_id: int
    old_deadline: dt.date | None
    new_deadline: dt.date
    reason: str
    extended_by: str
    at: dt.datetime

    @staticmethod
    def resolve_extended_by(obj: HazardExtension) -> str:
        return str(obj.extended_by) if obj.extended_by else "系统"


@router.post(
    "/hazards/{int:hazard_id}/extensions",
    response={201: ExtensionOut},
    tags=["hazards"],
    summary="延期：新的整改期限与原因（必填）",
)
def extend_hazard(request: HttpRequest, hazard_id: int, payload: ExtensionIn) -> Any:
    hazard = get_visible_or_404(Hazard.objects.all(), request.user, pk=hazard_id)
    extension = services.do_extend_deadline(
        hazard,
        acting_user=actor(request),
        new_deadline=payload.new_deadline,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return Status(201, HazardExtension.objects.select_related("extended_by").get(pk=extension.pk))


@router.get(
    "/hazards/{int:hazard_id}/extensions",
    response=list[ExtensionOut],
    tags=["hazards"],
    summary="一处隐患的延期记录",
)
def hazard_extensions(request: HttpRequest, hazard_id: int) -> Any:
    hazard = get_visible_or_404(Hazard.objects.all(), request.user, pk=hazard_id)
    return hazard.extensions.select_related("extended_by").order_by("at", "id")


class ReassignmentIn(InputSchema):
    organisation_id: int
    reason: str
    version: int | None = None


@router.post(
    "/hazards/{int:hazard_id}/reassignments",
    response=HazardDetailOut,
    tags=["hazards"],
    summary="改派：新的责任单位与原因（必填）",
)
def reassign_hazard(request: HttpRequest, hazard_id: int, payload: ReassignmentIn) -> Any:
    hazard = get_visible_or_404(Hazard.objects.all(), request.user, pk=hazard_id)
    organisation = get_visible_or_404(
        Organisation.objects.all(), request.user, pk=payload.organisation_id
    )
    services.do_reassign_hazard(
        hazard,
        acting_user=actor(request),
        organisation=organisation,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return hazard_detail(request, hazard_id)
