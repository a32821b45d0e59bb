from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"

    def ready(self) -> None:
        # Registers the tasks with Celery in every process, so that services queue them by name
        # without importing the module that imports them.
        from governance import tasks  # noqa: F401
