from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "xiaoan.complaints"
    label = "complaints"
    verbose_name = "12345 工单"

    def ready(self) -> None:
        from xiaoan.complaints import navigation  # noqa: F401  (registers menu entries)
