"""The reporter's contact (name, phone) as staff see it: masked everywhere
(138****1234, 张*明), in pages, the API and exports. Roles that handle
rewards may reveal one report's contact at a time (logged, core/personal.py)
and export clear values when they ask for them."""

from __future__ import annotations

from typing import Any

from xiaoan.areas.roles import Permission
from xiaoan.core.personal import may_see
from xiaoan.core.pii import mask_name, mask_phone

#: the permission that lets a role reveal and export reporters' contacts
CONTACT_PERMISSION = Permission.HANDLE_REWARDS
CONTACT_FIELDS = ("reporter_name", "phone")

__all__ = ["CONTACT_FIELDS", "CONTACT_PERMISSION", "mask_name", "mask_phone", "may_see_contact"]


def may_see_contact(user: Any) -> bool:
    return may_see(user, CONTACT_PERMISSION)


def phone_for(user: Any, phone: str) -> str:
    """The phone as shown in pages and the API: masked for every role."""
    return mask_phone(phone)
