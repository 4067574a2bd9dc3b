"""Pages of one's own account and of sign-in security: changing the password,
the API tokens page, the administrator's lockout page and password reset."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from xiaoan.core import lockout
from xiaoan.core.errors import XiaoanError
from xiaoan.core.forms import ResetPasswordForm, TokenForm, XiaoanPasswordChangeForm
from xiaoan.core.models import ApiToken
from xiaoan.core.passwords import do_change_password, do_reset_password
from xiaoan.core.scoping import get_visible_or_404
from xiaoan.core.tokens import issue_token, revoke_token
from xiaoan.core.views import actor

#: roles that may lift a lockout: the system administrator, and the security
#: administrator where the three-role separation defines one
UNLOCK_ROLES = ("admin", "security_admin")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, with the lockout on the current password and the change
    made through `do_change_password` (history, token revocation, the log)."""

    form_class = XiaoanPasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["forced"] = getattr(self.request.user, "must_change_password", False)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            do_change_password(
                form.user,
                acting_user=form.user,
                password=form.cleaned_data["new_password1"],
                request=self.request,
                check_strength=False,  # the form has just run the same validators
            )
        except XiaoanError as exc:
            form.add_error("new_password1", exc.message)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)
        return redirect(self.get_success_url())


def token_page(request: HttpRequest, form: TokenForm, raw: str = "", status: int = 200) -> Any:
    tokens = ApiToken.objects.filter(user=actor(request))
    return render(
        request,
        "core/tokens.html",
        {"tokens": tokens, "form": form, "raw_token": raw},
        status=status,
    )


def new_token_form(data: Any = None) -> TokenForm:
    from django.conf import settings

    return TokenForm(data, initial={"days": settings.XIAOAN_TOKEN_DAYS})


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own tokens; a new one is shown once, on the page that issued it."""
    if request.method != "POST":
        return token_page(request, new_token_form())
    form = new_token_form(request.POST)
    if not form.is_valid():
        return token_page(request, form, status=400)
    try:
        token, raw = issue_token(
            request.user,
            acting_user=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            request=request,
        )
    except XiaoanError as exc:
        form.add_error(None, exc.message)
        return token_page(request, form, status=400)
    messages.success(request, f"已签发令牌“{token.name}”。请立即复制保存，离开本页后不再显示。")
    return token_page(request, new_token_form(), raw=raw)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user=actor(request)).first()
    if token is None:
        raise Http404("令牌不存在")
    revoke_token(token, acting_user=request.user, request=request)
    messages.success(request, f"已吊销令牌“{token.name}”。")
    return redirect("tokens")


def may_unlock(user: Any) -> bool:
    return any(user.has_role(role) for role in UNLOCK_ROLES)


def visible_usernames(user: Any, usernames: set[str]) -> set[str]:
    from xiaoan.areas.models import User

    return {
        name.lower()
        for name in User.objects.restrict(user)
        .filter(username__in=usernames)
        .values_list("username", flat=True)
    }


@login_required
def lockouts(request: HttpRequest) -> HttpResponse:
    """The sign-in locks in force for the accounts the administrator sees; an
    administrator of the whole tree also sees the locked client addresses."""
    user: Any = request.user
    if not may_unlock(user):
        raise Http404
    pairs = lockout.active_pair_locks()
    visible = visible_usernames(user, {lock.username for lock in pairs})
    whole_tree = user.area is not None and user.area.parent_id is None
    return render(
        request,
        "core/lockouts.html",
        {
            "pairs": [lock for lock in pairs if lock.username in visible],
            "addresses": lockout.active_address_locks() if whole_tree else [],
        },
    )


@login_required
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not may_unlock(user):
        raise Http404
    username = request.POST.get("username", "").strip()
    address = request.POST.get("ip", "").strip()
    if username:
        if username.lower() not in visible_usernames(user, {username}):
            raise Http404("用户不存在或不在本辖区")
        lockout.unlock_username(username, acting_user=user, request=request)
        messages.success(request, f"已解除用户“{username}”的登录锁定。")
    elif address and user.area is not None and user.area.parent_id is None:
        lockout.unlock_address(address, acting_user=user, request=request)
        messages.success(request, f"已解除地址 {address} 的登录锁定。")
    else:
        messages.error(request, "请指定要解除锁定的用户名或地址。")
    return redirect("lockouts")


@login_required
def reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    """An administrator sets a temporary password; the user changes it at sign-in."""
    from xiaoan.areas.models import User
    from xiaoan.areas.roles import Permission

    person = get_visible_or_404(User.objects.select_related("area"), request.user, pk=user_id)
    if not request.user.can(Permission.MANAGE_USERS):  # type: ignore[union-attr]
        raise Http404
    form = ResetPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_reset_password(
                person,
                acting_user=request.user,
                password=form.cleaned_data["new_password1"],
                request=request,
            )
        except XiaoanError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"已重置“{person.display_name}”的密码，其下次登录时须修改密码。"
            )
            return redirect("user-detail", user_id=person.pk)
    return render(request, "core/reset_password.html", {"form": form, "person": person})
