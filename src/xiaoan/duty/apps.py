from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "xiaoan.duty"
    label = "duty"
    verbose_name = "紧急信息与值班"

    def ready(self) -> None:
        from xiaoan.core import periodic
        from xiaoan.duty import navigation  # noqa: F401  (registers menu entries)
        from xiaoan.duty.services.reminders import run_reminders

        periodic.register("urgent-report-clock", every_seconds=30)(run_reminders)
