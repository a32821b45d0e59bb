from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"

    def ready(self) -> None:
        # Registers the API token scheme with drf-spectacular.
        from partners.api import auth  # noqa: F401
