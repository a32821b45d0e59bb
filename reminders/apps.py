from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """What the product chases: each person's tasks, reminder e-mails sent exactly once, and a
    calendar to subscribe to. It reads what is due from ``core.due``; nothing imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = "Reminders"
