"""Browser fixtures: Debian's Chromium driven by Playwright against the live server.

The root conftest loads the demo city once per session, but a live-server test
is transactional and the database is flushed after each one; so every browser
test loads the demo again (`load_demo` is idempotent).

Every browser context records the requests its pages make; a test fails at
teardown when one of them left the machine, and a screenshot of each open page
is written to /tmp when a test fails. Every page a test visits is checked
against WCAG 2.1 AA by axe-core (see accessibility.py); a violation fails the
test at teardown.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import get_resolver
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.e2e.accessibility import Audit
from xiaoan.demo.loader import load_demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
#: how long a locator waits before a test fails (the pages answer in milliseconds)
TIMEOUT_MS = 10_000


@dataclass
class Traffic:
    """What the pages of one browser context asked for, and what went wrong in them."""

    requests: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def external(self) -> list[str]:
        """Requests to any host but this machine (data: and blob: URLs stay local)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(url).hostname not in LOCAL_HOSTS
        ]


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    """Keep each phase's report on the test item, so fixtures can see a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(live_server: Any) -> None:
    """The demo city, in the database the live server reads. The URL configuration
    (every app's views and templates tags) is imported here, not by the first page a
    test asks for, so a busy machine does not time that page out."""
    load_demo()
    get_resolver().url_patterns  # noqa: B018  (imports every urls module)


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def new_context(
    browser: Browser, live_server: Any, demo: None, traffic: Traffic, request: pytest.FixtureRequest
) -> Iterator[Callable[..., BrowserContext]]:
    """Opens browser contexts on the live server (keyword arguments go to
    `browser.new_context`, e.g. a phone's viewport); closes them afterwards."""
    contexts: list[BrowserContext] = []
    audit = Audit()

    def make(**options: Any) -> BrowserContext:
        options.setdefault("locale", "zh-CN")
        options.setdefault("timezone_id", "Asia/Shanghai")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", lambda r: traffic.requests.append(r.url))
        context.on("response", lambda r: traffic.statuses.__setitem__(r.url, r.status))
        context.on("page", lambda page: watch(page, traffic))
        audit.watch(context)
        contexts.append(context)
        return context

    yield make

    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for c, context in enumerate(contexts):
            for p, page in enumerate(context.pages):
                # a screenshot must not hide the real failure
                with contextlib.suppress(Exception):
                    page.screenshot(path=f"/tmp/xiaoan-e2e-{name}-{c}-{p}.png", full_page=True)
    passed = failed is not None and not failed.failed
    if passed:
        audit.check_open_pages(contexts)
        audit.check_unreported()
    for context in contexts:
        context.close()
    if passed:
        problems = audit.failures()
        assert not problems, f"WCAG 2.1 AA violations (axe-core):\n{problems}"
    external = traffic.external()
    assert not external, f"pages requested hosts other than this machine: {external}"


def watch(page: Page, traffic: Traffic) -> None:
    page.on(
        "console",
        lambda msg: traffic.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: traffic.page_errors.append(str(exc)))


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    """A desktop browser (1280×800)."""
    return new_context(viewport={"width": 1280, "height": 800})


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
