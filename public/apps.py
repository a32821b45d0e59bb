from django.apps import AppConfig


class PublicConfig(AppConfig):
    """What a system publishes, for anyone, without signing in: it reads governance and reports
    and nothing imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "public"
    verbose_name = "Public pages"
