"""A background job whose worker was killed is queued again once and then ends
failed with a Chinese message, never left "running" for ever; of several workers
running the check, one acts."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone

from tests.complaints.conftest import good_row, xlsx_bytes
from xiaoan.complaints import services
from xiaoan.complaints.choices import ImportStatus
from xiaoan.complaints.models import Complaint, ImportJob
from xiaoan.core import stalled_jobs

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def files(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.TASKS = IMMEDIATE


def killed_import(user: Any, *, attempts: int = 1, silent_for: int = 3600) -> ImportJob:
    """An import whose worker died after its first batch: running, with an old heartbeat."""
    rows = [good_row("K1"), good_row("K2")]
    job = services.do_start_import(
        acting_user=user("office"), upload=io.BytesIO(xlsx_bytes(rows)), name="12345.xlsx"
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=silent_for),
        done=1,
        total=2,
    )
    return job


def test_a_silent_running_import_is_queued_again_and_completes(
    files: None, user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = killed_import(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert stalled_jobs.reclaim_stalled() == [("complaints.ImportJob", job.pk, "requeued")]
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.attempts == 2
    assert set(
        Complaint.objects.filter(number__in=["K1", "K2"]).values_list("number", flat=True)
    ) == {
        "K1",
        "K2",
    }


def test_a_job_killed_on_its_last_attempt_ends_failed_in_chinese(files: None, user: Any) -> None:
    job = killed_import(user, attempts=stalled_jobs.MAX_ATTEMPTS)
    assert stalled_jobs.reclaim_stalled() == [("complaints.ImportJob", job.pk, "failed")]
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.finished_at is not None
    assert "后台进程 2 次意外停止" in job.message and "重新上传同一文件" in job.message


def test_a_running_job_with_a_recent_heartbeat_is_left_alone(files: None, user: Any) -> None:
    job = killed_import(user, silent_for=5)
    assert stalled_jobs.reclaim_stalled() == []
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING


def test_two_workers_checking_act_once(files: None, user: Any) -> None:
    job = killed_import(user, attempts=stalled_jobs.MAX_ATTEMPTS)
    first = stalled_jobs.reclaim_stalled()
    second = stalled_jobs.reclaim_stalled()
    assert first == [("complaints.ImportJob", job.pk, "failed")] and second == []


def test_an_import_keeps_its_heartbeat_while_it_runs(files: None, user: Any) -> None:
    job = services.do_start_import(
        acting_user=user("office"),
        upload=io.BytesIO(xlsx_bytes([good_row("H1")])),
        name="12345.xlsx",
    )
    before = timezone.now()
    services.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.attempts == 1
    assert job.heartbeat_at is not None and job.heartbeat_at >= before


def test_a_stalled_briefing_build_is_queued_again(
    user: Any, area: Any, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from xiaoan.briefings import services as briefings
    from xiaoan.briefings.choices import BuildStatus
    from xiaoan.briefings.models import Briefing

    settings.MEDIA_ROOT = tmp_path
    briefing = briefings.do_start_briefing(
        acting_user=user("office"), area=area("兴隆台区"), month="2024-03"
    )
    Briefing.objects.filter(pk=briefing.pk).update(
        status=BuildStatus.RUNNING, attempts=1, heartbeat_at=timezone.now() - dt.timedelta(hours=1)
    )
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        assert stalled_jobs.reclaim_stalled() == [("briefings.Briefing", briefing.pk, "requeued")]
    briefing.refresh_from_db()
    assert briefing.status == BuildStatus.DONE and briefing.attempts == 2
