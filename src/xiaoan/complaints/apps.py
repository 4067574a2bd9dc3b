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
