"""The password policy (等保 2.0 level 3) and the one door for changing a password.

Validators (AUTH_PASSWORD_VALIDATORS) speak Chinese whatever language is
active — the API, the command line and the pages all see the same words:
at least 8 characters of three of the four classes, not the username, not a
common password, not one of the last five. `do_change_password` stores the
new hash in the history, revokes the user's API tokens and logs the change;
`password_expired` says when XIAOAN_PASSWORD_MAX_DAYS has passed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    UserAttributeSimilarityValidator,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.db import transaction

from xiaoan.core import clock
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.models import PasswordHistory
from xiaoan.core.securitylog import SecurityEventKind, record_security_event
from xiaoan.core.tokens import revoke_all_tokens

CLASSES = (
    ("大写字母", re.compile(r"[A-Z]")),
    ("小写字母", re.compile(r"[a-z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^A-Za-z0-9]")),
)
HISTORY_SIZE = 5


class ComplexityValidator:
    """At least `min_length` characters drawn from at least `min_classes` of
    upper case, lower case, digits and symbols."""

    def __init__(self, min_length: int = 8, min_classes: int = 3) -> None:
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        problems = []
        if len(password) < self.min_length:
            problems.append(f"密码至少 {self.min_length} 位（当前 {len(password)} 位）")
        present = [name for name, pattern in CLASSES if pattern.search(password)]
        if len(present) < self.min_classes:
            problems.append(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类"
                f"（当前 {len(present)} 类）"
            )
        if problems:
            raise ValidationError(problems, code="password_too_simple")

    def get_help_text(self) -> str:
        return (
            f"至少 {self.min_length} 位，包含大写字母、小写字母、数字、符号中的至少 "
            f"{self.min_classes} 类。"
        )


class NotUsernameValidator(UserAttributeSimilarityValidator):
    """Not the username (forwards or backwards, in any case), nor too close to
    the username, the name or the e-mail address (Django's similarity check)."""

    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if username and password.lower() in (username, username[::-1]):
            raise ValidationError("密码不能与用户名相同。", code="password_is_username")
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                "密码与用户名、姓名或电子邮箱过于相似。", code="password_too_similar"
            ) from None

    def get_help_text(self) -> str:
        return "不能是用户名，也不能与姓名、电子邮箱过于相似。"


class ChineseCommonPasswordValidator(CommonPasswordValidator):
    """Django's list of 20,000 common passwords, refused in Chinese."""

    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError:
            raise ValidationError(
                "该密码过于常见，容易被猜中。", code="password_too_common"
            ) from None

    def get_help_text(self) -> str:
        return "不能是常见密码。"


class HistoryValidator:
    """Not the current password nor one of the last `count` the user had."""

    def __init__(self, count: int = HISTORY_SIZE) -> None:
        self.count = count

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        hashes = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[
                : self.count
            ]
        )
        if user.password and user.password not in hashes:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes if encoded):
            raise ValidationError(
                f"新密码不能与最近 {self.count} 次使用过的密码相同。", code="password_reused"
            )

    def get_help_text(self) -> str:
        return f"不能与最近 {self.count} 次使用过的密码相同。"


def check_policy(password: str, user: Any) -> None:
    """Raise XiaoanError with every unmet rule, in Chinese."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise XiaoanError(
            "密码不符合要求：" + "；".join(exc.messages), details={"password": exc.messages}
        ) from exc


def remember_password(user: Any) -> None:
    """Keep the user's current hash in the history, and only the last few."""
    PasswordHistory.objects.create(user=user, password=user.password, set_at=clock.now())
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[HISTORY_SIZE:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


@transaction.atomic
def do_change_password(
    user: Any,
    *,
    acting_user: Any,
    password: str,
    must_change: bool = False,
    request: Any = None,
    check_strength: bool = True,
) -> Any:
    """Set `user`'s password (by the user, an administrator, or the system when
    None). `must_change` makes the next sign-in choose another one (a reset).
    Every API token of the user is revoked: a token must not outlive a password."""
    from xiaoan.core.versioning import set_history_user

    if check_strength:
        check_policy(password, user)
    user.set_password(password)
    user.must_change_password = must_change
    user.password_changed_at = clock.now()
    set_history_user(user, acting_user)
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    remember_password(user)
    by_admin = acting_user is not None and acting_user.pk != user.pk
    revoke_all_tokens(
        user,
        acting_user=acting_user,
        reason="管理员重置了密码" if by_admin else "密码已修改",
        request=request,
    )
    record_security_event(
        SecurityEventKind.PASSWORD_CHANGED,
        request=request,
        user=acting_user,
        target=user,
        detail=(f"管理员重置 {user.username} 的密码（须在登录后修改）" if must_change else "")
        or f"{user.username} 的密码已修改",
    )
    return user


@transaction.atomic
def do_reset_password(user: Any, *, acting_user: Any, password: str, request: Any = None) -> Any:
    """An administrator gives `user` a temporary password; the user must change
    it at the next sign-in."""
    from xiaoan.areas.roles import Permission
    from xiaoan.areas.services import check_permission

    check_permission(acting_user, Permission.MANAGE_USERS, user.area)
    if acting_user is not None and acting_user.pk == user.pk:
        raise PermissionDeniedError("请通过“修改密码”修改自己的密码。")
    return do_change_password(
        user, acting_user=acting_user, password=password, must_change=True, request=request
    )


def password_expired(user: Any) -> bool:
    """True when XIAOAN_PASSWORD_MAX_DAYS is set and the password is older."""
    max_days = settings.XIAOAN_PASSWORD_MAX_DAYS
    if not max_days:
        return False
    changed = user.password_changed_at or user.date_joined
    return bool(changed and clock.now() - changed > dt.timedelta(days=max_days))
