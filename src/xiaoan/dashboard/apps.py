from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "xiaoan.dashboard"
    label = "dashboard"
    verbose_name = "指挥看板"

    def ready(self) -> None:
        from . import navigation  # noqa: F401
