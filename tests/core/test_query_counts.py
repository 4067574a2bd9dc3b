"""Every list page and API list endpoint has its number of queries pinned by a
test, so an N+1 regression fails the suite; this file pins the few that had no
home elsewhere and checks that no list added later goes without."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import get_resolver

from xiaoan.api import api
from xiaoan.core.testing import assert_query_count, get_with_query_count
from xiaoan.demo.directives import load_directives
from xiaoan.demo.duty import load_duty
from xiaoan.demo.hazards import load_hazards

TESTS = Path(__file__).resolve().parents[1]
PINNING = re.compile(r"query_count|assert_num_queries|CaptureQueriesContext")


@pytest.fixture
def demo_month(db: Any, settings: Any) -> None:
    settings.XIAOAN_TODAY = "2024-03-04"
    load_directives()
    load_hazards()
    load_duty()


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/water-sources/", 6), ("/inspections/schedule/", 4), ("/rechecks/", 4)],
)
def test_pages_have_fixed_query_counts(
    demo_month: None, client_as: Any, url: str, queries: int
) -> None:
    client = client_as("office")
    client.get(url)
    assert get_with_query_count(client, url, queries).status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/reminder-preferences", 2),
        ("/api/incidents/on-time-rate?start=2024-03-01&end=2024-03-04", 5),
    ],
)
def test_endpoints_have_fixed_query_counts(
    demo_month: None, api_as: Any, url: str, queries: int
) -> None:
    client = api_as("office")
    client.get("/api/me")
    with assert_query_count(queries):
        assert client.client.get(url, headers=client.headers).status_code == 200


def pinned_text() -> str:
    texts = (path.read_text(encoding="utf-8") for path in TESTS.rglob("test_*.py"))
    return "\n".join(text for text in texts if PINNING.search(text))


def test_every_list_endpoint_and_list_page_has_a_pinned_query_count() -> None:
    pinned = pinned_text()
    endpoints = [
        path
        for path, operations in api.get_openapi_schema()["paths"].items()
        if "get" in operations and "{" not in path
    ]
    unpinned = [p for p in endpoints if p not in pinned and p.removeprefix("/api") not in pinned]

    def routes(resolver: Any, prefix: str = "") -> Any:
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from routes(pattern, prefix + str(pattern.pattern))
            else:
                yield "/" + prefix + str(pattern.pattern), pattern.name or ""

    lists = [path for path, name in routes(get_resolver()) if name.endswith("-list")]
    unpinned += [path for path in lists if "<" not in path and path not in pinned]
    assert unpinned == [], "pin the number of queries of these lists in a test"
