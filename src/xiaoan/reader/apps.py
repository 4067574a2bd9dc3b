from django.apps import AppConfig


class ReaderConfig(AppConfig):
    name = "xiaoan.reader"
    label = "reader"
    verbose_name = "通报识别"

    def ready(self) -> None:
        from xiaoan.reader import navigation  # noqa: F401  (registers menu entries)
