"""API of a task's adjustments: /api/tasks/{id}/extend (延期), /reassign (改派),
and corrections of its quantitative targets."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from xiaoan.areas.models import Organisation
from xiaoan.core.inputs import InputSchema, PatchSchema
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .. import services
from ..models import Target
from .common import router, visible
from .tasks import TaskDetailOut, task_detail, task_queryset

REASON = Field(..., max_length=200, description="原因（必填），记入办理过程并通知有关单位")


class ExtendIn(InputSchema):
    new_deadline: dt.date
    reason: str = REASON
    version: int | None = Field(None, description="任务版本；给出时，版本已变则 409")


class ReassignIn(InputSchema):
    lead_organisation_id: int
    reason: str = REASON
    version: int | None = Field(None, description="任务版本；给出时，版本已变则 409")


@router.post(
    "/tasks/{int:task_id}/extend",
    response=TaskDetailOut,
    tags=["tasks"],
    summary="延期（交办单位，须说明原因；通知牵头单位）",
)
def extend_task(request: HttpRequest, task_id: int, payload: ExtendIn) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    services.do_extend_task(
        task,
        acting_user=actor(request),
        new_deadline=payload.new_deadline,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return task_detail(request, get_visible_or_404(task_queryset(), request.user, pk=task_id))


@router.post(
    "/tasks/{int:task_id}/reassign",
    response=TaskDetailOut,
    tags=["tasks"],
    summary="改派牵头单位（交办单位，须说明原因；通知原、新牵头单位）",
)
def reassign_task(request: HttpRequest, task_id: int, payload: ReassignIn) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    services.do_reassign_task(
        task,
        acting_user=actor(request),
        new_lead=visible(Organisation, request, payload.lead_organisation_id),
        reason=payload.reason,
        expected_version=payload.version,
    )
    return task_detail(request, get_visible_or_404(task_queryset(), request.user, pk=task_id))


class TargetEditOut(Schema):
    id: int
    subject: str
    quantity: Decimal
    unit: str
    counts: str
    year: int | None
    version: int


class TargetPatch(PatchSchema):
    nullable = frozenset({"year"})

    version: int
    reason: str = Field("", max_length=200, description="修改原因，记入变更记录")
    subject: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    counts: str | None = None
    year: int | None = None


@router.patch(
    "/tasks/{int:task_id}/targets/{int:target_id}",
    response=TargetEditOut,
    tags=["tasks"],
    summary="修改量化目标（须带 version）",
)
def patch_target(request: HttpRequest, task_id: int, target_id: int, payload: TargetPatch) -> Any:
    task = get_visible_or_404(task_queryset(), request.user, pk=task_id)
    target = get_visible_or_404(Target.objects.all(), request.user, pk=target_id, task=task)
    target.task = task
    changes = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    return services.do_update_target(
        target,
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
        **changes,
    )
