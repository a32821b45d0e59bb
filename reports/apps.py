from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        # Registers the tasks with Celery in every process (the web's too), so that services
        # queue them by name without importing the module that imports them.
        from reports import tasks  # noqa: F401
