from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "xiaoan.complaints"
    label = "complaints"
    verbose_name = "12345 工单"

    def ready(self) -> None:
        from xiaoan.complaints import navigation  # noqa: F401  (registers menu entries)
        from xiaoan.complaints.spikes import check_spikes
        from xiaoan.core import periodic

        periodic.register("complaint-spikes", every_seconds=600)(check_spikes)
        watch_imports()


def watch_imports() -> None:
    """A 12345 import whose worker died is queued again once, then failed."""
    from xiaoan.complaints.choices import ImportStatus
    from xiaoan.complaints.models import ImportJob
    from xiaoan.core import stalled_jobs

    def requeue(job_id: int) -> None:
        from xiaoan.complaints.tasks import run_import

        run_import.enqueue(job_id)

    stalled_jobs.watch(
        stalled_jobs.WatchedJobs(
            model=ImportJob,
            running=ImportStatus.RUNNING,
            pending=ImportStatus.PENDING,
            failed=ImportStatus.FAILED,
            requeue=requeue,
            failed_message=lambda attempts: (
                f"导入中断：后台进程 {attempts} 次意外停止。已写入的行都是完整的；"
                "请检查服务器后重新上传同一文件补全（重复导入不会产生重复工单）。"
            ),
        )
    )
