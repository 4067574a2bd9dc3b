from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xiaoan.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from xiaoan.core import periodic
        from xiaoan.core.notifications import deliver_due

        periodic.register("webhook-retries", every_seconds=30)(deliver_due)

        from xiaoan.core import securitylog

        securitylog.connect_signals()
        periodic.register("security-log-purge", every_seconds=3600)(securitylog.purge_expired)

        from xiaoan.core.attachments import purge_orphans

        periodic.register("orphan-attachments", every_seconds=3600)(purge_orphans)

        from xiaoan.core.stalled_jobs import check_every, reclaim_stalled

        periodic.register("stalled-jobs", every_seconds=check_every())(reclaim_stalled)

        from simple_history.signals import pre_create_historical_record

        pre_create_historical_record.connect(
            stamp_history_with_clock, dispatch_uid="xiaoan-history-clock"
        )

        from django.contrib.auth.signals import user_logged_in

        from xiaoan.core.session_limits import start

        user_logged_in.connect(start, dispatch_uid="xiaoan-session-start")


def stamp_history_with_clock(sender: object, history_instance: object, **kwargs: object) -> None:
    """History entries take their time from the one clock, like everything else
    (so the demo's pinned day shows in the history too)."""
    from xiaoan.core import clock

    history_instance.history_date = clock.now()  # type: ignore[attr-defined]
