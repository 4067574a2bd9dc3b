from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "xiaoan.rewards"
    label = "rewards"
    verbose_name = "有奖举报"

    def ready(self) -> None:
        from xiaoan.rewards import navigation  # noqa: F401  (registers menu entries)
