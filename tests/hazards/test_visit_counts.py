"""A supervision visit's hazards add up: each one is counted in exactly one of
已销号 / 已整改待验收 / 未整改, and those sum to the number found, on the visit's
page, in the list of visits and in the API."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hazards.conftest import local, photo
from xiaoan.areas.models import Area
from xiaoan.demo.directives import load_directives
from xiaoan.demo.hazards import load_hazards
from xiaoan.hazards import queries
from xiaoan.hazards.choices import HazardCategory, HazardState
from xiaoan.hazards.models import SupervisionVisit
from xiaoan.hazards.services import (
    do_record_visit,
    do_reopen,
    do_report_fixed,
    do_start_rectifying,
    do_verify,
)

pytestmark = pytest.mark.django_db

COUNTS = re.compile(r"(\d+) 处（已销号 (\d+)，已整改待验收 (\d+)，未整改 (\d+)）")
BUCKET = {
    HazardState.CLOSED: "closed",
    HazardState.RECTIFIED: "rectified",
    HazardState.FOUND: "open",
    HazardState.RECTIFYING: "open",
    HazardState.REOPENED: "open",
}


def shown(html: str) -> list[tuple[int, int, int, int]]:
    text = re.sub(r"<[^>]+>", "", html)
    return [tuple(int(n) for n in m) for m in COUNTS.findall(text)]  # type: ignore[misc]


def test_the_buckets_cover_every_state_once() -> None:
    states = [s for bucket in queries.VISIT_HAZARD_BUCKETS.values() for s in bucket]
    assert sorted(states) == sorted(HazardState.values)


def drive(hazard: Any, state: str, brigade: Any, colleague: Any) -> None:
    """Take a found hazard to `state` through the services."""
    if state == HazardState.RECTIFYING:
        do_start_rectifying(hazard, acting_user=brigade)
    if state in (HazardState.RECTIFIED, HazardState.CLOSED, HazardState.REOPENED):
        do_report_fixed(hazard, acting_user=brigade, text="已整改", photos=[photo()])
    if state in (HazardState.CLOSED, HazardState.REOPENED):
        do_verify(hazard, acting_user=colleague, accept=True)
    if state == HazardState.REOPENED:
        do_reopen(hazard, acting_user=colleague, reason="回头看发现电动车又进楼道")


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(states=st.lists(st.sampled_from(HazardState.values), max_size=7))
def test_closed_rectified_and_open_sum_to_the_hazards_found(
    states: list[str],
    make_place: Any,
    inspect: Any,
    brigade: Any,
    colleague: Any,
    client_as: Any,
    api_as: Any,
) -> None:
    with transaction.atomic(), override_settings(XIAOAN_TODAY="2024-03-12"):
        visit = do_record_visit(
            acting_user=brigade,
            date=dt.date(2024, 3, 12),
            leader_name="占明",
            leader_title="副市长",
            title="四不两直暗访兴隆台区",
            area=Area.objects.get(name="兴隆台区"),
            unannounced=True,
        )
        place = make_place()
        inspection = inspect(
            place, *[HazardCategory.CLUTTER] * len(states), at=local(2024, 3, 12, 9), visit=visit
        )
        for hazard, state in zip(inspection.hazards.order_by("pk"), states, strict=True):
            drive(hazard, state, brigade, colleague)
        want = Counter(BUCKET[s] for s in states)
        expected = (len(states), want["closed"], want["rectified"], want["open"])
        browser = client_as("xinglongtai")
        detail = shown(browser.get(f"/supervision-visits/{visit.pk}/").content.decode())
        listed = shown(browser.get("/supervision-visits/").content.decode())
        totals = api_as("xinglongtai").get(f"/api/supervision-visits/{visit.pk}").json()["totals"]
        transaction.set_rollback(True)
    assert detail == [expected]
    assert expected in listed
    assert (
        totals["hazards"],
        totals["closed_hazards"],
        totals["rectified_hazards"],
        totals["open_hazards"],
    ) == expected


def test_the_demo_visit_of_30_january_counts_all_nine(settings: Any, client_as: Any) -> None:
    """/supervision-visits/1/ of the demo said 9 处（已销号 0，未销号 3）."""
    settings.XIAOAN_TODAY = "2024-03-04"
    load_directives()
    load_hazards()
    visit = SupervisionVisit.objects.get(date=dt.date(2024, 1, 30), leader_name="刘占明")
    page = client_as("office").get(f"/supervision-visits/{visit.pk}/").content.decode()
    assert shown(page) == [(9, 0, 6, 3)]
