"""One timeline per task: its history, progress reports and chasing, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xiaoan.core import clock
from xiaoan.core.formatting import quantity
from xiaoan.core.history import history_entries

from .models import Chase, ProgressReport, Task


@dataclass
class Event:
    at: dt.datetime
    kind: str  # history | progress | chase
    title: str
    who: str
    lines: list[str] = field(default_factory=list)
    files: list[Any] = field(default_factory=list)


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=clock.LOCAL_TZ)


def report_time(report: ProgressReport) -> dt.datetime:
    """When a report was made: its creation time if filed on its own date,
    otherwise noon of the date it speaks for."""
    created = report.created_at.astimezone(clock.LOCAL_TZ)
    return created if created.date() == report.date else day_start(report.date)


def task_timeline(task: Task, reports: list[ProgressReport], chases: list[Chase]) -> list[Event]:
    events = []
    for entry in history_entries(task):
        title = entry.reason or entry.action
        lines = [f"{c.label}：{c.old + ' → ' if c.old else ''}{c.new}" for c in entry.changes]
        events.append(Event(entry.at, "history", title, entry.user, lines))
    for report in reports:
        lines = [report.text]
        lines += [
            f"{q.target.subject}累计完成 {quantity(q.achieved)}{q.target.unit}"
            for q in report.quantities.all()
        ]
        events.append(
            Event(
                report_time(report),
                "progress",
                f"进展报告（{report.organisation.name}）",
                str(report.reported_by),
                lines,
                list(getattr(report, "files", [])),
            )
        )
    for chase in chases:
        lines = [chase.note] + ([f"答复：{chase.answer}"] if chase.answer else [])
        events.append(
            Event(
                chase.at,
                "chase",
                f"督办 {chase.to.name}（{chase.get_channel_display()}）",
                str(chase.by),
                lines,
            )
        )
    return sorted(events, key=lambda e: e.at, reverse=True)
