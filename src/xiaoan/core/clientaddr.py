"""The address of the client behind a request.

The connecting address is the client unless the connection comes from a
configured trusted proxy (XIAOAN_TRUSTED_PROXIES); only then is
`X-Forwarded-For` believed, and the right-most address in it that is not
itself a trusted proxy is the client (anyone can put any address at the left).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_address(request: Any) -> str:
    """The client's address, or "" when there is no request."""
    if request is None:
        return ""
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR", "") or ""
    trusted = set(settings.XIAOAN_TRUSTED_PROXIES)
    if remote not in trusted:
        return remote[:64]
    forwarded = [
        part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    for address in reversed(forwarded):
        if address not in trusted:
            return address[:64]
    return remote[:64]
