"""The one-hour reporting clock: which incidents need a report, the deadline across
midnight and time zones, and late detection."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoan.core.errors import InvalidTransitionError, XiaoanError
from xiaoan.duty import queries, services
from xiaoan.duty.choices import ClockState, RuleKind
from xiaoan.duty.models import Incident, UrgentReportRule

from .conftest import beijing

pytestmark = pytest.mark.django_db


def test_alarm_at_2330_beijing_is_stored_as_1530_utc_and_due_after_midnight(at, record):
    at("2024-03-04 23:40")
    incident = record("2024-03-04 23:30", sensitive_venue="kindergarten")
    incident.refresh_from_db()
    assert incident.alarm_at == dt.datetime(2024, 3, 4, 15, 30, tzinfo=dt.UTC)
    assert incident.report_deadline == dt.datetime(2024, 3, 4, 16, 30, tzinfo=dt.UTC)
    local_due = incident.report_deadline.astimezone(beijing("2024-03-05 00:00").tzinfo)
    assert (local_due.date(), local_due.strftime("%H:%M")) == (dt.date(2024, 3, 5), "00:30")
    assert incident.minutes_left() == 50
    at("2024-03-05 00:35")
    assert incident.minutes_left() == -5
    assert queries.clock_state(incident) == ClockState.OVERDUE


def test_the_rate_counts_incidents_by_their_beijing_day_not_their_utc_day(at, record, first_report):
    at("2024-03-05 09:00")
    # 07:30 on 5 March in Beijing is 23:30 on 4 March in UTC
    early = record("2024-03-05 07:30", dead=1)
    assert early.alarm_at.astimezone(dt.UTC).date() == dt.date(2024, 3, 4)
    first_report(early, "2024-03-05 08:10")
    assert queries.on_time_rate(
        Incident.objects.filter(pk=early.pk), dt.date(2024, 3, 5), dt.date(2024, 3, 5)
    ) == (1, 1, 1.0)
    assert queries.on_time_rate(
        Incident.objects.filter(pk=early.pk), dt.date(2024, 3, 4), dt.date(2024, 3, 4)
    ) == (0, 0, None)


@pytest.mark.parametrize(
    ("facts", "required", "reason"),
    [
        ({"dead": 1}, True, "有人员死亡"),
        ({"sensitive_venue": "kindergarten"}, True, "幼儿园"),
        ({"sensitive_venue": "elderly_care"}, True, "养老机构"),
        ({"injured": 3}, True, "受伤 3 人以上"),
        ({"injured": 2}, False, ""),
        ({"trapped": 3}, True, "被困 3 人以上"),
        ({"trapped": 2}, False, ""),
        ({}, False, ""),
    ],
)
def test_each_rule_decides_whether_a_report_is_needed(at, record, facts, required, reason):
    at("2024-03-04 10:05")
    incident = record("2024-03-04 10:00", **facts)
    assert incident.report_required is required
    assert reason in incident.report_reasons
    if required:
        assert incident.report_deadline == beijing("2024-03-04 11:00")
    else:
        assert incident.report_deadline is None
        assert queries.clock_state(incident) == ClockState.NOT_REQUIRED


def test_rules_are_configuration_an_administrator_changes(at, record, user):
    admin = user("admin")
    injured = UrgentReportRule.objects.get(kind=RuleKind.INJURED)
    services.do_update_rule(
        injured, acting_user=admin, expected_version=injured.version, threshold=5
    )
    death = UrgentReportRule.objects.get(kind=RuleKind.DEATH)
    services.do_update_rule(
        death, acting_user=admin, expected_version=death.version, deadline_minutes=30
    )
    at("2024-03-04 10:05")
    assert record("2024-03-04 10:00", injured=3).report_required is False
    assert record("2024-03-04 10:00", injured=5).report_required is True
    assert record("2024-03-04 10:00", dead=1).report_deadline == beijing("2024-03-04 10:30")
    # a brigade cannot change the rules
    with pytest.raises(XiaoanError, match="无权"):
        services.do_update_rule(
            injured, acting_user=user("xinglongtai"), expected_version=2, threshold=1
        )


def test_a_first_report_after_the_hour_is_late_and_counted(at, record, first_report):
    at("2024-03-04 12:00")
    on_time = record("2024-03-04 10:00", sensitive_venue="school")
    late = record("2024-03-04 10:00", sensitive_venue="kindergarten")
    first_report(on_time, "2024-03-04 10:59")
    first_report(late, "2024-03-04 11:01")
    for item in (on_time, late):
        item.refresh_from_db()
    assert queries.clock_state(on_time) == ClockState.ON_TIME and not on_time.is_late
    assert queries.clock_state(late) == ClockState.LATE and late.is_late
    assert late.minutes_left() == -1
    both = Incident.objects.filter(pk__in=[on_time.pk, late.pk])
    assert queries.on_time_rate(both, dt.date(2024, 3, 4), dt.date(2024, 3, 4)) == (1, 2, 0.5)


def test_an_incident_still_inside_its_hour_is_not_counted_yet(at, record, first_report):
    at("2024-03-04 10:20")
    running = record("2024-03-04 10:00", dead=1)
    qs = Incident.objects.filter(pk=running.pk)
    assert queries.on_time_rate(qs, dt.date(2024, 3, 4), dt.date(2024, 3, 4)) == (0, 0, None)
    at("2024-03-04 11:30")
    assert queries.on_time_rate(qs, dt.date(2024, 3, 4), dt.date(2024, 3, 4)) == (0, 1, 0.0)


def test_reports_follow_first_then_follow_ups_then_final(at, record, first_report):
    at("2024-03-04 12:00")
    incident = record("2024-03-04 10:00", dead=1)
    with pytest.raises(InvalidTransitionError, match="请先报送首报"):
        first_report(incident, "2024-03-04 10:30", kind="follow_up")
    first_report(incident, "2024-03-04 10:30")
    with pytest.raises(InvalidTransitionError, match="已报送“首报”"):
        first_report(incident, "2024-03-04 10:40")
    first_report(incident, "2024-03-04 10:50", kind="follow_up")
    first_report(incident, "2024-03-04 11:30", kind="final")
    with pytest.raises(InvalidTransitionError, match="终报"):
        first_report(incident, "2024-03-04 11:40", kind="follow_up")
    incident.refresh_from_db()
    assert incident.first_report_at == beijing("2024-03-04 10:30")
    assert [h.history_change_reason for h in incident.history.order_by("history_id")][-1] == "首报"


def test_times_in_the_future_or_before_the_alarm_are_refused(at, record, first_report):
    at("2024-03-04 10:00")
    with pytest.raises(XiaoanError, match=r"接警时间.*晚于当前时间"):
        record("2024-03-04 11:00", dead=1)
    incident = record("2024-03-04 09:50", dead=1)
    with pytest.raises(XiaoanError, match="早于接警时间"):
        first_report(incident, "2024-03-04 09:40")


def test_more_casualties_found_later_start_the_clock_from_the_alarm(at, record, brigade):
    at("2024-03-04 10:20")
    incident = record("2024-03-04 10:00", injured=1)
    assert not incident.report_required
    updated = services.do_update_incident(
        incident, acting_user=brigade, expected_version=incident.version, dead=1
    )
    assert updated.report_required and updated.report_deadline == beijing("2024-03-04 11:00")
