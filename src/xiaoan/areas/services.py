"""Every change to areas, organisations and users goes through these functions.

Each is atomic, takes the acting user as a keyword-only argument (None means
the system itself: migrations, the demo loader run from the command line),
checks that the actor may make the change within its area, and leaves a
history entry naming the actor.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from xiaoan.core import clock
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.scoping import path_segment
from xiaoan.core.securitylog import SecurityEventKind, record_security_event
from xiaoan.core.versioning import apply_edit, set_history_user, validation_message

from .models import Area, Organisation, User
from .roles import SEPARATION_MESSAGE, Permission, Role, role_label, separation_conflict

SYSTEM = None


def check_permission(actor: User | None, permission: str, area: Area | None) -> None:
    """Raise unless the actor holds `permission` and `area` lies within its area."""
    if actor is SYSTEM:
        return
    if not actor.can(permission):
        raise PermissionDeniedError("您的角色无权执行此操作。")
    if area is not None:
        scope = actor.area
        if scope is None or not area.is_within(scope):
            raise PermissionDeniedError("只能在本辖区范围内操作。")


def full_clean(instance: Any) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise XiaoanError(
            validation_message(exc, type(instance)), details=exc.message_dict
        ) from exc


@transaction.atomic
def do_create_area(
    *, acting_user: User | None, name: str, code: str, level: int, parent: Area | None
) -> Area:
    """Add an area under `parent` (None only for the root city)."""
    check_permission(acting_user, Permission.MANAGE_AREAS, parent)
    if parent is None and acting_user is not SYSTEM:
        raise PermissionDeniedError("只有系统可以创建顶级区域。")
    if parent is not None and level <= parent.level:
        raise XiaoanError(f"区域“{name}”的层级必须低于上级区域“{parent.name}”。")
    area = Area(name=name, code=code, level=level, parent=parent)
    full_clean(area)
    set_history_user(area, acting_user)
    area.save()
    # The path holds the area's own id, known only now.
    area.path = (parent.path if parent else "") + path_segment(area.pk)
    set_history_user(area, acting_user)
    area.save(update_fields=["path"])
    return area


@transaction.atomic
def do_update_area(
    area: Area, *, acting_user: User | None, expected_version: int, name: str, code: str
) -> Area:
    """Rename an area or change its code. Moving an area is not supported."""
    check_permission(acting_user, Permission.MANAGE_AREAS, area)
    return apply_edit(
        area,
        {"name": name, "code": code},
        acting_user=acting_user,
        expected_version=expected_version,
    )


ORGANISATION_FIELDS = {"name", "short_name", "kind", "area", "parent", "contact_phone", "address"}


@transaction.atomic
def do_create_organisation(
    *,
    acting_user: User | None,
    name: str,
    kind: str,
    area: Area,
    parent: Organisation | None = None,
    short_name: str = "",
    contact_phone: str = "",
    address: str = "",
) -> Organisation:
    check_permission(acting_user, Permission.MANAGE_ORGANISATIONS, area)
    organisation = Organisation(
        name=name,
        kind=kind,
        area=area,
        parent=parent,
        short_name=short_name,
        contact_phone=contact_phone,
        address=address,
    )
    full_clean(organisation)
    set_history_user(organisation, acting_user)
    organisation.save()
    return organisation


@transaction.atomic
def do_update_organisation(
    organisation: Organisation,
    *,
    acting_user: User | None,
    expected_version: int,
    **changes: Any,
) -> Organisation:
    """Edit an organisation; refused if someone else saved it since `expected_version`."""
    unknown = set(changes) - ORGANISATION_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.MANAGE_ORGANISATIONS, organisation.area)
    new_area = changes.get("area")
    if new_area is not None:
        check_permission(acting_user, Permission.MANAGE_ORGANISATIONS, new_area)
    return apply_edit(
        organisation, changes, acting_user=acting_user, expected_version=expected_version
    )


def clean_roles(roles: list[str] | set[str]) -> set[str]:
    valid = set(Role.values)
    unknown = set(roles) - valid
    if unknown:
        raise XiaoanError(f"未知角色：{'、'.join(sorted(unknown))}")
    if not roles:
        raise XiaoanError("用户至少要有一个角色。")
    if separation_conflict(set(roles)):
        raise XiaoanError(SEPARATION_MESSAGE)
    return set(roles)


@transaction.atomic
def do_create_user(
    *,
    acting_user: User | None,
    username: str,
    password: str,
    full_name: str,
    roles: list[str] | set[str],
    area: Area,
    organisation: Organisation | None = None,
    title: str = "",
    phone: str = "",
    check_password_strength: bool = True,
    must_change_password: bool | None = None,
) -> User:
    """Create a user with roles in an area. Only the security administrator (or
    the system) creates users, and only within their own area. A user the
    security administrator creates must change the initial password at the first
    sign-in (so must a bootstrapped one: the caller says so); the demo's accounts
    need not."""
    from xiaoan.core.passwords import check_policy, remember_password

    check_permission(acting_user, Permission.MANAGE_USERS, area)
    codes = clean_roles(roles)
    user = User(
        username=username,
        full_name=full_name,
        title=title,
        phone=phone,
        area=area,
        organisation=organisation,
        roles=User.encode_roles(codes),
        must_change_password=(
            acting_user is not SYSTEM if must_change_password is None else must_change_password
        ),
        password_changed_at=clock.now(),
    )
    if check_password_strength:
        check_policy(password, user)
    user.set_password(password)
    full_clean_user(user)
    set_history_user(user, acting_user)
    user.save()
    remember_password(user)
    record_security_event(
        SecurityEventKind.USER_ROLES_CHANGED,
        user=acting_user,
        target=user,
        detail=f"新建用户，角色：{role_names(codes)}；辖区：{area.name}",
    )
    return user


def role_names(codes: set[str] | frozenset[str]) -> str:
    return "、".join(sorted(role_label(code) for code in codes)) or "无"


def full_clean_user(user: User) -> None:
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise XiaoanError(validation_message(exc, User), details=exc.message_dict) from exc


USER_FIELDS = {"full_name", "title", "phone", "area", "organisation", "is_active", "email"}


@transaction.atomic
def do_update_user(
    user: User,
    *,
    acting_user: User | None,
    expected_version: int,
    roles: list[str] | set[str] | None = None,
    **changes: Any,
) -> User:
    unknown = set(changes) - USER_FIELDS
    if unknown:
        raise XiaoanError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    check_permission(acting_user, Permission.MANAGE_USERS, user.area)
    if changes.get("area") is not None:
        check_permission(acting_user, Permission.MANAGE_USERS, changes["area"])
    before_roles = frozenset(user.role_codes)
    before_area = user.area
    was_active = user.is_active
    if roles is not None:
        codes = clean_roles(roles)
        if codes != before_roles and acting_user is not SYSTEM and acting_user.pk == user.pk:
            raise PermissionDeniedError("不能修改自己的角色，请由另一位安全管理员办理。")
        changes["roles"] = User.encode_roles(codes)
    updated = apply_edit(user, changes, acting_user=acting_user, expected_version=expected_version)
    record_user_changes(updated, acting_user, before_roles, before_area, was_active)
    return updated


def record_user_changes(
    user: User,
    acting_user: User | None,
    before_roles: frozenset[str],
    before_area: Area | None,
    was_active: bool,
) -> None:
    """Role, area and deactivation changes of an account go to the security log."""
    for cached in ("role_codes", "granted_permissions"):
        user.__dict__.pop(cached, None)
    after_roles = frozenset(user.role_codes)
    if after_roles != before_roles:
        record_security_event(
            SecurityEventKind.USER_ROLES_CHANGED,
            user=acting_user,
            target=user,
            detail=f"角色：{role_names(before_roles)} → {role_names(after_roles)}",
        )
    if before_area is not None and user.area is not None and user.area_id != before_area.pk:
        record_security_event(
            SecurityEventKind.USER_AREA_CHANGED,
            user=acting_user,
            target=user,
            detail=f"辖区：{before_area.name} → {user.area.name}",
        )
    if was_active and not user.is_active:
        record_deactivation(user, acting_user=acting_user)


def record_deactivation(user: User, *, acting_user: User | None) -> None:
    """A deactivated account's API tokens stop working at once, and the log says who did it."""
    from xiaoan.core.tokens import revoke_all_tokens

    revoke_all_tokens(user, acting_user=acting_user, reason="账户已停用")
    record_security_event(
        SecurityEventKind.USER_DEACTIVATED,
        user=acting_user,
        target=user,
        detail=f"停用用户 {user.username}",
    )


@transaction.atomic
def do_set_area_aliases(
    area: Area, *, acting_user: User | None, aliases: list[str], expected_version: int
) -> Area:
    """Record the other names the public uses for an area (used to place 12345 orders)."""
    check_permission(acting_user, Permission.MANAGE_AREAS, area)
    cleaned = list(dict.fromkeys(a.strip() for a in aliases if a.strip()))
    return apply_edit(
        area,
        {"aliases": "、".join(cleaned)},
        acting_user=acting_user,
        expected_version=expected_version,
    )
