"""The application's URL map plus two addresses that fail on purpose, for the
error-page tests: a page that fails, one that refuses, and a small API whose operation runs
Django's password validators."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI, Schema

from xiaoan.core.api import AUTH, ChineseJSONRenderer, install_error_handlers
from xiaoan.core.api_errors import install_django_error_handlers
from xiaoan.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a page failed")


class PasswordIn(Schema):
    password: str


probe = NinjaAPI(auth=AUTH, urls_namespace="probe-api", renderer=ChineseJSONRenderer())
install_error_handlers(probe)
install_django_error_handlers(probe)


@probe.post("/password")
def check_password(request: HttpRequest, payload: PasswordIn) -> dict[str, bool]:
    validate_password(payload.password, request.user)
    return {"ok": True}


@probe.get("/boom")
def api_boom(request: HttpRequest) -> dict[str, bool]:
    raise RuntimeError("an operation failed")


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("api/probe/", probe.urls),
    *urlpatterns,
]
