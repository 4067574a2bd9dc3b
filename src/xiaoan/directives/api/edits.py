"""Corrections through the API (PATCH, with the `version` read and an optional
`reason` that goes into the history): instructions, meetings and documents with
their numbered items, campaigns with their phases, activities. A stale version
is a 409; a field left out is kept."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field

from xiaoan.core.inputs import PatchSchema
from xiaoan.core.record_edit import REASON_MAX
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .. import services
from ..models import Activity, Campaign, Document, Instruction, Meeting, Phase, Requirement
from .campaigns import ActivityOut, CampaignOut
from .common import router
from .records import DocumentOut, InstructionOut, MeetingOut, RequirementOut, with_items


class EditPatch(PatchSchema):
    version: int
    reason: str = Field("", max_length=REASON_MAX)

    def changes(self) -> dict[str, Any]:
        return self.dict(exclude_unset=True, exclude={"version", "reason"})


def update(service: Any, record: Any, request: HttpRequest, payload: EditPatch) -> Any:
    return service(
        record,
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
        **payload.changes(),
    )


# ----- instructions, meetings, documents and their items -----


class InstructionPatch(EditPatch):
    nullable = frozenset({"feedback_date"})

    date: dt.date | None = None
    leader_name: str | None = None
    leader_title: str | None = None
    kind: str | None = None
    source_title: str | None = None
    source_kind: str | None = None
    text: str | None = None
    addressees: str | None = None
    feedback: str | None = None
    feedback_date: dt.date | None = None


@router.patch(
    "/instructions/{int:instruction_id}",
    response=InstructionOut,
    tags=["instructions"],
    summary="修改批示（须带 version）",
)
def patch_instruction(request: HttpRequest, instruction_id: int, payload: InstructionPatch) -> Any:
    instruction = get_visible_or_404(Instruction.objects.all(), request.user, pk=instruction_id)
    return update(services.do_update_instruction, instruction, request, payload)


class MeetingPatch(EditPatch):
    date: dt.date | None = None
    level: str | None = None
    title: str | None = None
    host: str | None = None
    attendees: str | None = None
    summary: str | None = None


@router.patch(
    "/meetings/{int:meeting_id}",
    response=MeetingOut,
    tags=["meetings"],
    summary="修改会议（须带 version）",
)
def patch_meeting(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> Any:
    meeting = get_visible_or_404(Meeting.objects.all(), request.user, pk=meeting_id)
    update(services.do_update_meeting, meeting, request, payload)
    return get_visible_or_404(
        with_items(Meeting.objects.all(), "items"), request.user, pk=meeting_id
    )


class DocumentPatch(EditPatch):
    nullable = frozenset({"date"})

    title: str | None = None
    issuer: str | None = None
    number: str | None = None
    date: dt.date | None = None
    level: str | None = None
    summary: str | None = None
    follow_through: str | None = None


@router.patch(
    "/documents/{int:document_id}",
    response=DocumentOut,
    tags=["documents"],
    summary="修改文件（须带 version）",
)
def patch_document(request: HttpRequest, document_id: int, payload: DocumentPatch) -> Any:
    document = get_visible_or_404(Document.objects.all(), request.user, pk=document_id)
    update(services.do_update_document, document, request, payload)
    return get_visible_or_404(
        with_items(Document.objects.all(), "requirements"), request.user, pk=document_id
    )


class RequirementPatch(EditPatch):
    nullable = frozenset({"deadline"})

    text: str | None = None
    deadline: dt.date | None = None


class RequirementEditOut(RequirementOut):
    version: int


@router.patch(
    "/meetings/{int:meeting_id}/items/{int:item_id}",
    response=RequirementEditOut,
    tags=["meetings"],
    summary="修改会议要求的一项（须带 version）",
)
def patch_meeting_item(
    request: HttpRequest, meeting_id: int, item_id: int, payload: RequirementPatch
) -> Any:
    meeting = get_visible_or_404(Meeting.objects.all(), request.user, pk=meeting_id)
    item = get_visible_or_404(
        Requirement.objects.filter(meeting=meeting).select_related("meeting"),
        request.user,
        pk=item_id,
    )
    update(services.do_update_requirement, item, request, payload)
    return Requirement.objects.prefetch_related("tasks").get(pk=item.pk)


@router.patch(
    "/documents/{int:document_id}/requirements/{int:item_id}",
    response=RequirementEditOut,
    tags=["documents"],
    summary="修改文件要求的一项（须带 version）",
)
def patch_document_item(
    request: HttpRequest, document_id: int, item_id: int, payload: RequirementPatch
) -> Any:
    document = get_visible_or_404(Document.objects.all(), request.user, pk=document_id)
    item = get_visible_or_404(
        Requirement.objects.filter(document=document).select_related("document"),
        request.user,
        pk=item_id,
    )
    update(services.do_update_requirement, item, request, payload)
    return Requirement.objects.prefetch_related("tasks").get(pk=item.pk)


# ----- campaigns, phases, activities -----


class CampaignPatch(EditPatch):
    name: str | None = None
    plan_title: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    description: str | None = None


@router.patch(
    "/campaigns/{int:campaign_id}",
    response=CampaignOut,
    tags=["campaigns"],
    summary="修改专项行动（须带 version）",
)
def patch_campaign(request: HttpRequest, campaign_id: int, payload: CampaignPatch) -> Any:
    campaign = get_visible_or_404(Campaign.objects.all(), request.user, pk=campaign_id)
    update(services.do_update_campaign, campaign, request, payload)
    return get_visible_or_404(
        Campaign.objects.prefetch_related("phases"), request.user, pk=campaign_id
    )


class PhasePatch(EditPatch):
    name: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    actions: list[str] | None = Field(None, description="行动代码，如 inspect、rectify")


@router.patch(
    "/campaigns/{int:campaign_id}/phases/{int:phase_id}",
    response=CampaignOut,
    tags=["campaigns"],
    summary="修改专项行动的一个阶段（须带 version）",
)
def patch_phase(request: HttpRequest, campaign_id: int, phase_id: int, payload: PhasePatch) -> Any:
    campaign = get_visible_or_404(Campaign.objects.all(), request.user, pk=campaign_id)
    phase = get_visible_or_404(
        Phase.objects.filter(campaign=campaign).select_related("campaign"),
        request.user,
        pk=phase_id,
    )
    update(services.do_update_phase, phase, request, payload)
    return get_visible_or_404(
        Campaign.objects.prefetch_related("phases"), request.user, pk=campaign_id
    )


class ActivityPatch(EditPatch):
    nullable = frozenset({"participants", "reach"})

    kind: str | None = None
    date: dt.date | None = None
    title: str | None = None
    participants: int | None = None
    reach: int | None = None
    description: str | None = None


@router.patch(
    "/activities/{int:activity_id}",
    response=ActivityOut,
    tags=["activities"],
    summary="修改活动（须带 version；阶段按日期自动确定）",
)
def patch_activity(request: HttpRequest, activity_id: int, payload: ActivityPatch) -> Any:
    activity = get_visible_or_404(
        Activity.objects.select_related("campaign", "phase"), request.user, pk=activity_id
    )
    return update(services.do_update_activity, activity, request, payload)
