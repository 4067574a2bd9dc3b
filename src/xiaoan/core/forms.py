"""Forms of core: sign-in with lockout, changing a password, issuing a token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.contrib.auth.signals import user_login_failed

from xiaoan.core import lockout
from xiaoan.core.cleanforms import CleanForm


class LoginForm(AuthenticationForm):
    """Django's sign-in form, with the lockout of core.lockout: a locked client
    is told in Chinese when it may try again."""

    error_messages = {
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账户已停用，请联系管理员。",
    }

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip()
        lock = lockout.current_lock(username, self.request) if username else None
        if lock is not None:
            # refused before the password is checked; still a failed sign-in for the log
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=self.request
            )
            raise forms.ValidationError(lock.message, code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                lock = lockout.record_failure(username, self.request)
                if lock is not None:
                    raise forms.ValidationError(lock.message, code="locked") from None
            raise
        lockout.clear_failures(username, self.request)
        return cleaned


class PolicyHelpMixin:
    """Chinese labels; the policy's rules shown under the new password."""

    def label_fields(self: Any) -> None:
        labels = {
            "old_password": "当前密码",
            "new_password1": "新密码",
            "new_password2": "再次输入新密码",
        }
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
        if "new_password2" in self.fields:
            self.fields["new_password2"].help_text = ""
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "两次输入的新密码不一致。",
        }


class XiaoanPasswordChangeForm(PolicyHelpMixin, PasswordChangeForm):
    """Change one's own password; a wrong current password counts as a failed
    sign-in (so it cannot be guessed without limit)."""

    def __init__(self, user: Any, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request
        self.label_fields()
        self.error_messages["password_incorrect"] = "当前密码不正确。"

    def clean_old_password(self) -> str:
        username = self.user.get_username()
        lock = lockout.current_lock(username, self.request)
        if lock is not None:
            raise forms.ValidationError(lock.message, code="locked")
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            lock = lockout.record_failure(username, self.request)
            if lock is not None:
                raise forms.ValidationError(lock.message, code="locked") from None
            raise


class ResetPasswordForm(PolicyHelpMixin, SetPasswordForm):
    """An administrator's temporary password for another user."""

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.label_fields()
        self.fields["new_password1"].label = "临时密码"
        self.fields["new_password2"].label = "再次输入临时密码"


class TokenForm(CleanForm):
    """A new API token: what it is for, and for how many days."""

    name = forms.CharField(label="名称（用途）", max_length=100)
    days = forms.IntegerField(label="有效期（天）", min_value=1, max_value=3650)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.fields["name"].error_messages["required"] = "请填写令牌名称（如用途或脚本名）。"
        self.fields["days"].error_messages.update(
            required="请填写有效期天数。",
            invalid="有效期应为整数天。",
            min_value="有效期至少 1 天。",
            max_value="有效期最多 3650 天。",
        )
