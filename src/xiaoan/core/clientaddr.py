"""The client's address, as rate limits and lockouts count it.

The client is the connecting address; `X-Forwarded-For` is believed only when
the connection comes from a configured trusted proxy (XIAOAN_TRUSTED_PROXIES;
otherwise anyone could pick a fresh address for each request), and then the
right-most address that is not itself a trusted proxy is the client.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_address(request: Any) -> str:
    """The client's address, or "unknown" when the request has none."""
    if request is None:
        return "unknown"
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = set(settings.XIAOAN_TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    for address in reversed(forwarded):
        if address not in trusted:
            return address[:64]
    return remote


def client_ip(request: Any) -> str | None:
    """The client's address when it is a valid IP address (for IP columns), else None."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
