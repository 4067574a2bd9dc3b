"""Background tasks of the 12345 work orders, run by `xiaoan worker` through django-tasks."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_import(job_id: int) -> int:
    """Import one uploaded export (an ImportJob); returns its id."""
    services.run_job(job_id)
    return job_id
