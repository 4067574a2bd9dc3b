"""Forms of core: sign-in with lockout."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from xiaoan.core.security import clear_failures, is_locked_out, record_failure


def client_ip(request: Any) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


class LoginForm(AuthenticationForm):
    """Django's sign-in form, locking a username after repeated failures."""

    error_messages = {
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账户已停用，请联系管理员。",
        "locked": "登录失败次数过多，该账户已暂时锁定（最长 %(minutes)s 分钟），请稍后再试或联系管理员。",
    }

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip()
        if username and is_locked_out(username):
            raise self.locked_error()
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                record_failure(username, client_ip(self.request))
                if is_locked_out(username):
                    raise self.locked_error() from None
            raise
        clear_failures(username)
        return cleaned

    def locked_error(self) -> forms.ValidationError:
        return forms.ValidationError(
            self.error_messages["locked"],
            code="locked",
            params={"minutes": settings.XIAOAN_LOCKOUT_MINUTES},
        )
