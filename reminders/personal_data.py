"""What reminders holds about people: the reminders sent to them, their notification settings
and their calendar address. Retention of the outbox (core.retention), the subject access
sections (core.subject_access), and what an erasure stops (core.erasure)."""

from datetime import datetime

from django.utils import timezone

from core.erasure import Erasure, after_erase
from core.retention import retention
from core.subject_access import Subject, section
from reminders.models import CalendarToken, Preference, Reminder, Status

# Delivered, refused or stopped: nothing more will happen to these rows.
SETTLED = (Status.SENT, Status.FAILED, Status.UNCONFIRMED, Status.STOPPED)
ERASED = "The person's identity was erased"


@retention(
    "reminders_sent",
    "Reminders sent (the outbox: to whom, about what, when)",
    days=365,
    action="Deleted, once its deadline has also passed by the period.",
)
def reminders_sent(before: datetime, apply: bool) -> int:
    # The deadline too: a row is what stops the same deadline being sent again.
    past = Reminder.objects.filter(
        status__in=SETTLED, queued_at__lt=before, due_on__lt=before.date()
    )
    count = past.count()
    if apply:
        past.delete()
    return count


@section("Reminders sent to them", order=60)
def reminders(subject: Subject) -> list[dict]:
    if subject.user is None:
        return []
    rows = Reminder.objects.filter(user=subject.user, **subject.in_systems("system"))
    return [
        {
            "About": r.title,
            "Due on": r.due_on,
            "Status": r.get_status_display(),
            "Sent to": r.to_email,
            "Sent at": r.sent_at,
        }
        for r in rows.order_by("queued_at", "pk")
    ]


@section("Notification settings", order=61)
def preferences(subject: Subject) -> list[dict]:
    if subject.user is None:
        return []
    rows = Preference.objects.filter(user=subject.user).order_by("kind")
    return [{"Kind": p.kind, "How": p.get_frequency_display()} for p in rows]


@section("Calendar addresses", order=62)
def calendars(subject: Subject) -> list[dict]:
    if subject.user is None:
        return []
    rows = CalendarToken.objects.filter(user=subject.user).order_by("created_at")
    return [{"Starts with": t.prefix, "Made": t.created_at, "Stopped": t.revoked_at} for t in rows]


@after_erase
def stop_reminders(erasure: Erasure) -> None:
    """Nothing more is sent to an erased person, and their calendar address stops."""
    if erasure.user_id is None:
        return
    Reminder.objects.filter(user_id=erasure.user_id, status=Status.QUEUED).update(
        status=Status.STOPPED, error=ERASED
    )
    for token in CalendarToken.objects.filter(user_id=erasure.user_id, revoked_at__isnull=True):
        token.revoked_at, token.revoked_reason = timezone.now(), ERASED
        token._history_user = erasure.actor
        token.save()
