"""Background tasks of the briefings, run by `xiaoan worker` through django-tasks."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def build_briefing(briefing_id: int) -> int:
    """Build one briefing's content from the records; returns its id."""
    services.run_build(briefing_id)
    return briefing_id
