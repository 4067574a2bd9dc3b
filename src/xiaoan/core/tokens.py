"""Personal API tokens: issued with a name and an expiry (XIAOAN_TOKEN_DAYS),
shown once, listed and revoked by their owner, and all revoked when the
owner's password changes or the account is deactivated.

Only a token's SHA-256 is stored. Each function writes a security-log event.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from xiaoan.core import clock
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.models import ApiToken, hash_token
from xiaoan.core.securitylog import SecurityEventKind, record_security_event

TOKEN_PREFIX = "xa_"
#: a token's last use is written at most this often
LAST_USED_PRECISION = dt.timedelta(minutes=5)
MAX_TOKEN_DAYS = 3650

#: why a presented token is refused, in the words the API answers with
REFUSALS = {
    "invalid": "令牌无效，请检查令牌或重新签发。",
    "revoked": "令牌已吊销，请在“API 令牌”页面重新签发。",
    "expired": "令牌已过期，请在“API 令牌”页面重新签发。",
    "inactive": "该账户已停用，令牌不可使用。",
}


class TokenRefusedError(XiaoanError):
    """A presented token that is no longer valid (answered 401)."""

    status = 401

    def __init__(self, problem: str) -> None:
        super().__init__(REFUSALS.get(problem, REFUSALS["invalid"]))
        self.code = f"token_{problem}"


def active_tokens() -> Any:
    now = clock.now()
    return ApiToken.objects.filter(revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


@transaction.atomic
def issue_token(
    user: Any, *, acting_user: Any, name: str, days: int | None = None, request: Any = None
) -> tuple[ApiToken, str]:
    """Issue a token for `user` (by the user, or by the system when `acting_user`
    is None); returns the record and the raw token, which is never shown again."""
    if acting_user is not None and acting_user.pk != user.pk:
        raise PermissionDeniedError("只能为自己签发令牌。")
    if not user.is_active:
        raise XiaoanError("该账户已停用，不能签发令牌。")
    name = name.strip()
    if not name:
        raise XiaoanError("请填写令牌名称（如用途或脚本名）。")
    if len(name) > 100:
        raise XiaoanError("令牌名称最多 100 个字。")
    days = settings.XIAOAN_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise XiaoanError(f"有效期应为 1 至 {MAX_TOKEN_DAYS} 天。")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=hash_token(raw),
        prefix=raw[:8],
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    record_security_event(
        SecurityEventKind.TOKEN_ISSUED,
        request=request,
        user=acting_user or user,
        target=token,
        detail=f"签发令牌“{name}”（{token.prefix}…），有效期 {days} 天",
    )
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, acting_user: Any, request: Any = None) -> ApiToken:
    """Revoke one token; only its owner (or the system) may."""
    if acting_user is not None and acting_user.pk != token.user_id:
        raise PermissionDeniedError("只能吊销自己的令牌。")
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record_security_event(
            SecurityEventKind.TOKEN_REVOKED,
            request=request,
            user=acting_user or token.user,
            target=token,
            detail=f"吊销令牌“{token.name}”（{token.prefix}…）",
        )
    return token


@transaction.atomic
def revoke_all_tokens(user: Any, *, acting_user: Any, reason: str, request: Any = None) -> int:
    """Revoke every token of `user` still in force; `reason` goes into the log."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )
    if count:
        record_security_event(
            SecurityEventKind.TOKEN_REVOKED,
            request=request,
            user=acting_user,
            target=user,
            detail=f"吊销 {user.username} 的全部 {count} 个令牌：{reason}",
        )
    return count


def authenticate_token(raw: str) -> tuple[Any, str | None]:
    """(user, None) for a valid token, else (None, why): invalid, revoked,
    expired or inactive. Records the token's use."""
    token = (
        ApiToken.objects.select_related("user", "user__area", "user__organisation")
        .filter(key_hash=hash_token(raw))
        .first()
    )
    if token is None:
        return None, "invalid"
    now = clock.now()
    if token.revoked_at is not None:
        return None, "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return None, "expired"
    if not token.user.is_active:
        return None, "inactive"
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            if token.last_used_at is None:
                record_security_event(
                    SecurityEventKind.TOKEN_FIRST_USED,
                    user=token.user,
                    target=token,
                    detail=f"令牌“{token.name}”（{token.prefix}…）首次使用",
                )
    return token.user, None
