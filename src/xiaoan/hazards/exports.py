"""Excel exports of the hazard, inspection and place lists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse

from xiaoan.core import clock
from xiaoan.core.exports import xlsx_response
from xiaoan.places.models import Place

from .models import Hazard, Inspection, Signature
from .queries import is_overdue

HAZARD_HEADERS = [
    "场所",
    "区域",
    "类别",
    "等级",
    "描述",
    "责任主体",
    "发现日期",
    "整改期限",
    "状态",
    "逾期",
    "销号日期",
]
INSPECTION_HEADERS = [
    "时间",
    "场所",
    "区域",
    "类型",
    "结果",
    "检查单位",
    "检查人（签字）",
    "未签字",
]
PLACE_HEADERS = ["名称", "地址", "区域", "类型", "负责人", "联系电话", "风险等级", "纬度", "经度"]


def export_hazards(hazards: QuerySet[Hazard]) -> FileResponse:
    today = clock.today()

    def rows() -> Iterator[list[Any]]:
        for h in (
            hazards.select_related("place", "area")
            .order_by("-found_on", "-id")
            .iterator(chunk_size=2000)
        ):
            yield [
                h.place.name,
                h.area.name,
                h.get_category_display(),
                h.get_severity_display(),
                h.description,
                h.responsible_party,
                h.found_on,
                h.deadline,
                h.get_state_display(),
                "是" if is_overdue(h, today) else "否",
                h.closed_on,
            ]

    return xlsx_response("火灾隐患", HAZARD_HEADERS, rows(), f"火灾隐患-{today:%Y%m%d}.xlsx")


def export_inspections(inspections: QuerySet[Inspection]) -> FileResponse:
    signatures = Prefetch("signatures", queryset=Signature.objects.select_related("inspector"))

    def rows() -> Iterator[list[Any]]:
        qs = inspections.select_related("place", "area", "organisation").prefetch_related(
            signatures
        )
        for i in qs.order_by("-at", "-id").iterator(chunk_size=2000):
            signed = [str(s.inspector) for s in i.signatures.all() if s.signed_at]
            pending = [str(s.inspector) for s in i.signatures.all() if not s.signed_at]
            yield [
                i.at.astimezone(clock.LOCAL_TZ).replace(tzinfo=None),
                i.place.name,
                i.area.name,
                i.get_kind_display(),
                i.get_result_display(),
                i.organisation.name,
                "、".join(signed),
                "、".join(pending),
            ]

    return xlsx_response("检查", INSPECTION_HEADERS, rows(), f"检查-{clock.today():%Y%m%d}.xlsx")


def export_places(places: QuerySet[Place]) -> FileResponse:
    def rows() -> Iterator[list[Any]]:
        for p in (
            places.select_related("area")
            .order_by("area__path", "name", "id")
            .iterator(chunk_size=2000)
        ):
            yield [
                p.name,
                p.address,
                p.area.name,
                p.get_kind_display(),
                p.responsible_person,
                p.contact,
                p.get_risk_level_display(),
                p.latitude,
                p.longitude,
            ]

    return xlsx_response("场所", PLACE_HEADERS, rows(), f"场所-{clock.today():%Y%m%d}.xlsx")
