"""Changes to 12345 work orders and their import jobs.

Every change goes through a function here, atomic, with the acting user
keyword-only, so each order's history says who imported or updated it.
The handling lifecycle (dispatch, reply, close) is a later slice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.core import clock, pii, stalled_jobs
from xiaoan.core.bulk import create_with_history
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.core.versioning import set_history_user

from .choices import ImportStatus
from .models import Complaint, ImportJob

#: the fields an import writes; the others (area, links) belong to handling
IMPORTED_FIELDS = (
    "received_at",
    "channel",
    "kind",
    "urgency",
    "category",
    "title",
    "content",
    "address",
    "handling_unit",
    "assigned_at",
    "due_at",
    "status",
    "replied_at",
    "reply",
    "closed_at",
    "satisfaction",
    "caller_name",
    "caller_phone",
    "caller_phone_hash",
    "raw",
)


#: what the import decides itself (`triage.decide`): classification and place, never
#: sent when a person decided them
DECIDED_FIELDS = ("fire_related", "hazard_category", "classified_by", "area_id", "placed_by")


def check_may_import(acting_user: User | None) -> None:
    if acting_user is None or not acting_user.can(Permission.MANAGE_COMPLAINTS):
        raise PermissionDeniedError(
            "您的角色无权导入 12345 工单：需要“导入、分派 12345 工单”权限。"
        )
    if acting_user.area is None:
        raise PermissionDeniedError("您的账号没有所属区域，不能导入工单。")


@transaction.atomic
def do_record_complaint(
    existing: Complaint | None,
    *,
    acting_user: User,
    number: str,
    received_at: dt.datetime,
    content: str,
    area: Area | None,
    raw: dict[str, Any] | None = None,
    import_job: ImportJob | None = None,
    **fields: Any,
) -> tuple[Complaint, bool]:
    """Create the order `number`, or update `existing` (the order with that number)
    with what a newer export says. An unchanged order is not written again.
    Returns the order and whether it was created. A new order takes `area`
    unless the import placed it (`area_id`); an existing one keeps its own unless
    the import placed it again."""
    check_may_import(acting_user)
    unknown = set(fields) - set(IMPORTED_FIELDS) - set(DECIDED_FIELDS)
    if unknown:
        raise XiaoanError(f"不能导入的字段：{'、'.join(sorted(unknown))}")
    values = {**fields, "received_at": received_at, "content": content, "raw": raw or {}}
    if existing is None:
        if "area_id" not in values:
            values["area_id"] = area.pk if area is not None else None
        complaint = Complaint(number=number, import_job=import_job, **values)
        set_history_user(complaint, acting_user, "导入")
        complaint.save()
        return complaint, True
    changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
    if not changed:
        return existing, False
    for name, value in changed.items():
        setattr(existing, name, value)
    existing.import_job = import_job
    existing.version += 1
    existing.updated_at = clock.now()
    set_history_user(existing, acting_user, "导入更新")
    existing.save()
    return existing, False


@dataclass
class ImportBatch:
    """The orders of one import batch, worked out in memory by the importer:
    new ones to insert, and existing ones with the fields that changed."""

    created: list[Complaint] = field(default_factory=list)
    changed: list[Complaint] = field(default_factory=list)
    changed_ids: set[int] = field(default_factory=set)
    changed_fields: set[str] = field(default_factory=set)


@transaction.atomic
def do_record_batch(batch: ImportBatch, *, acting_user: User) -> None:
    """Write one import batch in a few statements: the new orders and their
    history ("导入") in fast bulk inserts (`core.bulk`), the changed ones and
    theirs ("导入更新") in a bulk update, all stamped with the one clock and the
    importing user. The same outcome as `do_record_complaint` row by row, at a
    fraction of the cost."""
    check_may_import(acting_user)
    unknown = batch.changed_fields - set(IMPORTED_FIELDS) - set(DECIDED_FIELDS)
    if unknown:
        raise XiaoanError(f"不能导入的字段：{'、'.join(sorted(unknown))}")
    now = clock.now()
    history = Complaint.history  # type: ignore[attr-defined]
    if batch.created:
        for complaint in batch.created:
            complaint.created_at = complaint.updated_at = now
        create_with_history(batch.created, user=acting_user, reason="导入", when=now)
    if batch.changed:
        for complaint in batch.changed:
            complaint.version += 1
            complaint.updated_at = now
        fields = sorted(batch.changed_fields | {"version", "updated_at", "import_job"})
        Complaint.objects.bulk_update(batch.changed, fields, batch_size=500)
        history.bulk_history_create(
            batch.changed,
            update=True,
            default_user=acting_user,
            default_change_reason="导入更新",
            default_date=now,
        )


@transaction.atomic
def do_start_import(*, acting_user: User, upload: IO[bytes] | File[Any], name: str) -> ImportJob:
    """Keep the uploaded export and queue its import in the background (after commit)."""
    check_may_import(acting_user)
    assert acting_user.area is not None
    upload.seek(0)
    content = ContentFile(pii.encrypt_file_content(upload.read()))
    job = ImportJob(original_name=name[:255], imported_by=acting_user, area=acting_user.area)
    job.file.save(safe_name(name), content, save=False)
    job.save()

    def enqueue() -> None:
        from .tasks import run_import

        run_import.enqueue(job.pk)

    transaction.on_commit(enqueue)
    return job


def stored_file_content(field: Any) -> bytes:
    """The clear content of a job's kept file (they are stored encrypted)."""
    with field.open("rb") as handle:
        return pii.decrypt_file_content(handle.read())


def safe_name(name: str) -> str:
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    return f"{clock.now():%Y%m%d%H%M%S}{suffix}"


def run_job(job_id: int) -> ImportJob:
    """Work one import job: progress is saved after each batch, the counts and
    the rejected rows at the end. A refused file ends the job with its reason."""
    job = ImportJob.objects.select_related("imported_by__area", "area").get(pk=job_id)
    if job.finished:
        return job
    with stalled_jobs.running(ImportJob, job.pk, ImportStatus.RUNNING):
        job.refresh_from_db(fields=["status", "attempts", "heartbeat_at"])
        return work_job(job)


def work_job(job: ImportJob) -> ImportJob:
    """The import itself, for `run_job` (which marks it running and keeps its heartbeat)."""
    from .importers import ImportRefusedError, import_complaints

    def progress(done: int, total: int) -> None:
        stalled_jobs.beat(ImportJob, job.pk, done=done, total=total)

    try:
        data = stored_file_content(job.file)
        result = import_complaints(data, acting_user=job.imported_by, job=job, progress=progress)
    except (ImportRefusedError, PermissionDeniedError) as exc:
        job.status = ImportStatus.REFUSED
        job.message = exc.message
    except Exception as exc:  # the job must end visibly whatever went wrong
        job.status = ImportStatus.FAILED
        job.message = f"导入出错：{exc}"
        job.refresh_from_db(fields=["done", "total"])
        job.finished_at = clock.now()
        job.save()
        raise
    else:
        job.status = ImportStatus.DONE
        job.total = job.done = result.rows
        job.imported, job.updated, job.rejected = result.imported, result.updated, result.rejected
        job.errors = [e.as_dict() for e in result.errors]
        job.message = (
            f"共 {result.rows} 行：新增 {result.imported}，更新 {result.updated}，"
            f"未导入 {result.rejected}。"
        )
        if job.attempts > 1:
            job.message += f"（后台进程中断后第 {job.attempts} 次执行，中断前已写入的行计为更新。）"
        if result.rejected_workbook:
            job.rejected_file.save(
                f"rejected-{job.pk}.xlsx",
                ContentFile(pii.encrypt_file_content(result.rejected_workbook)),
                save=False,
            )
    job.finished_at = clock.now()
    job.save()
    if job.status == ImportStatus.DONE:
        from .spikes import check_spikes

        check_spikes()  # newly imported orders may make today a spike
    return job
