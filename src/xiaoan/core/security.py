"""Sign-in security: the authentication backend that refuses locked-out
clients (see core.lockout), and the API token helpers scripts and tests use
(see core.tokens)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from xiaoan.core.lockout import current_lock
from xiaoan.core.tokens import TOKEN_PREFIX, authenticate_token, issue_token

__all__ = ["TOKEN_PREFIX", "ScopedModelBackend", "create_token", "user_for_token"]


class ScopedModelBackend(ModelBackend):
    """The usual username/password backend, refusing a username locked for the
    request's client and loading the user's area and organisation with it
    (one query per request)."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username and current_lock(username, request) is not None:
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
    """Issue a personal API token for `user` (by the system); the raw token is returned once."""
    _, raw = issue_token(user, acting_user=None, name=name or "命令行生成")
    return raw


def user_for_token(raw: str) -> Any:
    """The active user a valid token belongs to, or None."""
    user, _problem = authenticate_token(raw)
    return user
