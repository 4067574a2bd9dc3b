"""Pages of core: the home page per role, the inbox, health and error pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoan.core.models import Notification
from xiaoan.core.notifications import mark_all_read, mark_read

PAGE_SIZE = 25


def actor(request: HttpRequest) -> Any:
    """The signed-in user, as the services take it (`acting_user=`)."""
    return request.user


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> Any:
    """The requested page of a list (an out-of-range page shows the last one)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    qs = Notification.objects.filter(recipient=user)
    show = request.GET.get("show", "all")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    return render(request, "core/inbox.html", {"page": paginate(request, qs), "show": show})


@login_required
@require_POST
def inbox_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    user: Any = request.user
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise Http404("通知不存在")
    mark_read(notification)
    if notification.link and request.POST.get("open"):
        return redirect(notification.link)
    return redirect("inbox")


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    count = mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect("inbox")


def healthz(request: HttpRequest) -> JsonResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
