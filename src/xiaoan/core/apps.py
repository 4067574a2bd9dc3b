from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xiaoan.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from xiaoan.core import periodic
        from xiaoan.core.notifications import deliver_due

        periodic.register("webhook-retries", every_seconds=30)(deliver_due)
