"""消安 as an installable web app: the service worker at /sw.js, the manifest and
its icons, and the scripts that keep an inspection on the phone while offline."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from xiaoan.core import pwa

pytestmark = pytest.mark.django_db

STATIC_XIAOAN = Path(pwa.__file__).resolve().parent.parent / "static" / "xiaoan"


def static_file(name: str) -> Path:
    found = finders.find(name)
    assert found, f"{name} is not among the static files"
    return Path(str(found))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_service_worker_is_served_from_the_site_root(client: Client) -> None:
    response = client.get("/sw.js")  # signed out: the worker is no secret
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    source = (STATIC_XIAOAN / "sw.js").read_text(encoding="utf-8")
    assert pwa.VERSION_MARK in source and pwa.VERSION_MARK not in body
    assert body == source.replace(pwa.VERSION_MARK, pwa.static_version())
    assert 'self.addEventListener("fetch"' in body
    assert client.get("/sw.js").content == response.content
    assert client.head("/sw.js").status_code == 200
    assert client.post("/sw.js").status_code == 405


def test_the_workers_version_follows_the_static_files(settings: Any, tmp_path: Path) -> None:
    """A release that changes a static file serves a new worker, which drops the old copies."""
    (tmp_path / "app.css").write_text("body { color: red; }")
    settings.STATICFILES_DIRS = [tmp_path]
    before = pwa.compute_static_version()
    assert re.fullmatch(r"[0-9a-f]{16}", before)
    assert pwa.compute_static_version() == before
    (tmp_path / "app.css").write_text("body { color: blue; }")
    changed = pwa.compute_static_version()
    assert changed != before
    (tmp_path / "new.js").write_text("")
    assert pwa.compute_static_version() not in {before, changed}


def test_the_worker_keeps_static_files_that_exist() -> None:
    source = (STATIC_XIAOAN / "sw.js").read_text(encoding="utf-8")
    listed = re.search(r"var PRECACHE = \[(.*?)\];", source, re.S)
    assert listed is not None
    names = re.findall(r'"([^"]+)"', listed.group(1))
    assert "xiaoan/offline-inspection.js" in names and "xiaoan/offline-queue.js" in names
    for name in names:
        static_file(name)
    # every stylesheet and script a page loads is among them
    base = (STATIC_XIAOAN.parent.parent / "templates" / "base.html").read_text(encoding="utf-8")
    for name in re.findall(r"""(?:href|src)="\{% static '([^']+\.(?:css|js))' %\}""", base):
        assert name in names, name


def test_the_manifest_names_the_app_and_its_icons() -> None:
    path = static_file("xiaoan/manifest.webmanifest")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["name"] == manifest["short_name"] == "消安"
    assert manifest["start_url"] == "/inspections/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#b4232a"
    sizes = []
    for icon in manifest["icons"]:
        data = (path.parent / icon["src"]).read_bytes()
        width, height = png_size(data)
        assert icon["sizes"] == f"{width}x{height}" and icon["type"] == "image/png"
        sizes.append(icon["sizes"])
    assert sizes == ["192x192", "512x512"]


def test_the_manifest_is_served(settings: Any) -> None:
    settings.WHITENOISE_USE_FINDERS = True  # as in development; a release collects the files
    response = Client().get("/static/xiaoan/manifest.webmanifest")
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content))["name"] == "消安"
    icon = Client().get("/static/xiaoan/icons/icon-192.png")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/png"


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_links_the_manifest_and_the_queue(signed_in: bool, client_as: Any) -> None:
    client = client_as("xinglongtai") if signed_in else Client()
    page = client.get("/" if signed_in else "/login/").content.decode()
    assert '<link rel="manifest" href="/static/xiaoan/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#b4232a">' in page
    assert '<script src="/static/xiaoan/offline-queue.js"></script>' in page
    assert '<script src="/static/xiaoan/pwa.js"></script>' in page
    assert "offline-inspection.js" not in page


def test_the_inspection_form_carries_a_client_key(place: Any, client_as: Any) -> None:
    page = client_as("xinglongtai").get(f"/places/{place.pk}/inspect/").content.decode()
    form = re.search(r'<form [^>]*id="xa-inspection-form".*?</form>', page, re.S)
    assert form is not None
    hidden = re.search(r'<input type="hidden" name="client_key"[^>]*>', form.group(0))
    assert hidden is not None
    assert 'value=""' in hidden.group(0) and 'data-place="惠宾小区"' in hidden.group(0)
    assert '<script src="/static/xiaoan/offline-inspection.js"></script>' in page
    # the queue's script comes first: the form's script uses it
    assert page.index("xiaoan/offline-queue.js") < page.index("xiaoan/offline-inspection.js")
