"""Template context shared by every page: the menu, the unread count, the clock."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from xiaoan.core import clock, navigation
from xiaoan.core.account_views import may_unlock
from xiaoan.core.models import Notification


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "today": clock.today(),
        "clock_pinned": clock.pinned_date() is not None,
        "debug_mode": settings.DEBUG,
    }
    if user is not None and user.is_authenticated:
        context["nav_groups"] = navigation.menu_for(user)
        context["unread_count"] = Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count()
        context["may_unlock"] = may_unlock(user)
    return context
