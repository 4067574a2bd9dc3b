"""Pages where the office records instructions, meetings, documents and campaigns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xiaoan.areas.roles import Permission
from xiaoan.core.errors import XiaoanError
from xiaoan.core.views import actor

from .. import services
from ..record_forms import CampaignForm, DocumentForm, InstructionForm, MeetingForm
from .common import can


def record_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    heading: str,
    create: Callable[[dict[str, Any]], Any],
    detail: str,
    param: str,
) -> HttpResponse:
    """The shared shape of a recording page: refuse without the permission,
    validate, call the service, show its Chinese error or go to the new record."""
    if not can(request, Permission.ASSIGN_TASKS):
        messages.error(request, "您的角色无权登记此类记录。")
        return redirect("home")
    if request.method == "POST" and form.is_valid():
        try:
            record = create(form.cleaned_data)
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记：{record}")
            return redirect(detail, **{param: record.pk})
    return render(request, "areas/simple_form.html", {"form": form, "heading": heading})


@login_required
def instruction_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)

    def create(data: dict[str, Any]) -> Any:
        return services.do_record_instruction(acting_user=user, area=user.area, **data)

    return record_page(
        request,
        form=InstructionForm(request.POST or None, user=user, initial=request.GET.dict()),
        heading="登记领导批示",
        create=create,
        detail="instruction-detail",
        param="instruction_id",
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)

    def create(data: dict[str, Any]) -> Any:
        return services.do_record_meeting(acting_user=user, area=user.area, **data)

    return record_page(
        request,
        form=MeetingForm(request.POST or None),
        heading="登记会议",
        create=create,
        detail="meeting-detail",
        param="meeting_id",
    )


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)

    def create(data: dict[str, Any]) -> Any:
        return services.do_record_document(acting_user=user, area=user.area, **data)

    return record_page(
        request,
        form=DocumentForm(request.POST or None),
        heading="登记上级文件",
        create=create,
        detail="document-detail",
        param="document_id",
    )


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)

    def create(data: dict[str, Any]) -> Any:
        return services.do_create_campaign(acting_user=user, area=user.area, **data)

    return record_page(
        request,
        form=CampaignForm(request.POST or None),
        heading="新建专项行动",
        create=create,
        detail="campaign-detail",
        param="campaign_id",
    )
