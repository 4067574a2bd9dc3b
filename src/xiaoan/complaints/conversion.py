"""Converting a 12345 order into a hazard (转为隐患).

Whoever converts it has checked the complaint on site, so the hazard is
recorded the way every hazard is: an inspection of a place (through the
hazards services) that found it. The order then points to its hazard, and the
hazard's page lists the orders it came from. An order converts once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Role
from xiaoan.core import clock
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.core.versioning import set_history_user
from xiaoan.hazards import services as hazard_services
from xiaoan.hazards.choices import HazardCategory, InspectionKind, Severity
from xiaoan.hazards.models import Hazard
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

from .handling import _locked, is_handler, is_manager
from .models import Complaint


@dataclass
class NewPlace:
    """A place not yet registered, named on the conversion form."""

    name: str
    address: str
    area: Area
    kind: str


def inspection_kind(user: User) -> str:
    if user.has_role(Role.BRIGADE):
        return InspectionKind.BRIGADE
    if user.has_role(Role.GRID_WORKER):
        return InspectionKind.GRID_CHECK
    return InspectionKind.JOINT


def already_converted(complaint: Complaint) -> str:
    hazard = complaint.hazard
    label = hazard.get_category_display() if hazard else ""
    return f"工单 {complaint.number} 已转为隐患（#{complaint.hazard_id} {label}），不能重复转换。"


@transaction.atomic
def do_convert_to_hazard(
    complaint: Complaint,
    *,
    acting_user: User,
    expected_version: int | None,
    place: Place | None = None,
    new_place: NewPlace | None = None,
    category: str = "",
    description: str = "",
    severity: str = Severity.ORDINARY,
    major_element: str = "",
    deadline: dt.date | None = None,
) -> Hazard:
    """Record the hazard the order reports at a place (an existing one, or one
    registered here), found by the acting user; link the order to it."""
    complaint = _locked(complaint, expected_version)
    if complaint.hazard_id is not None:
        raise InvalidTransitionError(already_converted(complaint))
    if not (is_manager(acting_user, complaint) or is_handler(acting_user, complaint)):
        raise PermissionDeniedError("只有分派工单的单位或承办单位的办理人员可以把工单转为隐患。")
    category = category or complaint.hazard_category
    if not category:
        raise XiaoanError("请选择隐患类别。")
    if category not in HazardCategory.values:
        raise XiaoanError(f"隐患类别“{category}”无效。")
    if (place is None) == (new_place is None):
        raise XiaoanError("请选择一个已登记的场所，或填写新场所的名称和地址（二选一）。")
    if new_place is not None:
        if not new_place.name.strip() or not new_place.address.strip():
            raise XiaoanError("新场所须填写名称和地址。")
        place = do_register_place(
            acting_user=acting_user,
            name=new_place.name,
            address=new_place.address,
            area=new_place.area,
            kind=new_place.kind,
        )
    assert place is not None
    inspection = hazard_services.do_record_inspection(
        acting_user=acting_user,
        place=place,
        kind=inspection_kind(acting_user),
        hazards=[
            hazard_services.HazardSpec(
                category=category,
                description=(description or complaint.content).strip(),
                severity=severity,
                major_element=major_element,
                deadline=deadline,
            )
        ],
        notes=f"核查 12345 工单 {complaint.number}：{complaint.title or complaint.content[:60]}",
        at=clock.now(),
    )
    hazard = inspection.hazards.get()
    complaint.hazard = hazard
    complaint.version += 1
    complaint.updated_at = clock.now()
    set_history_user(complaint, acting_user, reason=f"转为隐患（{place.name}）")
    complaint.save()
    return hazard


def place_choices(user: Any, complaint: Complaint) -> Any:
    """Places the user may pick: within their area, those of the order's area first."""
    qs = Place.objects.restrict(user).select_related("area")
    if complaint.area is not None and complaint.area.parent_id is not None:
        from xiaoan.core.scoping import subtree_filter

        inside = qs.filter(subtree_filter("area__path", complaint.area.path))
        if inside.exists():
            qs = inside
    return qs.order_by("area__path", "name")
