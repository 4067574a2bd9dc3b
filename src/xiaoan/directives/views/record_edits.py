"""Edit pages of the records tasks come from and of campaigns: instructions,
meetings and documents with their numbered items, campaigns with their phases,
and activities. Each is `<detail URL>edit/` (items, phases and activities, which
have no page of their own: under their parent's page) and uses
`core.record_edit.edit_page`, so a correction needs a reason and a current version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from xiaoan.core.history import history_entries
from xiaoan.core.record_edit import edit_page
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor

from .. import services
from ..edit_forms import (
    ActivityEditForm,
    CampaignEditForm,
    DocumentEditForm,
    InstructionEditForm,
    MeetingEditForm,
    PhaseEditForm,
    RequirementEditForm,
    phase_initial,
)
from ..models import Activity, Campaign, Document, Instruction, Meeting, Phase, Requirement

#: the edit page of a record that has no page of its own shows its history below the form
SUB_RECORD_TEMPLATE = "directives/sub_record_edit.html"
REFUSED = "您的角色无权修改此记录。"


def may_change(user: Any, record: models.Model) -> bool:
    """Whether `user` may correct `record`: the permission that records such a
    record, and the record in the user's own area or below (not guidance from above)."""
    area = getattr(record, "area", None) or record.campaign.area  # type: ignore[attr-defined]
    scope = getattr(user, "area", None)
    return bool(
        user.can(type(record).change_permission)  # type: ignore[attr-defined]
        and scope is not None
        and area.is_within(scope)
    )


def require_change(request: HttpRequest, record: models.Model) -> None:
    if not may_change(request.user, record):
        raise PermissionDenied(REFUSED)


def saver(update: Callable[..., Any], record: models.Model, user: Any) -> Callable[..., Any]:
    """The update service bound to the record and the acting user, as `edit_page` calls it."""

    def save(changes: dict[str, Any], *, expected_version: int, reason: str) -> Any:
        return update(
            record, acting_user=user, expected_version=expected_version, reason=reason, **changes
        )

    return save


def sub_record_context(record: models.Model) -> dict[str, Any]:
    return {"history": history_entries(record)}


@login_required
def instruction_edit(request: HttpRequest, instruction_id: int) -> HttpResponseBase:
    instruction = get_visible_or_404(
        Instruction.objects.select_related("parent", "area"), request.user, pk=instruction_id
    )
    require_change(request, instruction)
    return edit_page(
        request,
        instruction,
        form_class=InstructionEditForm,
        save=saver(services.do_update_instruction, instruction, actor(request)),
        title=f"修改批示：{instruction}",
        back_url=reverse("instruction-detail", args=[instruction.pk]),
        note="跟批与所跟批示的关系不在此修改。",
    )


@login_required
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponseBase:
    meeting = get_visible_or_404(
        Meeting.objects.select_related("area"), request.user, pk=meeting_id
    )
    require_change(request, meeting)
    return edit_page(
        request,
        meeting,
        form_class=MeetingEditForm,
        save=saver(services.do_update_meeting, meeting, actor(request)),
        title=f"修改会议：{meeting}",
        back_url=reverse("meeting-detail", args=[meeting.pk]),
        note="会议要求请在会议页面上逐项修改。",
    )


@login_required
def document_edit(request: HttpRequest, document_id: int) -> HttpResponseBase:
    document = get_visible_or_404(
        Document.objects.select_related("area"), request.user, pk=document_id
    )
    require_change(request, document)
    return edit_page(
        request,
        document,
        form_class=DocumentEditForm,
        save=saver(services.do_update_document, document, actor(request)),
        title=f"修改文件：{document}",
        back_url=reverse("document-detail", args=[document.pk]),
        note="文件要求请在文件页面上逐项修改。",
    )


def requirement_page(
    request: HttpRequest, parent: Meeting | Document, requirement: Requirement, back_url: str
) -> HttpResponseBase:
    require_change(request, requirement)
    return edit_page(
        request,
        requirement,
        form_class=RequirementEditForm,
        save=saver(services.do_update_requirement, requirement, actor(request)),
        title=f"修改第{requirement.number}项：{parent}",
        back_url=back_url,
        template=SUB_RECORD_TEMPLATE,
        context=sub_record_context(requirement),
    )


@login_required
def meeting_item_edit(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponseBase:
    meeting = get_visible_or_404(Meeting.objects.all(), request.user, pk=meeting_id)
    item = get_visible_or_404(
        Requirement.objects.filter(meeting=meeting).select_related("meeting", "area"),
        request.user,
        pk=item_id,
    )
    return requirement_page(request, meeting, item, reverse("meeting-detail", args=[meeting.pk]))


@login_required
def document_item_edit(request: HttpRequest, document_id: int, item_id: int) -> HttpResponseBase:
    document = get_visible_or_404(Document.objects.all(), request.user, pk=document_id)
    item = get_visible_or_404(
        Requirement.objects.filter(document=document).select_related("document", "area"),
        request.user,
        pk=item_id,
    )
    return requirement_page(request, document, item, reverse("document-detail", args=[document.pk]))


@login_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponseBase:
    campaign = get_visible_or_404(
        Campaign.objects.select_related("area"), request.user, pk=campaign_id
    )
    require_change(request, campaign)
    return edit_page(
        request,
        campaign,
        form_class=CampaignEditForm,
        save=saver(services.do_update_campaign, campaign, actor(request)),
        title=f"修改专项行动：{campaign}",
        back_url=reverse("campaign-detail", args=[campaign.pk]),
        note="阶段请在专项行动页面上逐个修改；专项行动的日期须包含所有阶段。",
    )


@login_required
def phase_edit(request: HttpRequest, campaign_id: int, phase_id: int) -> HttpResponseBase:
    campaign = get_visible_or_404(Campaign.objects.all(), request.user, pk=campaign_id)
    phase = get_visible_or_404(
        Phase.objects.filter(campaign=campaign).select_related("campaign__area"),
        request.user,
        pk=phase_id,
    )
    require_change(request, phase)
    return edit_page(
        request,
        phase,
        form_class=PhaseEditForm,
        save=saver(services.do_update_phase, phase, actor(request)),
        title=f"修改阶段：{phase}",
        back_url=reverse("campaign-detail", args=[campaign.pk]),
        extra_initial=phase_initial(phase.actions),
        note=f"阶段须在专项行动期间（{campaign.start:%Y-%m-%d}—{campaign.end:%Y-%m-%d}）内，且不与其他阶段重叠。",
        template=SUB_RECORD_TEMPLATE,
        context=sub_record_context(phase),
    )


@login_required
def activity_edit(request: HttpRequest, campaign_id: int, activity_id: int) -> HttpResponseBase:
    campaign = get_visible_or_404(Campaign.objects.all(), request.user, pk=campaign_id)
    activity = get_visible_or_404(
        Activity.objects.filter(campaign=campaign).select_related("campaign", "phase", "area"),
        request.user,
        pk=activity_id,
    )
    require_change(request, activity)
    return edit_page(
        request,
        activity,
        form_class=ActivityEditForm,
        save=saver(services.do_update_activity, activity, actor(request)),
        title=f"修改活动：{activity}",
        back_url=reverse("campaign-detail", args=[campaign.pk]),
        template=SUB_RECORD_TEMPLATE,
        context=sub_record_context(activity),
    )
