""" "截至期末逾期未整改N处": counted at the end of the briefing's period, not today."""

from __future__ import annotations

import datetime as dt

from xiaoan.briefings.figures import overdue_at_end
from xiaoan.hazards.models import Hazard

FEB_END = dt.date(2024, 2, 29)
MAR_END = dt.date(2024, 3, 31)  # the demo's today is 2024-03-04


def shaped(**fields):
    """One demo hazard with the given dates and state, as a queryset of itself."""
    hazard = Hazard.objects.order_by("id").first()
    Hazard.objects.filter(pk=hazard.pk).update(**fields)
    return Hazard.objects.filter(pk=hazard.pk)


def test_a_hazard_closed_after_the_period_was_still_overdue_at_its_end(demo):
    hazard = shaped(
        found_on=dt.date(2024, 2, 1),
        deadline=dt.date(2024, 2, 10),
        state="closed",
        closed_on=dt.date(2024, 3, 2),
    )
    assert overdue_at_end(hazard, FEB_END) == 1
    assert overdue_at_end(hazard, dt.date(2024, 2, 9)) == 0  # not yet due
    assert overdue_at_end(hazard, MAR_END) == 0  # closed by today


def test_a_hazard_closed_within_the_period_is_not_overdue_at_its_end(demo):
    hazard = shaped(
        found_on=dt.date(2024, 2, 1),
        deadline=dt.date(2024, 2, 10),
        state="closed",
        closed_on=dt.date(2024, 2, 20),
    )
    assert overdue_at_end(hazard, FEB_END) == 0


def test_while_the_period_runs_only_what_is_overdue_today_counts(demo):
    due_later_this_month = shaped(
        found_on=dt.date(2024, 3, 1), deadline=dt.date(2024, 3, 25), state="found", closed_on=None
    )
    assert overdue_at_end(due_later_this_month, MAR_END) == 0
    due_yesterday = shaped(deadline=dt.date(2024, 3, 3))
    assert overdue_at_end(due_yesterday, MAR_END) == 1
