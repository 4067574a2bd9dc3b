from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "xiaoan.areas"
    label = "areas"
    verbose_name = "区域、单位与用户"

    def ready(self) -> None:
        from xiaoan.areas import navigation  # noqa: F401  (registers menu entries)
