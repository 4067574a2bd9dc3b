"""The public pages' limits hold under parallel requests, count only accepted
submissions, and cover every page that takes a ticket code."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from tests.rewards.conftest import png_file
from xiaoan.rewards.models import RewardReport, SubmissionAttempt

PARALLEL = 8


@pytest.mark.django_db
def test_invalid_submissions_do_not_count_against_the_limit(public_post):
    for _ in range(5):
        response = public_post(ip="10.7.7.7", photos=None)
        assert "请至少上传 1 张现场照片" in response.content.decode()
    assert not SubmissionAttempt.objects.filter(client="10.7.7.7").exists()
    for _ in range(5):
        assert public_post(ip="10.7.7.7").status_code == 302
    assert public_post(ip="10.7.7.7").status_code == 429
    assert RewardReport.objects.count() == 5


@pytest.mark.django_db
def test_wrong_codes_on_the_satisfaction_page_count_and_are_limited(make_report, settings):
    settings.XIAOAN_REPORT_LOOKUP_FAILURES_PER_HOUR = 3
    report = make_report()
    client = Client(REMOTE_ADDR="10.8.8.8")
    for guess in ("AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"):
        answer = client.post("/report/status/satisfaction", {"code": guess, "answer": "satisfied"})
        assert answer.status_code == 404
    refused = client.post("/report/status/satisfaction", {"code": report.code, "answer": "basic"})
    assert refused.status_code == 429
    assert "一小时内输错受理编号已达 3 次" in refused.content.decode()
    # the status page shares the same count
    assert client.post("/report/status", {"code": report.code}).status_code == 429
    report.refresh_from_db()
    assert report.satisfaction == ""


def run_in_parallel(work: Any, n: int) -> list[Any]:
    """Run `work()` in n threads released together; each thread has its own
    database connection, as each request of a real server does."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_do_not_exceed_the_limit(settings, tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not shared between threads")
    from xiaoan.demo.loader import load_city

    load_city()
    settings.MEDIA_ROOT = tmp_path / "media"

    def submit() -> int:
        data = {
            "description": "楼道停放电动车并飞线充电",
            "address": "兴隆台区惠宾小区3号楼",
            "consent": "on",
            "photos": [png_file()],
        }
        return Client().post("/report", data, REMOTE_ADDR="10.6.6.6").status_code

    statuses = run_in_parallel(submit, PARALLEL)
    assert sorted(statuses) == [302] * 5 + [429] * (PARALLEL - 5), statuses
    assert RewardReport.objects.count() == 5
    assert SubmissionAttempt.objects.filter(client="10.6.6.6").count() == 5


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_do_not_exceed_the_lookup_limit(settings):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not shared between threads")
    settings.XIAOAN_REPORT_LOOKUP_FAILURES_PER_HOUR = 3

    def guess() -> int:
        return (
            Client(REMOTE_ADDR="10.5.5.5")
            .post("/report/status", {"code": "ABCDEFGHJK"})
            .status_code
        )

    statuses = run_in_parallel(guess, PARALLEL)
    assert sorted(statuses) == [200] * 3 + [429] * (PARALLEL - 3), statuses
    assert SubmissionAttempt.objects.filter(client="lookup:10.5.5.5").count() == 3
