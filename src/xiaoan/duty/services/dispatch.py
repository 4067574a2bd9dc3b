"""The daily dispatch: a period during which listed organisations report their
safety status each day by a set time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core import clock
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.versioning import apply_edit

from ..choices import SafetyStatus
from ..models import DispatchPeriod, DispatchSubmission
from .common import save_new


@transaction.atomic
def do_create_dispatch_period(
    *,
    acting_user: User | None,
    title: str,
    area: Area,
    start_date: dt.date,
    organisations: Iterable[Organisation],
    due_time: dt.time = dt.time(15, 0),
    end_date: dt.date | None = None,
    description: str = "",
) -> DispatchPeriod:
    """Start a daily dispatch: from `start_date`, each listed organisation reports by `due_time`."""
    check_permission(acting_user, Permission.MANAGE_DUTY, area)
    if end_date is not None and end_date < start_date:
        raise XiaoanError("结束日期早于开始日期。")
    units = list(organisations)
    if not units:
        raise XiaoanError("请至少选择一个报送单位。")
    for unit in units:
        if not unit.area.is_within(area):
            raise XiaoanError(f"报送单位“{unit.name}”不在“{area.name}”范围内。")
    period = save_new(
        DispatchPeriod(
            title=title.strip(),
            area=area,
            start_date=start_date,
            end_date=end_date,
            due_time=due_time,
            description=description,
        ),
        acting_user,
    )
    period.organisations.set(units)
    return period


def due_at(period: DispatchPeriod, day: dt.date) -> dt.datetime:
    """The moment a day's submission is due, Beijing time, as an aware datetime."""
    return dt.datetime.combine(day, period.due_time, tzinfo=clock.LOCAL_TZ)


@transaction.atomic
def do_submit_status(
    period: DispatchPeriod,
    *,
    acting_user: User | None,
    organisation: Organisation,
    date: dt.date,
    status: str,
    content: str,
    submitted_at: dt.datetime | None = None,
) -> DispatchSubmission:
    """An organisation reports its safety status for a day. A second submission for
    the same day replaces the text (with history), keeping one row per day.
    `submitted_at` is for a status given earlier by phone and recorded afterwards."""
    check_permission(acting_user, Permission.SUBMIT_DISPATCH, organisation.area)
    if acting_user is not None and acting_user.organisation_id != organisation.pk:
        raise PermissionDeniedError("只能报送本单位的情况。")
    if not period.organisations.filter(pk=organisation.pk).exists():
        raise XiaoanError(f"“{organisation.name}”不在“{period.title}”的报送单位之列。")
    if not period.covers(date):
        raise XiaoanError(f"{date:%Y-%m-%d} 不在“{period.title}”的调度期内。")
    if date > clock.today():
        raise XiaoanError("不能报送今天以后的情况。")
    if status not in SafetyStatus.values:
        raise XiaoanError("请选择安全状况。")
    if not content.strip():
        raise XiaoanError("请填写情况说明。")
    moment = submitted_at or clock.now()
    if moment > clock.now():
        raise XiaoanError("报送时间晚于当前时间，请检查。")
    existing = DispatchSubmission.objects.filter(
        period=period, organisation=organisation, date=date
    ).first()
    if existing is not None:
        return apply_edit(
            existing,
            {"status": status, "content": content.strip(), "submitted_at": moment},
            acting_user=acting_user,
            expected_version=existing.version,
            reason="重新报送",
        )
    return save_new(
        DispatchSubmission(
            period=period,
            organisation=organisation,
            date=date,
            status=status,
            content=content.strip(),
            submitted_at=moment,
            submitted_by=acting_user,
        ),
        acting_user,
    )
