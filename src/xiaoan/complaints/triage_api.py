"""API of an order's classification and place, and of the classification dictionary."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xiaoan.areas.models import Area
from xiaoan.core.inputs import InputSchema, PatchSchema
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.views import actor
from xiaoan.hazards.choices import HazardCategory

from . import triage_services
from .models import ClassificationKeyword, Complaint

router = Router(tags=["complaints"])


class ClassificationIn(InputSchema):
    version: int
    fire_related: bool
    hazard_category: HazardCategory | None = None


class PlacingIn(InputSchema):
    version: int
    area_id: int


class DecisionOut(Schema):
    id: int
    number: str
    fire_related: bool | None
    hazard_category: str
    classified_by: str
    area_id: int | None
    placed_by: str
    version: int


class KeywordOut(Schema):
    id: int
    word: str
    hazard_category: str
    weight: float
    active: bool
    note: str
    version: int


class KeywordIn(InputSchema):
    word: str
    weight: float
    hazard_category: HazardCategory | None = None
    note: str = ""


class KeywordPatch(PatchSchema):
    version: int
    weight: float | None = None
    hazard_category: HazardCategory | None = None
    active: bool | None = None
    note: str | None = None


def _order(request: HttpRequest, complaint_id: int) -> Complaint:
    return get_visible_or_404(
        Complaint.objects.select_related("area"), request.user, pk=complaint_id
    )


@router.patch(
    "/complaints/{int:complaint_id}/classification",
    response=DecisionOut,
    summary="人工分类（须带当前版本号 version；不会被重新导入覆盖）",
)
def classify(request: HttpRequest, complaint_id: int, payload: ClassificationIn) -> Any:
    return triage_services.do_classify_complaint(
        _order(request, complaint_id),
        acting_user=actor(request),
        expected_version=payload.version,
        fire_related=payload.fire_related,
        hazard_category=payload.hazard_category or "",
    )


@router.post(
    "/complaints/{int:complaint_id}/placing",
    response=DecisionOut,
    summary="人工定位到本辖区内的区域（须带当前版本号 version）",
)
def place(request: HttpRequest, complaint_id: int, payload: PlacingIn) -> Any:
    complaint = _order(request, complaint_id)
    area = get_visible_or_404(Area.objects.all(), request.user, pk=payload.area_id)
    return triage_services.do_place_complaint(
        complaint, acting_user=actor(request), expected_version=payload.version, area=area
    )


def _check_dictionary(request: HttpRequest) -> None:
    triage_services.check_may_edit_dictionary(actor(request))


@router.get("/complaints/keywords", response=list[KeywordOut], summary="分类词典")
@paginate(BoundedPagination)
def list_keywords(request: HttpRequest) -> Any:
    _check_dictionary(request)
    return ClassificationKeyword.objects.order_by("word")


@router.post("/complaints/keywords", response={201: KeywordOut}, summary="向分类词典添加词语")
def add_keyword(request: HttpRequest, payload: KeywordIn) -> Any:
    keyword = triage_services.do_add_keyword(
        acting_user=actor(request),
        word=payload.word,
        weight=payload.weight,
        hazard_category=payload.hazard_category or "",
        note=payload.note,
    )
    return Status(201, keyword)


@router.patch(
    "/complaints/keywords/{int:keyword_id}",
    response=KeywordOut,
    summary="修改或停用分类词典中的词语（须带当前版本号 version）",
)
def patch_keyword(request: HttpRequest, keyword_id: int, payload: KeywordPatch) -> Any:
    _check_dictionary(request)
    keyword = get_object_or_404(ClassificationKeyword, pk=keyword_id)
    sent = payload.dict(exclude_unset=True, exclude={"version"})
    category = sent.get("hazard_category", keyword.hazard_category) or ""
    return triage_services.do_update_keyword(
        keyword,
        acting_user=actor(request),
        expected_version=payload.version,
        weight=keyword.weight if payload.weight is None else payload.weight,
        hazard_category=category,
        active=keyword.active if payload.active is None else payload.active,
        note=keyword.note if payload.note is None else payload.note,
    )
