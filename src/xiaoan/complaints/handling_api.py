"""API of an order's handling: POST /api/complaints/{id}/dispatch, /reply,
/return, /reject-reply, /close, /convert-to-hazard, /chases, and GET /chases.

Every write carries the `version` the caller last read; a stale one is a 409."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from xiaoan.areas.models import Area, Organisation
from xiaoan.core.errors import XiaoanError
from xiaoan.core.inputs import InputSchema
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor
from xiaoan.directives.choices import ChaseChannel
from xiaoan.hazards.choices import Severity
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place

from . import handling
from .conversion import NewPlace, do_convert_to_hazard
from .models import Complaint, ComplaintChase

router = Router(tags=["complaints"])


def visible(request: HttpRequest, complaint_id: int) -> Complaint:
    return get_visible_or_404(
        Complaint.objects.select_related("area", "handling_organisation"),
        request.user,
        pk=complaint_id,
    )


class HandlingOut(Schema):
    id: int
    number: str
    handling_state: str
    handling_state_label: str
    handling_organisation_id: int | None
    handling_deadline: dt.date | None
    handling_reply: str
    hazard_id: int | None
    version: int

    @staticmethod
    def resolve_handling_state_label(obj: Complaint) -> str:
        return obj.get_handling_state_display()


class DispatchIn(InputSchema):
    version: int
    organisation_id: int
    workdays: int | None = None
    deadline: dt.date | None = None
    note: str = ""


class ReplyIn(InputSchema):
    version: int
    text: str


class ReasonIn(InputSchema):
    version: int
    reason: str


class VersionIn(InputSchema):
    version: int


class ComplaintChaseIn(InputSchema):
    note: str = ""
    channel: ChaseChannel = ChaseChannel.INBOX


class ComplaintChaseOut(Schema):
    id: int
    at: dt.datetime
    by_id: int | None
    to_id: int
    to_name: str
    channel: str
    note: str
    answer: str
    version: int

    @staticmethod
    def resolve_to_name(obj: ComplaintChase) -> str:
        return obj.to.name


class AnswerIn(InputSchema):
    version: int
    answer: str


class NewPlaceIn(InputSchema):
    name: str
    address: str
    area_id: int
    kind: PlaceKind = PlaceKind.RESIDENTIAL


class ConvertIn(InputSchema):
    version: int
    place_id: int | None = None
    new_place: NewPlaceIn | None = None
    category: str = ""
    description: str = ""
    severity: Severity = Severity.ORDINARY
    major_element: str = ""
    deadline: dt.date | None = None


class ConvertedOut(Schema):
    complaint_id: int
    hazard_id: int
    place_id: int


@router.post(
    "/complaints/{int:complaint_id}/dispatch",
    response=HandlingOut,
    summary="分派工单（办理期限默认按工作日计算）",
)
def dispatch(request: HttpRequest, complaint_id: int, payload: DispatchIn) -> Any:
    user = actor(request)
    complaint = visible(request, complaint_id)
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise XiaoanError(f"承办单位 {payload.organisation_id} 不存在。")
    return handling.do_dispatch(
        complaint,
        acting_user=user,
        expected_version=payload.version,
        organisation=organisation,
        workdays=payload.workdays,
        deadline=payload.deadline,
        note=payload.note,
    )


@router.post("/complaints/{int:complaint_id}/reply", response=HandlingOut, summary="回复工单")
def reply(request: HttpRequest, complaint_id: int, payload: ReplyIn) -> Any:
    return handling.do_reply(
        visible(request, complaint_id),
        acting_user=actor(request),
        expected_version=payload.version,
        text=payload.text,
    )


@router.post(
    "/complaints/{int:complaint_id}/return", response=HandlingOut, summary="承办单位退回工单"
)
def return_(request: HttpRequest, complaint_id: int, payload: ReasonIn) -> Any:
    return handling.do_return(
        visible(request, complaint_id),
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
    )


@router.post(
    "/complaints/{int:complaint_id}/reject-reply", response=HandlingOut, summary="退回重办"
)
def reject_reply(request: HttpRequest, complaint_id: int, payload: ReasonIn) -> Any:
    return handling.do_reject_reply(
        visible(request, complaint_id),
        acting_user=actor(request),
        expected_version=payload.version,
        reason=payload.reason,
    )


@router.post("/complaints/{int:complaint_id}/close", response=HandlingOut, summary="办结工单")
def close(request: HttpRequest, complaint_id: int, payload: VersionIn) -> Any:
    return handling.do_close(
        visible(request, complaint_id), acting_user=actor(request), expected_version=payload.version
    )


@router.get(
    "/complaints/{int:complaint_id}/chases",
    response=list[ComplaintChaseOut],
    summary="工单的督办记录",
)
def list_chases(request: HttpRequest, complaint_id: int) -> Any:
    return list(visible(request, complaint_id).chases.select_related("to"))


@router.post(
    "/complaints/{int:complaint_id}/chases",
    response={201: ComplaintChaseOut},
    summary="督办承办单位（通知其人员）",
)
def chase(request: HttpRequest, complaint_id: int, payload: ComplaintChaseIn) -> Any:
    return Status(
        201,
        handling.do_chase(
            visible(request, complaint_id),
            acting_user=actor(request),
            note=payload.note,
            channel=payload.channel,
        ),
    )


@router.post(
    "/complaints/{int:complaint_id}/chases/{int:chase_id}/answer",
    response=ComplaintChaseOut,
    summary="被督办单位答复督办",
)
def answer_chase(request: HttpRequest, complaint_id: int, chase_id: int, payload: AnswerIn) -> Any:
    complaint = visible(request, complaint_id)
    found = get_visible_or_404(
        ComplaintChase.objects.select_related("to", "by", "complaint"),
        request.user,
        pk=chase_id,
        complaint=complaint,
    )
    return handling.do_answer_chase(
        found, acting_user=actor(request), expected_version=payload.version, answer=payload.answer
    )


@router.post(
    "/complaints/{int:complaint_id}/convert-to-hazard",
    response={201: ConvertedOut},
    summary="转为隐患（在已登记的场所 place_id，或登记新场所 new_place）",
)
def convert(request: HttpRequest, complaint_id: int, payload: ConvertIn) -> Any:
    user = actor(request)
    complaint = visible(request, complaint_id)
    place = None
    if payload.place_id is not None:
        place = get_visible_or_404(Place.objects.all(), user, pk=payload.place_id)
    new_place = None
    if payload.new_place is not None:
        area = get_visible_or_404(Area.objects.all(), user, pk=payload.new_place.area_id)
        new_place = NewPlace(
            name=payload.new_place.name,
            address=payload.new_place.address,
            area=area,
            kind=payload.new_place.kind,
        )
    hazard = do_convert_to_hazard(
        complaint,
        acting_user=user,
        expected_version=payload.version,
        place=place,
        new_place=new_place,
        category=payload.category,
        description=payload.description,
        severity=payload.severity,
        major_element=payload.major_element,
        deadline=payload.deadline,
    )
    return Status(
        201, {"complaint_id": complaint.pk, "hazard_id": hazard.pk, "place_id": hazard.place_id}
    )
