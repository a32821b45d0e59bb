"""The reminder outbox and each person's choices of how reminders reach them.

A ``Reminder`` row is the outbox: written by the daily check in the same transaction that finds
the deadline, unique per person, kind, thing and due date, so a deadline is queued once however
often the check runs. Its status is the delivery's whole story (``reminders.delivery`` moves it):
the row is the audit of what was sent, so it keeps no separate history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.scoping import SystemScopedManager

# The calendar feed's address lives in its own module.
from reminders.models_calendar import CalendarToken  # noqa: F401


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away, one e-mail for each"
    DAILY = "daily", "In a daily digest"
    WEEKLY = "weekly", "In a weekly digest, on Mondays"
    OFF = "off", "Not at all"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    # Claimed by a worker, which is handing it to the mail server: a worker that dies here
    # leaves it so, and it is never sent again automatically (see reminders.delivery).
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    UNCONFIRMED = "unconfirmed", "Not confirmed"
    STOPPED = "stopped", "Stopped"


class Reminder(models.Model):
    """One deadline to tell one person about: the outbox row and, once sent, its record."""

    system = models.ForeignKey(
        settings.TRACKER_TENANT_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reminders"
    )
    kind = models.CharField(max_length=50)
    thing_key = models.CharField(max_length=200, help_text="The thing's identity (core.due.Due)")
    due_on = models.DateField()
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500, help_text="The record's address on this site")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    # The first day it may go: the day it was queued, or the next Monday for a weekly digest.
    send_on = models.DateField()
    found_as_at = models.DateField(help_text="The date the daily check judged by")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    to_email = models.EmailField(blank=True, help_text="The address it was sent to")
    message_id = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = SystemScopedManager()

    class Meta:
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "thing_key", "due_on"], name="reminder_once"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="reminder_sent_at_iff_sent",
            ),
        ]
        indexes = [models.Index(fields=["status", "send_on"], name="reminder_ready")]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_on:%-d %B %Y})"


class Preference(models.Model):
    """How one person hears about one kind of deadline; no row means straight away."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    kind = models.CharField(max_length=50)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_preference_once"),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="reminder_preference_frequency_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.get_frequency_display()}"
