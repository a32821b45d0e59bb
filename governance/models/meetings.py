from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from governance.models.committees import Committee, Membership
from governance.rules import HELD_IN_FUTURE
from partners.models import Person


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("date", validators=[validate_plausible_date])
    starts_at = models.TimeField("time", null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    link = models.URLField("online link", max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_reason = models.TextField("reason for cancelling", blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    system_path = "committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "held_on"],
                name="meeting_one_per_committee_day",
                violation_error_message="This committee already has a meeting on this date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} on {self.held_on:%-d %B %Y}"

    def clean(self) -> None:
        # Scheduled ahead is fine; held ahead is a slip (the date or the status is wrong).
        if (
            self.status == self.Status.HELD
            and self.held_on is not None
            and self.held_on > timezone.localdate()
        ):
            raise ValidationError({"status": HELD_IN_FUTURE})


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PRESENT)
    deputising_for = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputised_attendances",
        help_text="The member this person attends in place of.",
    )
    chair_agreed = models.BooleanField(
        "chair's agreement recorded",
        default=False,
        help_text="The chair agreed to this deputy, where the terms allow other deputies only "
        "with the chair's agreement.",
    )
    history = HistoricalRecords()

    system_path = "meeting__committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_once_per_meeting",
                violation_error_message="This person's attendance is already recorded.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    reference = models.CharField(max_length=50, blank=True)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    amount_thousands = models.DecimalField(
        "amount (£'000)",
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        help_text="Withdrawn records are kept, labelled, never deleted.",
        validators=[validate_plausible_date],
    )
    withdrawn_reason = models.TextField("reason for withdrawing", blank=True)
    history = HistoricalRecords()

    system_path = "meeting__committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["meeting", "reference", "pk"]

    def __str__(self) -> str:
        return self.title


# A decision stands unless withdrawn (recorded in error): the chair's report lists only these.
DECISION_STANDING = Q(withdrawn_on__isnull=True)


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    due_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    withdrawn_on = models.DateField(
        null=True,
        blank=True,
        help_text="Withdrawn records are kept, labelled, never deleted.",
        validators=[validate_plausible_date],
    )
    withdrawn_reason = models.TextField("reason for withdrawing", blank=True)
    history = HistoricalRecords()

    system_path = "meeting__committee__system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="action_completed_when_done",
                violation_error_message=(
                    "A done action needs the date it was completed, and only then."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue_on(self, day) -> bool:
        """Due before ``day`` and not complete: still open, and not withdrawn
        (``action_overdue_on``)."""
        return (
            self.withdrawn_on is None
            and self.status == self.Status.OPEN
            and self.due_on is not None
            and self.due_on < day
        )


# An action asks something of its owner while it is open and not withdrawn (recorded in error):
# the action log's and the API's "overdue", the reminders.
ACTION_OUTSTANDING = Q(status=Action.Status.OPEN, withdrawn_on__isnull=True)


def action_overdue_on(day) -> Q:
    """``Action.is_overdue_on`` as a filter: outstanding and due before ``day`` (due that day is
    not yet overdue, as for milestones)."""
    return ACTION_OUTSTANDING & Q(due_on__lt=day)
