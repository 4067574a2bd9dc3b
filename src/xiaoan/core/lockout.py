"""Sign-in lockout: repeated wrong passwords slow down the one who types them.

Two limits, both counted in the database (every web process sees the same):

- one username from one client address: after XIAOAN_LOCKOUT_FAILURES wrong
  passwords that pair is locked for XIAOAN_LOCKOUT_MINUTES, and each further
  failure after a lock doubles the wait (up to XIAOAN_LOCKOUT_MAX_MINUTES).
  Someone else's wrong passwords from another address never lock you out.
- one client address across all usernames: XIAOAN_LOCKOUT_ADDRESS_FAILURES
  wrong passwords within an hour lock the address, which stops a password
  spray of a few tries against each of many accounts.

A success clears the pair's failures; an administrator's unlock clears a
username's failures from every address (`unlock_username`, the lockout page,
`xiaoan unlock`). The wrong current password on the password page counts too.

django-axes was considered: it applies one failure limit to every lockout
parameter set, so a per-address limit larger than the per-pair one cannot be
expressed, and it reads the time from Django rather than xiaoan's one clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max

from xiaoan.core import clock
from xiaoan.core.clientaddr import client_ip
from xiaoan.core.models import LoginFailure
from xiaoan.core.securitylog import SecurityEventKind, record_security_event

#: failures older than this are forgotten, however many there were
MEMORY = dt.timedelta(hours=24)
ADDRESS_WINDOW = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Lock:
    """An active lock: who or what is locked, and until when."""

    until: dt.datetime
    username: str = ""
    ip: str | None = None
    by_address: bool = False

    @property
    def message(self) -> str:
        return lock_message(self.until)


def lock_message(until: dt.datetime) -> str:
    """ "登录失败次数过多，请于 18:05 后再试" — with the date when it is not today."""
    local = until.astimezone(clock.LOCAL_TZ)
    when = f"{local:%H:%M}"
    if local.date() != clock.today():
        when = f"{local.month}月{local.day}日 {when}"
    return f"登录失败次数过多，请于 {when} 后再试，或联系管理员解除锁定。"


def pair_lock_until(count: int, last: dt.datetime) -> dt.datetime | None:
    """When a pair with `count` failures, the latest at `last`, may try again
    (None when it is not locked at all)."""
    limit = settings.XIAOAN_LOCKOUT_FAILURES
    if count < limit:
        return None
    minutes = settings.XIAOAN_LOCKOUT_MINUTES * 2 ** min(count - limit, 16)
    return last + dt.timedelta(minutes=min(minutes, settings.XIAOAN_LOCKOUT_MAX_MINUTES))


def pair_lock(username: str, ip: str | None) -> Lock | None:
    now = clock.now()
    stats = LoginFailure.objects.filter(
        username=username.lower(), ip=ip, at__gte=now - MEMORY
    ).aggregate(count=Count("id"), last=Max("at"))
    until = pair_lock_until(stats["count"], stats["last"]) if stats["last"] else None
    if until is None or until <= now:
        return None
    return Lock(until=until, username=username.lower(), ip=ip)


def address_lock(ip: str | None) -> Lock | None:
    """The lock of an address that made too many failures within the hour, whichever
    usernames they were for: it lasts until the oldest of the last `limit` is an hour old."""
    if ip is None:
        return None
    now = clock.now()
    limit = settings.XIAOAN_LOCKOUT_ADDRESS_FAILURES
    recent = list(
        LoginFailure.objects.filter(ip=ip, at__gte=now - ADDRESS_WINDOW)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    return Lock(until=recent[-1] + ADDRESS_WINDOW, ip=ip, by_address=True)


def current_lock(username: str, request: Any) -> Lock | None:
    """The lock that refuses this username from this request's client, if any."""
    ip = client_ip(request)
    return pair_lock(username, ip) or address_lock(ip)


@transaction.atomic
def record_failure(username: str, request: Any) -> Lock | None:
    """Count one wrong password; returns the lock it caused, if any (and logs it)."""
    ip = client_ip(request)
    LoginFailure.objects.create(username=username.lower()[:150], ip=ip, at=clock.now())
    lock = pair_lock(username, ip) or address_lock(ip)
    if lock is not None:
        what = (
            f"来自 {ip} 的登录" if lock.by_address else f"用户名 {username} 自 {ip or '未知地址'}"
        )
        record_security_event(
            SecurityEventKind.LOCKED_OUT,
            request=request,
            user=None,
            username=username,
            detail=f"{what}已锁定至 {lock.until.astimezone(clock.LOCAL_TZ):%Y-%m-%d %H:%M}",
        )
    return lock


def clear_failures(username: str, request: Any) -> None:
    """A successful sign-in forgets the pair's failures."""
    LoginFailure.objects.filter(username=username.lower(), ip=client_ip(request)).delete()


@transaction.atomic
def unlock_username(username: str, *, acting_user: Any, request: Any = None) -> int:
    """An administrator lifts every lock of `username` (from all addresses)."""
    count, _ = LoginFailure.objects.filter(username=username.lower()).delete()
    record_security_event(
        SecurityEventKind.UNLOCKED,
        request=request,
        user=acting_user,
        username=username,
        detail=f"解除用户名 {username} 的登录锁定（清除 {count} 次失败记录）",
    )
    return count


@transaction.atomic
def unlock_address(ip: str, *, acting_user: Any, request: Any = None) -> int:
    """An administrator lifts the lock of a client address (its last hour of failures)."""
    since = clock.now() - ADDRESS_WINDOW
    count, _ = LoginFailure.objects.filter(ip=ip, at__gte=since).delete()
    record_security_event(
        SecurityEventKind.UNLOCKED,
        request=request,
        user=acting_user,
        detail=f"解除地址 {ip} 的登录锁定（清除 {count} 次失败记录）",
    )
    return count


def active_pair_locks() -> list[Lock]:
    """Every (username, address) pair locked now, latest first."""
    now = clock.now()
    rows = (
        LoginFailure.objects.filter(at__gte=now - MEMORY)
        .values("username", "ip")
        .annotate(count=Count("id"), last=Max("at"))
        .filter(count__gte=settings.XIAOAN_LOCKOUT_FAILURES)
    )
    locks = []
    for row in rows:
        until = pair_lock_until(row["count"], row["last"])
        if until is not None and until > now:
            locks.append(Lock(until=until, username=row["username"], ip=row["ip"]))
    return sorted(locks, key=lambda lock: lock.until, reverse=True)


def active_address_locks() -> list[Lock]:
    now = clock.now()
    ips = (
        LoginFailure.objects.filter(at__gte=now - ADDRESS_WINDOW, ip__isnull=False)
        .values("ip")
        .annotate(count=Count("id"))
        .filter(count__gte=settings.XIAOAN_LOCKOUT_ADDRESS_FAILURES)
        .values_list("ip", flat=True)
    )
    return [lock for ip in ips if (lock := address_lock(ip)) is not None]
