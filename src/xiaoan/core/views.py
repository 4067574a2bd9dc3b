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
from xiaoan.core.securitylog import SecurityEventKind, record_security_event

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


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse(
            {"error": {"code": "not_found", "message": "记录不存在或无权访问。", "details": None}},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return JsonResponse(
            {
                "error": {
                    "code": "server_error",
                    "message": "服务器内部错误，已记录，请稍后重试。",
                    "details": None,
                }
            },
            status=500,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "500.html", status=500)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    record_security_event(
        SecurityEventKind.PERMISSION_DENIED,
        request=request,
        target=f"{request.method} {request.path}"[:200],
        detail=str(exception or "")[:200],
    )
    if wants_json(request):
        return JsonResponse(
            {"error": {"code": "forbidden", "message": "无权执行此操作。", "details": None}},
            status=403,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
