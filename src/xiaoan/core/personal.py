"""Who sees personal information in clear, and the one way to see it.

Names and phone numbers of 12345 callers and reward reporters are shown
masked everywhere — lists, detail pages, exports, the API — also to the roles
that may see them. A role holding the record's permission (`view_personal_data`
for callers, `handle_rewards` for reporters) asks for one record at a time
(“查看”), and each such reveal is written to the security log; an export
carries clear values only when that role asks for them explicitly, and that
export is logged too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoan.core import pii
from xiaoan.core.errors import PermissionDeniedError
from xiaoan.core.securitylog import SecurityEventKind, record_security_event

#: the query parameter of an export that asks for clear values
CLEAR_PARAMETER = "personal"


@dataclass(frozen=True)
class PersonalField:
    """One personal attribute of a record: its label, value and kind (name/phone)."""

    label: str
    value: str
    kind: str

    @property
    def masked(self) -> str:
        return pii.masked(self.value, self.kind)


def may_see(user: Any, permission: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.can(permission)


def personal_fields(obj: Any, names: Sequence[str]) -> list[PersonalField]:
    """The encrypted fields `names` of `obj` with their clear values."""
    out = []
    for name in names:
        field = obj._meta.get_field(name)
        out.append(PersonalField(str(field.verbose_name), getattr(obj, name) or "", field.kind))
    return out


def reveal(
    request: HttpRequest, obj: Any, names: Sequence[str], *, permission: str
) -> list[PersonalField]:
    """The clear values of one record for a user who may see them, logged.

    Raises PermissionDeniedError for a user without `permission`."""
    user = request.user
    if not may_see(user, permission):
        raise PermissionDeniedError("您的角色无权查看个人信息原文。")
    fields = [f for f in personal_fields(obj, names) if f.value]
    record_security_event(
        SecurityEventKind.PERSONAL_DATA_REVEALED,
        request=request,
        target=obj,
        detail=f"查看{obj._meta.verbose_name} {obj} 的" + "、".join(f.label for f in fields),
    )
    return fields


def reveal_response(
    request: HttpRequest,
    obj: Any,
    names: Sequence[str],
    *,
    permission: str,
    back_url: str = "",
) -> HttpResponse:
    """The page (or, for htmx, the fragment) showing one record's clear values.
    A user without the permission gets a 404, as for a record they cannot see."""
    try:
        fields = reveal(request, obj, names, permission=permission)
    except PermissionDeniedError as exc:
        raise Http404(exc.message) from exc
    template = (
        "core/_personal_revealed.html"
        if request.headers.get("HX-Request")
        else "core/personal.html"
    )
    return render(request, template, {"fields": fields, "object": obj, "back_url": back_url})


def wants_clear_export(request: HttpRequest, permission: str) -> bool:
    """Whether an export asked for clear values (``?personal=1``) by a user who may
    see them; asked for without the permission is refused."""
    if request.GET.get(CLEAR_PARAMETER) not in {"1", "true", "yes"}:
        return False
    if not may_see(request.user, permission):
        raise PermissionDeniedError("您的角色无权导出个人信息原文，请去掉“含个人信息原文”后导出。")
    return True


def shown(value: str, kind: str, clear: bool) -> str:
    """A value as an export shows it: clear when asked for and permitted, else masked."""
    return (value or "") if clear else pii.masked(value, kind)
