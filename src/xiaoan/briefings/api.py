"""API of the briefings: /api/briefings — list, one with its draft, start a build,
edit a section, export a version, the versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Area
from xiaoan.core.inputs import InputSchema, SourceText
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor
from xiaoan.directives.models import Phase

from . import services
from .choices import BriefingKind
from .models import Briefing, BriefingVersion

router = Router(tags=["briefings"])


class BriefingOut(Schema):
    id: int
    kind: str
    subject: str
    month: str
    title: str
    area_id: int
    area_name: str
    start: dt.date
    end: dt.date
    issued_on: dt.date
    status: str
    percent: int
    message: str
    version: int

    @staticmethod
    def resolve_area_name(obj: Briefing) -> str:
        return obj.area.name


class BriefingDetailOut(BriefingOut):
    #: the draft as it will print (content with staff's edits), or null while building
    draft: dict[str, Any] | None
    edits: dict[str, str]

    @staticmethod
    def resolve_draft(obj: Briefing) -> dict[str, Any] | None:
        draft = obj.draft()
        return draft.as_dict() if draft else None


class VersionOut(Schema):
    number: int
    exported_by: str
    exported_at: dt.datetime
    docx_url: str
    pdf_url: str | None
    pdf_message: str

    @staticmethod
    def resolve_exported_by(obj: BriefingVersion) -> str:
        return obj.exported_by.full_name or obj.exported_by.username

    @staticmethod
    def resolve_docx_url(obj: BriefingVersion) -> str:
        return f"/briefings/{obj.briefing_id}/versions/{obj.number}/docx/"

    @staticmethod
    def resolve_pdf_url(obj: BriefingVersion) -> str | None:
        return f"/briefings/{obj.briefing_id}/versions/{obj.number}/pdf/" if obj.pdf else None


class StartIn(InputSchema):
    area_id: int
    kind: str = BriefingKind.MONTHLY
    month: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    subject: str = ""
    phase_id: int | None = None


class SectionEditIn(InputSchema):
    version: int
    text: SourceText


def _briefing(request: HttpRequest, briefing_id: int) -> Briefing:
    return get_visible_or_404(
        Briefing.objects.select_related("area", "phase__campaign"), request.user, pk=briefing_id
    )


@router.get("/briefings", response=list[BriefingOut], summary="通报与专报（本辖区）")
@paginate(BoundedPagination)
def list_briefings(request: HttpRequest, kind: str | None = None) -> Any:
    qs = Briefing.objects.restrict(request.user).select_related("area")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-issued_on", "-id")


@router.get("/briefings/{int:briefing_id}", response=BriefingDetailOut, summary="一份通报及其文稿")
def get_briefing(request: HttpRequest, briefing_id: int) -> Any:
    return _briefing(request, briefing_id)


@router.post("/briefings", response={202: BriefingOut}, summary="生成通报或专报（在后台生成）")
def start_briefing(request: HttpRequest, payload: StartIn) -> Any:
    user = actor(request)
    area = get_visible_or_404(Area.objects.all(), user, pk=payload.area_id)
    phase = (
        get_visible_or_404(Phase.objects.select_related("campaign"), user, pk=payload.phase_id)
        if payload.phase_id
        else None
    )
    briefing = services.do_start_briefing(
        acting_user=user,
        area=area,
        kind=payload.kind,
        month=payload.month,
        start=payload.start,
        end=payload.end,
        subject=payload.subject,
        phase=phase,
    )
    return Status(202, briefing)


@router.patch(
    "/briefings/{int:briefing_id}/sections/{key}",
    response=BriefingDetailOut,
    summary="修改通报某一部分的文字（key 为部分代码或 title；须带当前版本号 version）",
)
def edit_section(request: HttpRequest, briefing_id: int, key: str, payload: SectionEditIn) -> Any:
    briefing = _briefing(request, briefing_id)
    return services.do_edit_section(
        briefing,
        acting_user=actor(request),
        expected_version=payload.version,
        key=key,
        text=payload.text,
    )


@router.get(
    "/briefings/{int:briefing_id}/versions", response=list[VersionOut], summary="已导出的版本"
)
def list_versions(request: HttpRequest, briefing_id: int) -> Any:
    briefing = _briefing(request, briefing_id)
    return briefing.versions.select_related("exported_by").order_by("-number")


@router.post(
    "/briefings/{int:briefing_id}/versions",
    response={201: VersionOut},
    summary="导出新版本（Word，及安装了 LibreOffice 时的 PDF）",
)
def export_version(request: HttpRequest, briefing_id: int) -> Any:
    briefing = _briefing(request, briefing_id)
    return Status(201, services.do_export(briefing, acting_user=actor(request)))
