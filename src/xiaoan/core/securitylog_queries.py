"""Reading the security log: who may, which entries, and the shared filter set
of its page and its API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.utils.timezone import localtime
from ninja import Field, FilterLookup

from xiaoan.core import clock
from xiaoan.core.errors import PermissionDeniedError
from xiaoan.core.filtering import BoundedFilterSchema
from xiaoan.core.models import SecurityEvent

VIEW_SECURITY_LOG = "view_security_log"


def visible_events(user: Any) -> QuerySet[SecurityEvent]:
    """The entries `user` may read, or PermissionDeniedError.

    Only holders of `view_security_log` (the audit administrator and the
    auditor) read the log. Entries are scoped like everything else, by the
    area of the account concerned; entries with no area (a sign-in attempt
    with an unknown name) are visible only from the top of the tree.
    """
    if user is None or not user.is_authenticated or not user.can(VIEW_SECURITY_LOG):
        raise PermissionDeniedError("只有审计管理员和审计人员可以查看安全审计日志。")
    area = getattr(user, "area", None)
    if area is None:
        return SecurityEvent.objects.none()
    events = SecurityEvent.objects.select_related("user")
    if area.parent_id is None:
        return events
    return events.filter(area_path__startswith=area.path)


def local_day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=clock.LOCAL_TZ)


class SecurityEventFilter(BoundedFilterSchema):
    kind: Annotated[str | None, FilterLookup("kind"), Field(description="事件类型")] = None
    user: Annotated[
        str | None,
        FilterLookup(["username__icontains", "user__full_name__icontains"]),
        Field(description="用户名或姓名包含"),
    ] = None
    address: Annotated[
        str | None, FilterLookup("client_address__startswith"), Field(description="客户端地址")
    ] = None
    date_from: Annotated[dt.date | None, Field(description="日期起")] = None
    date_to: Annotated[dt.date | None, Field(description="日期止")] = None

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(at__gte=local_day_start(value)) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(at__lt=local_day_start(value + dt.timedelta(days=1))) if value else Q()


def event_row(event: SecurityEvent) -> list[Any]:
    """One entry as the columns of the page's Excel export."""
    target = event.target_label
    if event.target_type:
        target = f"{target}（{event.target_type}#{event.target_id}）"
    return [
        localtime(event.at, clock.LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S"),
        event.get_kind_display(),
        event.username,
        event.user.full_name if event.user else "",
        event.client_address,
        target,
        event.detail,
    ]


EXPORT_HEADERS = ["时间", "事件", "用户名", "姓名", "客户端地址", "对象", "说明"]
