"""Every list page and list endpoint of the duty desk runs a fixed number of queries."""

from __future__ import annotations

import pytest

from xiaoan.core.testing import assert_query_count, get_with_query_count
from xiaoan.demo.duty import load_duty

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_duty(settings):
    settings.XIAOAN_TODAY = "2024-03-04"
    load_duty()


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/incidents", 3),  # token, count, page,
        ("/api/duty", 3),
        ("/api/dispatches", 4),  # token, count, page, organisations,
        ("/api/dispatches/submissions", 3),
        ("/api/upcoming-inspections", 3),
    ],
)
def test_list_endpoints_have_fixed_query_counts(demo_duty, api_as, url, queries):
    api = api_as("office")
    api.get("/api/me")
    with assert_query_count(queries):
        assert api.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/incidents/", 5),  # session, user, unread; count, page,
        ("/incidents/rates/", 7),  # + areas below, incidents, two counts,
        ("/duty/?month=2024-03", 6),  # + own unit, shifts, unit list,
        ("/dispatches/", 5),
        ("/upcoming-inspections/", 5),
    ],
)
def test_list_pages_have_fixed_query_counts(demo_duty, client_as, url, queries):
    get_with_query_count(client_as("office"), url, queries)


def test_the_rules_endpoint_has_a_fixed_query_count(demo_duty, api_as):
    api = api_as("admin")  # only who configures the rules may list them
    api.get("/api/me")
    with assert_query_count(3):  # token, count, page with areas
        assert api.get("/api/incident-rules").status_code == 200
