"""One timeline per task: its history, progress reports, chasing, deadline
extensions and changes of lead unit, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xiaoan.core import clock
from xiaoan.core.formatting import quantity
from xiaoan.core.history import history_entries

from .models import Chase, DeadlineExtension, ProgressReport, Reassignment, Task

#: history entries of an extension or a reassignment start with these; the
#: timeline shows the extension's or reassignment's own row instead
ADJUSTMENT_NOTES = ("延期：", "改派：")


@dataclass
class Event:
    at: dt.datetime
    kind: str  # history | progress | chase | extension | reassignment
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


def adjustment_events(task: Task) -> list[Event]:
    """The task's extensions (old and new deadline, why) and changes of lead unit."""
    events = []
    extensions = DeadlineExtension.objects.filter(task=task).select_related("by")
    for ext in extensions:
        old = f"{ext.old_deadline:%Y-%m-%d}" if ext.old_deadline else "无期限"
        lines = [f"期限：{old} → {ext.new_deadline:%Y-%m-%d}", f"原因：{ext.reason}"]
        events.append(
            Event(
                ext.at,
                "extension",
                f"期限延至{ext.new_deadline:%Y-%m-%d}",
                str(ext.by or "系统"),
                lines,
            )
        )
    changes = Reassignment.objects.filter(task=task).select_related("by", "old_lead", "new_lead")
    for change in changes:
        lines = [
            f"牵头单位：{change.old_lead.name} → {change.new_lead.name}",
            f"原因：{change.reason}",
        ]
        events.append(
            Event(
                change.at,
                "reassignment",
                f"改由{change.new_lead.name}牵头",
                str(change.by or "系统"),
                lines,
            )
        )
    return events


def target_corrections(task: Task) -> list[Event]:
    """Corrections of the task's quantitative targets (their creation is the task's)."""
    events = []
    for target in task.targets.all():
        for entry in history_entries(target):
            if entry.action != "修改":
                continue
            lines = [f"{c.label}：{c.old + ' → ' if c.old else ''}{c.new}" for c in entry.changes]
            title = f"修改量化目标“{target.subject}”" + (
                f"：{entry.reason}" if entry.reason else ""
            )
            events.append(Event(entry.at, "history", title, entry.user, lines))
    return events


def task_timeline(task: Task, reports: list[ProgressReport], chases: list[Chase]) -> list[Event]:
    events = adjustment_events(task) + target_corrections(task)
    for entry in history_entries(task):
        if entry.reason.startswith(ADJUSTMENT_NOTES):
            continue
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
