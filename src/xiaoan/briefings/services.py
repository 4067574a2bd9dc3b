"""Every change to a briefing: start building it, build it (in the background),
edit a section's text, export a numbered version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission, full_clean
from xiaoan.core import clock, stalled_jobs
from xiaoan.core.errors import XiaoanError
from xiaoan.core.notifications import notify
from xiaoan.core.versioning import apply_edit, set_history_user
from xiaoan.directives.models import Phase

from . import builder, pdf
from .choices import BriefingKind, BuildStatus, Subject
from .figures import ExternalFigures
from .models import Briefing, BriefingVersion
from .render import to_docx

#: the most a section's edited text may hold
MAX_EDIT_CHARS = 20000


@transaction.atomic
def do_start_briefing(
    *,
    acting_user: User,
    area: Area,
    kind: str = BriefingKind.MONTHLY,
    month: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    subject: str = "",
    phase: Phase | None = None,
) -> Briefing:
    """Record what to build and queue the build (after commit)."""
    check_permission(acting_user, Permission.COMPILE_BRIEFINGS, area)
    if kind == BriefingKind.MONTHLY:
        if not month:
            raise XiaoanError("请填写“月份”，如 2024-03。")
        period = builder.monthly_period(area, month, start, end)
    elif kind == BriefingKind.SPECIAL:
        if subject not in Subject.values:
            raise XiaoanError("请选择专报主题。")
        if subject == Subject.PHASE:
            if phase is None:
                raise XiaoanError("请选择专项行动的阶段。")
            start = start or phase.start
            end = end or min(phase.end, clock.today())
        if start is None or end is None:
            raise XiaoanError("请填写专报的“起止日期”。")
        builder.check_period(start, end)
        period = builder.Period(start, end, end)
    else:
        raise XiaoanError(f"不认识的通报类型“{kind}”。")
    briefing = Briefing(
        kind=kind,
        subject=subject if kind == BriefingKind.SPECIAL else "",
        phase=phase if kind == BriefingKind.SPECIAL else None,
        month=month if kind == BriefingKind.MONTHLY else "",
        start=period.start,
        end=period.end,
        issued_on=period.issued_on,
        area=area,
        created_by=acting_user,
    )
    full_clean(briefing)
    set_history_user(briefing, acting_user, "开始生成")
    briefing.save()

    def enqueue() -> None:
        from .tasks import build_briefing

        build_briefing.enqueue(briefing.pk)

    transaction.on_commit(enqueue)
    return briefing


def build_content(
    briefing: Briefing, external: ExternalFigures | None = None, progress: Any = None
) -> Any:
    if briefing.kind == BriefingKind.MONTHLY:
        period = builder.Period(briefing.start, briefing.end, briefing.issued_on)
        return builder.build_monthly(briefing.area, period, external=external, progress=progress)
    return builder.build_special(
        briefing.area,
        subject=briefing.subject,
        start=briefing.start,
        end=briefing.end,
        phase=briefing.phase,
        external=external,
        progress=progress,
    )


def run_build(briefing_id: int) -> Briefing:
    """Build a briefing's content from the records, saving the progress after each
    section; a failure ends the build visibly with its reason."""
    briefing = Briefing.objects.select_related("area", "created_by", "phase__campaign").get(
        pk=briefing_id
    )
    if briefing.finished:
        return briefing
    with stalled_jobs.running(Briefing, briefing.pk, BuildStatus.RUNNING):
        briefing.refresh_from_db(fields=["status", "attempts", "heartbeat_at"])
        return work_build(briefing)


def work_build(briefing: Briefing) -> Briefing:
    """The build itself, for `run_build` (which marks it running and keeps its heartbeat)."""

    def progress(done: int, total: int) -> None:
        stalled_jobs.beat(Briefing, briefing.pk, steps_done=done, steps_total=total)

    try:
        content = build_content(briefing, progress=progress)
    except XiaoanError as exc:
        briefing.status, briefing.message = BuildStatus.FAILED, exc.message
    except Exception as exc:  # the build must end visibly whatever went wrong
        briefing.status, briefing.message = BuildStatus.FAILED, f"生成出错：{exc}"
        briefing.refresh_from_db(fields=["steps_done", "steps_total"])
        set_history_user(briefing, briefing.created_by, "生成失败")
        briefing.save()
        raise
    else:
        briefing.status = BuildStatus.DONE
        briefing.content = content.as_dict()
        briefing.title = content.title
        briefing.message = ""
    briefing.refresh_from_db(fields=["steps_done", "steps_total"])
    set_history_user(briefing, briefing.created_by, "生成完成")
    briefing.save()
    done = briefing.status == BuildStatus.DONE
    notify(
        [briefing.created_by],
        title=f"{'已生成' if done else '生成失败'}：{briefing.title or briefing.get_kind_display()}",
        body="请审阅、修改后导出。" if done else briefing.message,
        link=f"/briefings/{briefing.pk}/",
        kind="briefing",
        webhook=False,
    )
    return briefing


def check_may_compile(acting_user: User, briefing: Briefing) -> None:
    check_permission(acting_user, Permission.COMPILE_BRIEFINGS, briefing.area)
    if briefing.status != BuildStatus.DONE:
        raise XiaoanError("通报尚未生成完成，不能修改或导出。")


def do_edit_section(
    briefing: Briefing, *, acting_user: User, expected_version: int, key: str, text: str
) -> Briefing:
    """Replace a section's text (or the title, key "title"); empty text restores
    the text as built. Refused if someone else saved the briefing meanwhile."""
    check_may_compile(acting_user, briefing)
    keys = {s["key"]: s["heading"] for s in briefing.content.get("sections", [])}
    if key != "title" and key not in keys:
        raise XiaoanError(f"通报中没有“{key}”这一部分。")
    if len(text) > MAX_EDIT_CHARS:
        raise XiaoanError(f"“{keys.get(key, '标题')}”的内容超过 {MAX_EDIT_CHARS} 字，请精简。")
    edits = dict(briefing.edits or {})
    if text.strip():
        edits[key] = text.strip()
    else:
        edits.pop(key, None)
    label = keys.get(key, "标题")
    return apply_edit(
        briefing,
        {"edits": edits},
        acting_user=acting_user,
        expected_version=expected_version,
        reason=f"修改“{label}”",
    )


@transaction.atomic
def do_export(briefing: Briefing, *, acting_user: User, with_pdf: bool = True) -> BriefingVersion:
    """Freeze the draft as the next numbered version with its Word file, and a PDF
    when LibreOffice is installed (otherwise the version says why there is none)."""
    briefing = Briefing.objects.select_for_update().select_related("area").get(pk=briefing.pk)
    check_may_compile(acting_user, briefing)
    content = briefing.draft()
    assert content is not None
    number = (briefing.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    docx = to_docx(content)
    version = BriefingVersion(
        briefing=briefing, number=number, content=content.as_dict(), exported_by=acting_user
    )
    stem = f"briefing-{briefing.pk}-v{number}"
    version.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    if with_pdf:
        try:
            version.pdf.save(f"{stem}.pdf", ContentFile(pdf.to_pdf(docx)), save=False)
        except pdf.PdfUnavailableError as exc:
            version.pdf_message = exc.message
    version.save()
    return version


def file_name(version: BriefingVersion, suffix: str) -> str:
    return f"{version.briefing.title or '通报'}-第{version.number}版.{suffix}"
