from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "xiaoan.directives"
    label = "directives"
    verbose_name = "督办"

    def ready(self) -> None:
        from xiaoan.directives import navigation  # noqa: F401  (registers menu entries)
