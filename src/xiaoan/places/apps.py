from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "xiaoan.places"
    label = "places"
    verbose_name = "场所与水源"

    def ready(self) -> None:
        from xiaoan.places import navigation  # noqa: F401  (registers menu entries)
