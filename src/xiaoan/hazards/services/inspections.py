"""Inspections: recorded by one inspector, signed by each under their own login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction

from xiaoan.areas.models import User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission, full_clean
from xiaoan.core import clock
from xiaoan.core.attachments import store_attachment
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.core.notifications import notify
from xiaoan.core.versioning import set_history_user
from xiaoan.directives.models import Campaign, Phase
from xiaoan.places.models import Place

from ..choices import InspectionKind, InspectionResult, Severity
from ..models import Hazard, Inspection, Signature, SupervisionVisit, gb35181_version_on
from .inspectors import check_co_inspectors

INSPECTING = (Permission.INSPECT, Permission.SELF_INSPECT)


def may_inspect(user: User | None, kind: str) -> bool:
    if user is None:
        return True
    if kind == InspectionKind.SELF_CHECK:
        return user.can(Permission.SELF_INSPECT) or user.can(Permission.INSPECT)
    return user.can(Permission.INSPECT)


@dataclass
class HazardSpec:
    """A hazard found during an inspection."""

    category: str
    description: str
    severity: str = Severity.ORDINARY
    major_element: str = ""
    deadline: dt.date | None = None
    responsible_party: str = ""
    photos: Sequence[tuple[str, IO[bytes]]] = field(default_factory=tuple)


def phase_on(campaign: Campaign | None, day: dt.date) -> Phase | None:
    if campaign is None:
        return None
    return campaign.phases.filter(start__lte=day, end__gte=day).first()


@transaction.atomic
def do_record_inspection(
    *,
    acting_user: User,
    place: Place,
    kind: str,
    inspectors: Sequence[User] = (),
    at: dt.datetime | None = None,
    campaign: Campaign | None = None,
    visit: SupervisionVisit | None = None,
    hazards: Sequence[HazardSpec] = (),
    no_hazard: bool = False,
    notes: str = "",
    photos: Sequence[tuple[str, IO[bytes]]] = (),
    client_key: str | None = None,
) -> Inspection:
    """Record an inspection of a place with its result: the hazards found, or an
    explicit "no hazard found". The recording inspector signs at once; the
    other inspectors (people of the place's community, township or brigade,
    see `inspectors.co_inspector_candidates`) are each asked to sign under
    their own login. The inspection is complete when the last one has."""
    if client_key:
        # a phone replaying a submission it made while offline: the first one counts
        existing = Inspection.objects.filter(client_key=client_key).first()
        if existing is not None:
            if existing.created_by_id != acting_user.pk:
                raise XiaoanError("客户端编号已被使用。")
            return existing
    check_permission(acting_user, Permission.VIEW, place.area)
    if not may_inspect(acting_user, kind):
        raise PermissionDeniedError("您的角色无权进行此类检查。")
    if hazards and no_hazard:
        raise XiaoanError("不能同时登记隐患又勾选“未发现隐患”。")
    if not hazards and not no_hazard:
        raise XiaoanError("请登记发现的隐患，或明确勾选“未发现隐患”。")
    # a time given without a zone (an API client, an import) is Beijing time
    when = clock.local(at) if at is not None else clock.now()
    day = clock.local_date(when)
    if campaign is not None and not place.area.is_within(campaign.area):
        raise XiaoanError(f"场所不在专项行动“{campaign.name}”的区域内。")
    if campaign is not None and not campaign.start <= day <= campaign.end:
        raise XiaoanError(f"检查日期不在专项行动“{campaign.name}”期间内。")
    organisation = acting_user.organisation
    if organisation is None:
        raise XiaoanError("您的账户没有所属单位，不能登记检查。")
    inspection = Inspection(
        place=place,
        at=when,
        kind=kind,
        result=InspectionResult.HAZARDS_FOUND if hazards else InspectionResult.NO_HAZARD,
        campaign=campaign,
        phase=phase_on(campaign, day),
        visit=visit,
        organisation=organisation,
        notes=notes,
        area=place.area,
        created_by=acting_user,
        client_key=client_key or None,
    )
    if acting_user.area is None or not place.area.is_within(acting_user.area):
        raise XiaoanError(f"检查人“{acting_user}”的辖区不包括该场所。")
    others = check_co_inspectors(place, inspectors, lead=acting_user)
    signed_at = clock.now()
    if not others:
        inspection.completed_at = signed_at  # the recorder alone: signed on submission
    full_clean(inspection)
    set_history_user(inspection, acting_user)
    inspection.save()
    Signature.objects.create(inspection=inspection, inspector=acting_user, signed_at=signed_at)
    for inspector in others:
        Signature.objects.create(inspection=inspection, inspector=inspector)
    ask_to_sign(inspection, others, lead=acting_user)
    for name, content in photos:
        store_attachment(
            content, name=name, acting_user=acting_user, area=place.area, target=inspection
        )
    for spec in hazards:
        record_hazard(inspection, spec, acting_user=acting_user)
    return inspection


def record_hazard(inspection: Inspection, spec: HazardSpec, *, acting_user: User) -> Hazard:
    day = clock.local_date(inspection.at)
    if spec.severity == Severity.MAJOR and not spec.major_element.strip():
        raise XiaoanError("重大火灾隐患须写明依据 GB 35181 判定的要素。")
    hazard = Hazard(
        place=inspection.place,
        inspection=inspection,
        category=spec.category,
        severity=spec.severity,
        gb35181_version=gb35181_version_on(day) if spec.severity == Severity.MAJOR else "",
        major_element=spec.major_element,
        description=spec.description,
        responsible_party=spec.responsible_party or inspection.place.responsible_person,
        responsible_organisation=inspection.place.property_company,
        deadline=spec.deadline,
        found_on=day,
        found_by=acting_user,
        campaign=inspection.campaign,
        area=inspection.place.area,
    )
    full_clean(hazard)
    set_history_user(hazard, acting_user)
    hazard.save()
    for name, content in spec.photos:
        store_attachment(
            content, name=name, acting_user=acting_user, area=hazard.area, target=hazard
        )
    return hazard


def ask_to_sign(inspection: Inspection, inspectors: Sequence[User], *, lead: User) -> None:
    """Each newly listed co-inspector is told, once, to sign on their own account."""
    from django.urls import reverse

    if not inspectors:
        return
    notify(
        inspectors,
        title="请签字确认",
        body=(
            f"{lead}登记了{clock.local(inspection.at):%Y年%-m月%-d日}对“{inspection.place}”的"
            f"{inspection.get_kind_display()}，您在检查人名单中，请用本人账号签字确认。"
        ),
        link=reverse("inspection-sign", args=[inspection.pk]),
        kind="inspection_sign",
        webhook=False,
    )


def complete_if_signed(inspection: Inspection, at: dt.datetime | None = None) -> bool:
    """Mark the inspection complete (at the last signature, `at`) when every listed
    inspector has signed, and not complete while someone has yet to: coverage
    counts it from then."""
    signed = not inspection.signatures.filter(signed_at__isnull=True).exists()
    if signed and inspection.completed_at is None:
        inspection.completed_at = at or clock.now()
    elif not signed:
        inspection.completed_at = None
    return signed


@transaction.atomic
def do_sign_inspection(
    inspection: Inspection,
    *,
    acting_user: User,
    signature_image: tuple[str, IO[bytes]] | None = None,
) -> Signature:
    """An inspector confirms the result under their own login (the signature),
    optionally with a drawn signature image; the last signature completes it."""
    # the inspection first, so a signature and an edit of the list never cross
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    signature = (
        Signature.objects.select_for_update()
        .filter(inspection=inspection, inspector=acting_user)
        .first()
    )
    if signature is None:
        raise PermissionDeniedError("您不在此次检查的检查人名单中。")
    if signature.signed_at is not None:
        raise InvalidTransitionError("您已签过字。")
    if signature_image is not None:
        name, content = signature_image
        signature.image = store_attachment(
            content, name=name, acting_user=acting_user, area=inspection.area, target=inspection
        )
    signature.signed_at = clock.now()
    signature.save()
    complete_if_signed(inspection, at=signature.signed_at)
    reason = f"{acting_user}签字确认" + (
        "，检查人全部签字，检查完成" if inspection.completed else ""
    )
    set_history_user(inspection, acting_user, reason=reason)
    inspection.version += 1
    inspection.save(update_fields=["version", "completed_at"])
    return signature


@transaction.atomic
def do_record_visit(
    *,
    acting_user: User | None,
    date: dt.date,
    leader_name: str,
    title: str,
    area: Any,
    leader_title: str = "",
    unannounced: bool = False,
    notes: str = "",
) -> SupervisionVisit:
    check_permission(acting_user, Permission.INSPECT, area)
    visit = SupervisionVisit(
        date=date,
        leader_name=leader_name,
        leader_title=leader_title,
        title=title,
        unannounced=unannounced,
        area=area,
        notes=notes,
    )
    full_clean(visit)
    set_history_user(visit, acting_user)
    visit.save()
    return visit
