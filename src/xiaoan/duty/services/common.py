"""What the duty desk's services share: saving a new record with its history entry,
and finding who should hear about an area's urgent reports."""

from __future__ import annotations

from typing import Any

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission, Role
from xiaoan.areas.services import full_clean
from xiaoan.core.scoping import ancestor_paths
from xiaoan.core.versioning import set_history_user


def save_new(instance: Any, acting_user: User | None) -> Any:
    full_clean(instance)
    set_history_user(instance, acting_user)
    instance.save()
    return instance


def covering_users(area: Area, permission: str) -> list[User]:
    """Active users whose area is `area` or above it and who hold `permission`."""
    paths = [*ancestor_paths(area.path), area.path]
    candidates = User.objects.filter(is_active=True, area__path__in=paths).select_related("area")
    return [u for u in candidates if u.can(permission)]


def report_duty_users(area: Area) -> list[User]:
    """Who answers for an area's urgent reports: the reporting units over it."""
    return covering_users(area, Permission.REPORT_INCIDENTS)


def leaders_over(area: Area) -> list[User]:
    paths = [*ancestor_paths(area.path), area.path]
    return [
        u
        for u in User.objects.filter(is_active=True, area__path__in=paths)
        if u.has_role(Role.CITY_LEADER)
    ]
