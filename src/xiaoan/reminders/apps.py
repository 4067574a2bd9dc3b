from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "xiaoan.reminders"
    label = "reminders"
    verbose_name = "提醒"

    def ready(self) -> None:
        from xiaoan.core import periodic

        from . import sources  # noqa: F401  (sources register themselves)
        from .sending import send_due_reminders

        periodic.register("reminders", every_seconds=300)(send_due_reminders)
