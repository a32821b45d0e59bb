"""The reminders app's models."""

# The calendar feed's address (reminders/models_calendar.py).
from reminders.models_calendar import CalendarToken  # noqa: F401
