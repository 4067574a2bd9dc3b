"""Changes to the water-source register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission, full_clean
from xiaoan.core.errors import XiaoanError
from xiaoan.core.versioning import apply_edit, set_history_user

from .choices import RiskLevel, WaterSourceStatus
from .models import Place, WaterSource, place_key


def check_commissioning(status: str, commissioned_on: dt.date | None) -> None:
    if status == WaterSourceStatus.IN_SERVICE and commissioned_on is None:
        raise XiaoanError("在用的消防水源必须填写投用日期。")


@transaction.atomic
def do_register_water_source(
    *,
    acting_user: User | None,
    kind: str,
    number: str,
    location: str,
    area: Area,
    status: str = WaterSourceStatus.PLANNED,
    commissioned_on: dt.date | None = None,
) -> WaterSource:
    check_permission(acting_user, Permission.ASSIGN_TASKS, area)
    check_commissioning(status, commissioned_on)
    source = WaterSource(
        kind=kind,
        number=number,
        location=location,
        area=area,
        status=status,
        commissioned_on=commissioned_on,
    )
    full_clean(source)
    set_history_user(source, acting_user)
    source.save()
    return source


WATER_SOURCE_FIELDS = {"location", "status", "commissioned_on", "latitude", "longitude"}


@transaction.atomic
def do_update_water_source(
    source: WaterSource,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> WaterSource:
    """Correct a water source's location, status, commissioning date or position;
    the kind and number identify it and stay."""
    unknown = set(changes) - WATER_SOURCE_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.ASSIGN_TASKS, source.area)
    check_commissioning(
        changes.get("status", source.status), changes.get("commissioned_on", source.commissioned_on)
    )
    return apply_edit(
        source, changes, acting_user=acting_user, expected_version=expected_version, reason=reason
    )


class DuplicatePlaceError(XiaoanError):
    """A place with the same name and address exists: it is flagged, not created."""

    status = 409
    code = "duplicate_place"


def find_duplicate(name: str, address: str, exclude: int | None = None) -> Place | None:
    qs = Place.objects.filter(key=place_key(name, address))
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.first()


def duplicate_error(
    duplicate: Place, acting_user: User | None, message: str
) -> DuplicatePlaceError:
    """The refusal names the existing place only to someone who may see it."""
    visible = (
        acting_user is None or Place.objects.restrict(acting_user).filter(pk=duplicate.pk).exists()
    )
    if not visible:
        return DuplicatePlaceError(message + "该场所不在您的辖区内，请联系上级核实。")
    return DuplicatePlaceError(message, details={"existing_id": duplicate.pk})


@transaction.atomic
def do_register_place(
    *,
    acting_user: User | None,
    name: str,
    address: str,
    area: Area,
    kind: str,
    responsible_person: str = "",
    contact: str = "",
    property_company: Any = None,
    risk_level: str = RiskLevel.MEDIUM,
    latitude: Any = None,
    longitude: Any = None,
) -> Place:
    """Register a place; one with the same name and address is refused as a duplicate."""
    check_permission(acting_user, Permission.INSPECT, area)
    duplicate = find_duplicate(name, address)
    if duplicate is not None:
        raise duplicate_error(
            duplicate, acting_user, f"场所“{name}”（{address}）已登记，不能重复登记。"
        )
    place = Place(
        name=name.strip(),
        address=address.strip(),
        area=area,
        kind=kind,
        responsible_person=responsible_person,
        contact=contact,
        property_company=property_company,
        risk_level=risk_level,
        latitude=latitude,
        longitude=longitude,
    )
    place.key = place_key(place.name, place.address)
    full_clean(place)
    set_history_user(place, acting_user)
    place.save()
    return place


PLACE_FIELDS = {
    "name",
    "address",
    "kind",
    "responsible_person",
    "contact",
    "property_company",
    "risk_level",
    "latitude",
    "longitude",
}


@transaction.atomic
def do_update_place(
    place: Place,
    *,
    acting_user: User | None,
    expected_version: int,
    reason: str = "",
    **changes: Any,
) -> Place:
    """Correct a place's particulars; a new name or address that makes it the same
    as another registered place is refused as a duplicate."""
    unknown = set(changes) - PLACE_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.INSPECT, place.area)
    name = changes.get("name", place.name)
    address = changes.get("address", place.address)
    duplicate = find_duplicate(name, address, exclude=place.pk)
    if duplicate is not None:
        raise duplicate_error(duplicate, acting_user, f"场所“{name}”（{address}）已登记。")
    return apply_edit(
        place, changes, acting_user=acting_user, expected_version=expected_version, reason=reason
    )
