from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "xiaoan.briefings"
    label = "briefings"
    verbose_name = "通报"

    def ready(self) -> None:
        from xiaoan.briefings import navigation  # noqa: F401  (registers menu entries)

        watch_builds()


def watch_builds() -> None:
    """A briefing build whose worker died is queued again once, then failed."""
    from xiaoan.briefings.choices import BuildStatus
    from xiaoan.briefings.models import Briefing
    from xiaoan.core import stalled_jobs

    def requeue(briefing_id: int) -> None:
        from xiaoan.briefings.tasks import build_briefing

        build_briefing.enqueue(briefing_id)

    stalled_jobs.watch(
        stalled_jobs.WatchedJobs(
            model=Briefing,
            running=BuildStatus.RUNNING,
            pending=BuildStatus.PENDING,
            failed=BuildStatus.FAILED,
            requeue=requeue,
            failed_message=lambda attempts: (
                f"生成中断：后台进程 {attempts} 次意外停止，请检查服务器后重新生成。"
            ),
            finished_at_field=None,
        )
    )
