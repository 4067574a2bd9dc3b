"""Who may see a reporter's phone number: only the roles that handle rewards.
Everyone else sees it masked (138****1234), in pages, the API and exports."""

from __future__ import annotations

from typing import Any

from xiaoan.areas.roles import Permission


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    if len(phone) <= 7:
        return phone[:1] + "*" * (len(phone) - 1)
    return f"{phone[:3]}****{phone[-4:]}"


def may_see_contact(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)) and user.can(
        Permission.HANDLE_REWARDS
    )


def phone_for(user: Any, phone: str) -> str:
    """The phone as `user` may see it."""
    return phone if may_see_contact(user) else mask_phone(phone)
