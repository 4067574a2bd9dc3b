"""Sign-in security: lockout after repeated failures, and personal API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction

from xiaoan.core import clock
from xiaoan.core.models import ApiToken, LoginFailure, hash_token

TOKEN_PREFIX = "xa_"


def lockout_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.XIAOAN_LOCKOUT_MINUTES)


def is_locked_out(username: str) -> bool:
    """True when the username has had too many failures within the window."""
    since = clock.now() - lockout_window()
    failures = LoginFailure.objects.filter(username=username.lower(), at__gte=since).count()
    return failures >= settings.XIAOAN_LOCKOUT_FAILURES


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), ip=ip)


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


class ScopedModelBackend(ModelBackend):
    """The usual username/password backend, refusing locked-out usernames and
    loading the user's area and organisation with it (one query per request)."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username and is_locked_out(username):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        user = (
            user_model._default_manager.select_related("area", "organisation")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None


def create_token(user: Any, name: str = "") -> str:
    """Create a personal API token for `user`; the raw token is returned once."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:8])
    return raw


def user_for_token(raw: str) -> Any:
    """The active user a token belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user", "user__area", "user__organisation")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
