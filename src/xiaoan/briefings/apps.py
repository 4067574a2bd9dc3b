from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "xiaoan.briefings"
    label = "briefings"
    verbose_name = "通报"

    def ready(self) -> None:
        from xiaoan.briefings import navigation  # noqa: F401  (registers menu entries)
