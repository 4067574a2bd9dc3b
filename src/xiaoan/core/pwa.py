"""The installable web app: its service worker, served from the site root.

A service worker may only look after pages below the path it is served from, so
the worker (kept with the other static files as ``xiaoan/sw.js``) is served at
``/sw.js``. The server writes a digest of all static files into it: when a
release changes any of them the worker's bytes change, the phone installs the
new worker, and it fetches the files again instead of keeping stale copies.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

WORKER = "xiaoan/sw.js"
#: replaced by `static_version()` in the served worker
VERSION_MARK = "__XIAOAN_STATIC_VERSION__"
IGNORED = ["CVS", ".*", "*~"]


def compute_static_version() -> str:
    """A short digest of the names and contents of all static files."""
    digest = hashlib.sha256()
    seen: set[str] = set()
    for finder in finders.get_finders():
        for name, storage in finder.list(IGNORED):
            if name in seen:
                continue  # the first finder's file is the one served
            seen.add(name)
            digest.update(name.encode() + b"\0")
            with storage.open(name) as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()[:16]


@functools.cache
def _cached_static_version() -> str:
    return compute_static_version()


def static_version() -> str:
    """The digest; computed once per process, except while debugging (files change)."""
    return compute_static_version() if settings.DEBUG else _cached_static_version()


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    found = finders.find(WORKER)
    if not found:
        raise Http404("service worker not found")
    path = Path(found[0] if isinstance(found, list) else found)
    script = path.read_text(encoding="utf-8").replace(VERSION_MARK, static_version())
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
