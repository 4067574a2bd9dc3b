"""The demo month's reward reports: every state, through the services, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from xiaoan.core import clock
from xiaoan.demo.directives import load_directives
from xiaoan.demo.hazards import load_hazards
from xiaoan.demo.rewards import load_rewards
from xiaoan.rewards.choices import ReportState
from xiaoan.rewards.models import RewardPayout, RewardReport, SmsMessage


@pytest.fixture
def demo(db, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.XIAOAN_TODAY = "2024-03-04"
    settings.MEDIA_ROOT = tmp_path / "media"
    load_directives()
    load_hazards()
    with django_capture_on_commit_callbacks(execute=True):
        return load_rewards()


@pytest.mark.django_db
def test_demo_reward_reports(demo, client_as):
    assert demo == {"reward_rules": 2, "reward_reports": 7}
    states = sorted(RewardReport.objects.values_list("state", flat=True))
    assert states == sorted(
        [
            ReportState.PAID,
            ReportState.APPROVED,
            ReportState.NO_REWARD,
            ReportState.REJECTED,
            ReportState.SUBMITTED,
            ReportState.DUPLICATE,
            ReportState.SUBMITTED,
        ]
    )
    paid = RewardReport.objects.get(state=ReportState.PAID)
    assert paid.amount == Decimal("1000.00") and paid.hazard.severity == "major"
    assert paid.created_at.astimezone(clock.LOCAL_TZ).date().isoformat() == "2024-02-15"
    assert RewardPayout.objects.get().reference == "WX202402220018"
    assert paid.satisfaction == "satisfied"
    second = RewardReport.objects.get(state=ReportState.NO_REWARD)
    first = RewardReport.objects.get(state=ReportState.APPROVED)
    assert second.hazard_id == first.hazard_id and second.created_at > first.created_at
    assert (
        "只奖励首位举报人"
        in Client().post("/report/status", {"code": second.code}).content.decode()
    )
    assert SmsMessage.objects.filter(report=paid).count() >= 3
    ledger = client_as("office").get("/rewards/ledger/").content.decode()
    assert paid.code in ledger
    # loading again changes nothing
    assert load_rewards() == {"reward_rules": 0, "reward_reports": 0}
