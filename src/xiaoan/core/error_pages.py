"""xiaoan's own error answers: a Chinese page with a way back for the pages, and
the API's one JSON error shape for anything under /api/.

Django calls these as handler400/403/404/500 (urls.py) and as the CSRF failure
view (settings.CSRF_FAILURE_VIEW) whenever debug is off; `MethodNotAllowedMiddleware`
turns the bare 405 that `require_POST` and friends return into the same kind of
answer. The 400 and 500 pages are plain (no menu, no database) because the request
that led to them may be the broken part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from xiaoan.core.securitylog import SecurityEventKind, record_security_event

#: the API's messages, one per status, as `core.api` words them
API_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求无效，无法处理。"),
    403: ("forbidden", "无权执行此操作。"),
    404: ("not_found", "记录不存在或无权访问。"),
    405: ("method_not_allowed", "不支持此请求方法。"),
    500: ("server_error", "服务器内部错误，已记录，请稍后重试。"),
}
CSRF_MESSAGE = (
    "CSRF 校验未通过：请刷新页面后重新提交；脚本调用请使用令牌（Authorization: Bearer …）。"
)

#: request methods in Chinese messages
METHOD_NAMES = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_error(
    status: int, code: str, message: str, details: Any = None, **headers: str
) -> JsonResponse:
    response = JsonResponse(
        {"error": {"code": code, "message": message, "details": details}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _api_default(status: int) -> JsonResponse:
    code, message = API_MESSAGES[status]
    return api_error(status, code, message)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return _api_default(400)
    return HttpResponse(loader.render_to_string("400.html"), status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    record_security_event(
        SecurityEventKind.PERMISSION_DENIED,
        request=request,
        target=f"{request.method} {request.path}"[:200],
        detail=str(exception or "")[:200],
    )
    if wants_json(request):
        return _api_default(403)
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return _api_default(404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return _api_default(500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if wants_json(request):
        return api_error(403, "csrf_failed", CSRF_MESSAGE)
    return render(request, "403_csrf.html", status=403)


def method_not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    """The 405 answer: which method was refused and which ones the address takes."""
    allowed_text = "、".join(m for m in METHOD_NAMES if m in allowed) or "无"
    message = f"此地址不支持 {request.method} 请求（允许：{allowed_text}）。"
    allow = ", ".join(allowed)
    if wants_json(request):
        return api_error(405, "method_not_allowed", message, Allow=allow)
    response = render(request, "405.html", {"message": message}, status=405)
    response["Allow"] = allow
    return response


class MethodNotAllowedMiddleware:
    """Replaces a bare 405 (Django's `require_http_methods`, ninja's plain-text
    "Method not allowed") with the Chinese page, or the JSON error under /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
        return method_not_allowed(request, allowed)
