"""The security log (安全审计): sign-ins, lockouts, tokens, role changes,
refusals, exports of personal data, backups — separate from the records'
histories, kept at least 180 days, read-only to everyone.

Every part of xiaoan that does something an assessor audits calls
`record_security_event`; the kinds are the values of `SecurityEventKind`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import models

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
    logger.info(
        "%s user=%s username=%s target=%r %s",
        kind,
        getattr(user or getattr(request, "user", None), "pk", None),
        username,
        target,
        detail,
    )
