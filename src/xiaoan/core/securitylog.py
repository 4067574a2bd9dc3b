"""The security log (安全审计): sign-ins, lockouts, tokens, role changes,
refusals, exports of personal data, backups — separate from the records'
histories, kept at least 180 days, read-only to everyone.

Every part of xiaoan that does something an assessor audits calls
`record_security_event`; the kinds are the values of `SecurityEventKind`.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import models

from xiaoan.core import clock
from xiaoan.core.clientaddr import client_address

logger = logging.getLogger("xiaoan.security")


class SecurityEventKind(models.TextChoices):
    LOGIN_SUCCEEDED = "login_succeeded", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出登录"
    LOCKED_OUT = "locked_out", "账号锁定"
    UNLOCKED = "unlocked", "解除锁定"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    TOKEN_ISSUED = "token_issued", "签发令牌"
    TOKEN_FIRST_USED = "token_first_used", "令牌首次使用"
    TOKEN_REVOKED = "token_revoked", "吊销令牌"
    USER_ROLES_CHANGED = "user_roles_changed", "用户角色变更"
    USER_AREA_CHANGED = "user_area_changed", "用户区域变更"
    USER_DEACTIVATED = "user_deactivated", "停用用户"
    PERMISSION_DENIED = "permission_denied", "越权访问被拒绝"
    PERSONAL_DATA_EXPORTED = "personal_data_exported", "导出个人信息"
    PERSONAL_DATA_REVEALED = "personal_data_revealed", "查看个人信息原文"
    BACKUP = "backup", "备份"
    RESTORE = "restore", "恢复"


def record_security_event(
    kind: str,
    *,
    request: Any = None,
    user: Any = None,
    username: str = "",
    target: Any = None,
    detail: str = "",
) -> None:
    """Write one event of `kind` (a SecurityEventKind value).

    `user` is the acting account (taken from the request when not given),
    `username` the name tried where there is no account (a failed sign-in),
    `target` the record or account acted on, `detail` a short sentence in
    Chinese. The client address comes from the request.
    """
    from xiaoan.core.models import SecurityEvent

    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not username:
        username = user.get_username()
    target_type, target_id, target_label = describe_target(target)
    event = SecurityEvent(
        at=clock.now(),
        kind=kind,
        user=user,
        username=username[:150],
        client_address=client_address(request) if request is not None else "",
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        detail=detail[:500],
        area_path=area_path_of(target, user, username),
    )
    event.save()
    logger.debug(
        "%s user=%s username=%s address=%s target=%s:%s %s",
        kind,
        getattr(user, "pk", None),
        username,
        event.client_address,
        target_type,
        target_id,
        detail,
    )


def describe_target(target: Any) -> tuple[str, str, str]:
    """(type, id, label) of what an event acted on: a record, or a plain text."""
    if target is None:
        return "", "", ""
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk or ""), str(target)[:200]
    return "", "", str(target)[:200]


def area_path_of(target: Any, user: Any, username: str) -> str:
    """The area an event belongs to, which decides who may read it: the target
    account's, else the acting account's, else that of the username tried."""
    for account in (target, user):
        area = getattr(account, "area", None) if account is not None else None
        if area is not None and hasattr(account, "roles"):
            return str(area.path)
    if user is not None and getattr(user, "area", None) is not None:
        return str(user.area.path)
    if username:
        from django.contrib.auth import get_user_model

        known = get_user_model().objects.filter(username=username).select_related("area").first()
        if known is not None and getattr(known, "area", None) is not None:
            return str(known.area.path)
    return ""


def retention_days() -> int:
    return max(180, int(settings.XIAOAN_SECURITY_LOG_DAYS))


def purge_expired() -> int:
    """Remove entries older than the retention period (at least 180 days);
    run by the worker's periodic checks. Idempotent."""
    from xiaoan.core.models import SecurityEvent

    cutoff = clock.now() - dt.timedelta(days=retention_days())
    return SecurityEvent.objects.purge_before(cutoff)


def on_logged_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    record_security_event(SecurityEventKind.LOGIN_SUCCEEDED, request=request, user=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any] | None = None, request: Any = None, **kwargs: Any
) -> None:
    tried = str((credentials or {}).get("username", ""))
    record_security_event(
        SecurityEventKind.LOGIN_FAILED,
        request=request,
        username=tried,
        detail="用户名或密码错误",
    )


def on_logged_out(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    if user is not None:
        record_security_event(SecurityEventKind.LOGOUT, request=request, user=user)


def connect_signals() -> None:
    """Sign-ins, failed sign-ins and sign-outs, from Django's auth signals."""
    from django.contrib.auth import signals

    signals.user_logged_in.connect(on_logged_in, dispatch_uid="xiaoan-security-login")
    signals.user_login_failed.connect(on_login_failed, dispatch_uid="xiaoan-security-failed")
    signals.user_logged_out.connect(on_logged_out, dispatch_uid="xiaoan-security-logout")


def record_export(request: Any, what: str, count: int) -> None:
    """An Excel export of records that carry personal information."""
    query = request.GET.urlencode() if request is not None else ""
    record_security_event(
        SecurityEventKind.PERSONAL_DATA_EXPORTED,
        request=request,
        target=what,
        detail=f"导出{what} {count} 条" + (f"（筛选：{query}）" if query else ""),
    )
