"""Who may be listed as a co-inspector of an inspection (其他检查人).

The people concerned with a place are those of its own area, of the areas
below it (a community's grid workers), and of the areas above it up to the
county, where the brigade sits (the township office, the brigade) — never the
city, a neighbouring area, an auditor, or the inspected party itself (the
place's property company or any venue owner or property company account).
They must hold a role that inspects. The list is the same for a grid worker
and for the detachment office: it depends on the place, not on who records.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.roles import ROLE_PERMISSIONS, SEPARATED_ROLES, Permission, Role
from xiaoan.core.errors import XiaoanError
from xiaoan.core.scoping import ancestor_paths, subtree_filter
from xiaoan.places.models import Place

#: roles whose holders inspect places (the separated administrators run the system, not inspections)
INSPECTOR_ROLES: tuple[str, ...] = tuple(
    sorted(
        role
        for role, granted in ROLE_PERMISSIONS.items()
        if Permission.INSPECT in granted and role not in SEPARATED_ROLES
    )
)

#: the highest level whose people still take part in a place's inspections
TOP_LEVEL = Area.Level.COUNTY

INSPECTED_PARTY_KINDS = (Organisation.Kind.PROPERTY_COMPANY, Organisation.Kind.VENUE_OWNER)


def concerned_area_paths(area: Area) -> list[str]:
    """The paths of `area`'s ancestors from the county down (its township, its brigade's county)."""
    return list(
        Area.objects.filter(path__in=ancestor_paths(area.path), level__gte=TOP_LEVEL).values_list(
            "path", flat=True
        )
    )


def co_inspector_candidates(place: Place, *, lead: User | None = None) -> QuerySet[User]:
    """The active users who may sign an inspection of `place` beside `lead`."""
    area = place.area
    in_area = subtree_filter("area__path", area.path) | Q(area__path__in=concerned_area_paths(area))
    inspects = Q()
    for role in INSPECTOR_ROLES:
        inspects |= Q(roles__contains=f",{role},")
    qs = (
        User.objects.filter(in_area & inspects, is_active=True)
        .exclude(roles__contains=f",{Role.AUDITOR},")
        .exclude(organisation__kind__in=INSPECTED_PARTY_KINDS)
    )
    if place.property_company_id is not None:
        qs = qs.exclude(organisation_id=place.property_company_id)
    if lead is not None:
        qs = qs.exclude(pk=lead.pk)
    return qs.select_related("organisation", "area").order_by("area__path", "full_name", "username")


def check_co_inspectors(place: Place, inspectors: Iterable[User], *, lead: User) -> list[User]:
    """`inspectors` without the lead and without repeats; refuses anyone outside the candidates."""
    chosen: dict[int, User] = {}
    for inspector in inspectors:
        if inspector.pk != lead.pk:
            chosen.setdefault(inspector.pk, inspector)
    allowed = set(
        co_inspector_candidates(place, lead=lead)
        .filter(pk__in=list(chosen))
        .values_list("pk", flat=True)
    )
    for inspector in chosen.values():
        if inspector.pk not in allowed:
            raise XiaoanError(refusal(place, inspector))
    return list(chosen.values())


def refusal(place: Place, inspector: User) -> str:
    """Why `inspector` cannot sign an inspection of `place`, in the words a user understands."""
    name = f"检查人“{inspector}”"
    if not inspector.is_active:
        return f"{name}的账号已停用，不能作为检查人。"
    organisation = inspector.organisation
    if organisation is not None and (
        organisation.pk == place.property_company_id or organisation.kind in INSPECTED_PARTY_KINDS
    ):
        return f"{name}属于被检查单位，不能作为检查人。"
    if not any(inspector.has_role(role) for role in INSPECTOR_ROLES) or inspector.has_role(
        Role.AUDITOR
    ):
        return f"{name}的角色没有检查职责，不能作为检查人。"
    return f"{name}不属于该场所所在的社区、乡镇街道或大队，不能作为检查人。"
