"""`GET /api/security-events`: the security log, read-only, with the page's filters."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from xiaoan.core.models import SecurityEvent
from xiaoan.core.paging import BoundedPagination
from xiaoan.core.securitylog_queries import SecurityEventFilter, visible_events

security_events_router = Router(tags=["security-log"])


class SecurityEventOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    kind_label: str
    user_id: int | None
    username: str
    client_address: str
    target_type: str
    target_id: str
    target_label: str
    detail: str

    @staticmethod
    def resolve_kind_label(obj: SecurityEvent) -> str:
        return str(obj.get_kind_display())


@security_events_router.get(
    "", response=list[SecurityEventOut], summary="安全审计日志（审计管理员、审计人员）"
)
@paginate(BoundedPagination)
def list_security_events(request: HttpRequest, filters: Query[SecurityEventFilter]) -> Any:
    return filters.filter(visible_events(request.user))
