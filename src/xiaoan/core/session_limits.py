"""Session limits: a signed-in session ends after XIAOAN_SESSION_IDLE_MINUTES
without a request and XIAOAN_SESSION_MAX_HOURS after sign-in; and an account
that must change its password (bootstrapped, reset, or expired under
XIAOAN_PASSWORD_MAX_DAYS) is sent to /password/ until it has.

The times live in the session itself, so every web process agrees; the last
activity is written at most once a minute to spare the session store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from xiaoan.core import clock
from xiaoan.core.passwords import password_expired

SIGNED_IN_AT = "xa_signed_in_at"
SEEN_AT = "xa_seen_at"
SEEN_PRECISION_SECONDS = 60
#: paths an account that must change its password may still reach
PASSWORD_EXEMPT = ("/password/", "/logout/", "/login/", "/static/", "/sw.js", "/healthz")


class SessionLimitMiddleware:
    """Signs out an idle session, or one older than the maximum."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        session = request.session
        now = clock.now().timestamp()
        signed_in = session.get(SIGNED_IN_AT)
        seen = session.get(SEEN_AT)
        idle = settings.XIAOAN_SESSION_IDLE_MINUTES * 60
        longest = settings.XIAOAN_SESSION_MAX_HOURS * 3600
        if signed_in is None:
            session[SIGNED_IN_AT] = session[SEEN_AT] = now
            return
        if now - signed_in > longest:
            end(request, f"登录已超过 {settings.XIAOAN_SESSION_MAX_HOURS} 小时，请重新登录。")
        elif seen is not None and now - seen > idle:
            end(
                request,
                f"已超过 {settings.XIAOAN_SESSION_IDLE_MINUTES} 分钟未操作，"
                "为安全起见已自动退出，请重新登录。",
            )
        elif seen is None or now - seen > SEEN_PRECISION_SECONDS:
            session[SEEN_AT] = now


def start(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """On sign-in (user_logged_in): the session's clock starts."""
    if request is not None and hasattr(request, "session"):
        now = clock.now().timestamp()
        request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = now


def end(request: HttpRequest, message: str) -> None:
    logout(request)
    messages.info(request, message)


class PasswordChangeRequiredMiddleware:
    """Sends an account whose password must change to the password page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(PASSWORD_EXEMPT)
        ):
            reason = change_reason(user)
            if reason:
                if request.path.startswith("/api/"):
                    error = {"code": "password_change_required", "message": reason, "details": None}
                    return JsonResponse(
                        {"error": error},
                        status=403,
                        json_dumps_params={"ensure_ascii": False},
                    )
                messages.warning(request, reason)
                return redirect("password_change")
        return self.get_response(request)


def change_reason(user: Any) -> str:
    if getattr(user, "must_change_password", False):
        return "首次登录或密码已被重置：请先修改密码再继续使用。"
    if password_expired(user):
        return f"密码已超过 {settings.XIAOAN_PASSWORD_MAX_DAYS} 天未修改，请先修改密码。"
    return ""
