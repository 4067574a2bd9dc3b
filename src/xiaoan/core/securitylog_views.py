"""The security log page (/security-log/): search, pages, Excel export.
Read-only: there is no way to change or remove an entry from here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xiaoan.core import clock
from xiaoan.core.exports import xlsx_response
from xiaoan.core.filtering import parse_filter
from xiaoan.core.models import SecurityEvent
from xiaoan.core.securitylog import SecurityEventKind
from xiaoan.core.securitylog_queries import (
    EXPORT_HEADERS,
    SecurityEventFilter,
    event_row,
    visible_events,
)
from xiaoan.core.views import paginate

EXPORT_LIMIT = 50_000


def filtered(request: HttpRequest) -> tuple[QuerySet[SecurityEvent], str | None]:
    """The entries the signed-in user may read, narrowed by the page's filters."""
    from xiaoan.core.errors import PermissionDeniedError

    try:
        events = visible_events(request.user)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    filters, error = parse_filter(SecurityEventFilter, request.GET)
    return filters.filter(events), error


@login_required
@require_GET
def security_log(request: HttpRequest) -> HttpResponse:
    events, error = filtered(request)
    context: dict[str, Any] = {
        "page": paginate(request, events, per_page=50),
        "kinds": SecurityEventKind.choices,
        "error": error,
    }
    return render(request, "core/security_log.html", context)


@login_required
@require_GET
def security_log_export(request: HttpRequest) -> HttpResponseBase:
    events, _ = filtered(request)
    rows = (event_row(e) for e in events[:EXPORT_LIMIT].iterator(chunk_size=2000))
    name = f"安全审计日志-{clock.today():%Y%m%d}.xlsx"
    return xlsx_response("安全审计日志", EXPORT_HEADERS, rows, name)
