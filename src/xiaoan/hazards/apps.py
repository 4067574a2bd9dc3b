from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "xiaoan.hazards"
    label = "hazards"
    verbose_name = "除患"

    def ready(self) -> None:
        from xiaoan.hazards import navigation  # noqa: F401  (registers menu entries)
