"""Writes of the reminders: people's choices, the daily check that fills the outbox, and the
delivery of outbox rows, exactly once.

Delivery (``reminders_deliver``) moves each row through three steps, each a commit of its own:

1. **Claim**: ``select_for_update(skip_locked=True)`` takes the rows still ``queued`` and marks
   them ``sending`` with one Message-ID, committed before anything is handed to the mail server.
   A second worker, or a redelivered Celery message, finds nothing left to claim.
2. **Send** the e-mail through Django's mail backend.
3. **Mark** the rows ``sent``.

A failure the mail server states (it refused the recipient or the message, or could not be
reached) means nothing went: the rows go back to ``queued`` with the error and are tried again,
``failed`` after ``MAX_ATTEMPTS``. Anything else after the claim (the worker killed, the
connection lost mid-message, the mark itself failing) leaves the rows ``sending``: the e-mail
may or may not have gone, and it is **not sent again**, so no one is reminded twice.
``reminders_flag_unconfirmed`` marks such rows ``unconfirmed`` after ``STUCK_AFTER``; the audit
page shows them with their Message-ID, to look up in the mail server's log. So a reminder is
sent at most once, and none is lost without trace: every row ends sent, failed, stopped or
unconfirmed, each on the audit page.
"""

from __future__ import annotations

import smtplib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from core import due
from core.audit import save_tracked
from core.authz import current_accesses
from core.scoping import unscoped
from reminders import mail
from reminders.models import Frequency, Preference, Reminder, Status

MAX_ATTEMPTS = 3
STUCK_AFTER = timedelta(minutes=15)
# What the mail server says when it did not take the message: safe to try again.
REFUSED = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused, ConnectionRefusedError)


# --- Preferences --------------------------------------------------------------------------------


def frequencies_of(user) -> dict[str, str]:
    """The person's choice for every kind (straight away unless they chose otherwise)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind.slug: chosen.get(kind.slug, Frequency.IMMEDIATE) for kind in due.kinds()}


def preference_set(*, actor, user, kind: str, frequency: str) -> Preference:
    """Choose how ``user`` hears about ``kind``; switching a kind off stops what is queued."""
    try:
        known = due.kind(kind)
    except KeyError:
        raise ValidationError({"kind": "There is no such kind of reminder."}) from None
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": "Choose how often to hear about it."})
    if frequency == Frequency.OFF and known.essential:
        raise ValidationError(
            {"frequency": f"{known.label} cannot be switched off: they are essential."}
        )
    with transaction.atomic():
        preference = Preference.objects.filter(user=user, kind=kind).first()
        if preference is None:
            preference = Preference(user=user, kind=kind, frequency=frequency)
        elif preference.frequency == frequency:
            return preference
        preference.frequency = frequency
        save_tracked(preference, actor=actor, reason="Notification settings")
        if frequency == Frequency.OFF:
            with unscoped():
                Reminder.objects.filter(user=user, kind=kind, status=Status.QUEUED).update(
                    status=Status.STOPPED, error="Switched off by the person"
                )
    return preference


# --- The daily check ------------------------------------------------------------------------


def send_on(frequency: str, as_at: date, due_on: date) -> date:
    """The first day a reminder may go: at once, or the next Monday for a weekly digest (but
    not after its own due date, so nothing arrives late for a deadline it could have met)."""
    if frequency != Frequency.WEEKLY:
        return as_at
    monday = as_at + timedelta(days=-as_at.weekday() % 7)
    return max(as_at, min(monday, due_on))


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str
    system_ids: frozenset[int]
    frequencies: dict[str, str]


def _recipients(user_ids: set[int]) -> dict[int, Recipient]:
    """Active people with an e-mail address, the systems they may still see, their choices."""
    users = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .values_list("pk", "email")
    )
    systems: dict[int, set[int]] = defaultdict(set)
    for user_id, system_id in (
        current_accesses().filter(user_id__in=user_ids).values_list("user_id", "system_id")
    ):
        systems[user_id].add(system_id)
    chosen: dict[int, dict[str, str]] = defaultdict(dict)
    for user_id, kind, frequency in Preference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind", "frequency"
    ):
        chosen[user_id][kind] = frequency
    return {
        pk: Recipient(pk, email, frozenset(systems[pk]), chosen[pk])
        for pk, email in users
        if systems[pk]
    }


def _planned(as_at: date, system_ids) -> list[Reminder]:
    """The outbox rows the deadlines as at ``as_at`` call for, existing ones included."""
    found = due.due_as_at(as_at, system_ids=system_ids)
    recipients = _recipients({user_id for item in found for user_id in item.user_ids})
    rows = []
    for item in found:
        essential = due.kind(item.kind).essential
        for user_id in sorted(item.user_ids):
            person = recipients.get(user_id)
            if person is None or item.system_id not in person.system_ids:
                continue  # no address, or no longer sees the system
            frequency = person.frequencies.get(item.kind, Frequency.IMMEDIATE)
            if frequency == Frequency.OFF:
                if not essential:
                    continue
                frequency = Frequency.IMMEDIATE
            rows.append(
                Reminder(
                    system_id=item.system_id,
                    user_id=user_id,
                    kind=item.kind,
                    thing_key=item.key,
                    due_on=item.due_on,
                    title=item.title[:500],
                    url=item.url,
                    frequency=frequency,
                    send_on=send_on(frequency, as_at, item.due_on),
                    found_as_at=as_at,
                )
            )
    return rows


def _key(row) -> tuple:
    return (row.user_id, row.kind, row.thing_key, row.due_on)


def reminders_queue(*, as_at: date, system_ids=None, dry_run: bool = False) -> list[Reminder]:
    """The daily check: an outbox row for each person each deadline calls for, once (the
    unique key is the person, the kind, the thing and its due date). Returns the new rows
    (``dry_run``: the rows it would add, writing nothing)."""
    with unscoped(), transaction.atomic():
        planned = _planned(as_at, system_ids)
        existing = set(
            Reminder.objects.filter(
                user_id__in={row.user_id for row in planned},
                due_on__in={row.due_on for row in planned},
            ).values_list("user_id", "kind", "thing_key", "due_on")
        )
        new = [row for row in planned if _key(row) not in existing]
        if dry_run or not new:
            return new
        # A check running at the same moment may have written some of them: theirs stand.
        started = timezone.now()
        Reminder.objects.bulk_create(new, ignore_conflicts=True)
        return list(
            Reminder.objects.filter(found_as_at=as_at, queued_at__gte=started)
            .select_related("user")
            .order_by("pk")
        )


def ready_batches(today: date) -> list[list[int]]:
    """Queued rows that may go today, as the e-mails they make: one each straight away, one
    digest per person for the rest."""
    with unscoped():
        rows = Reminder.objects.filter(status=Status.QUEUED, send_on__lte=today).values_list(
            "pk", "user_id", "frequency"
        )
        batches: list[list[int]] = []
        digests: dict[int, list[int]] = defaultdict(list)
        for pk, user_id, frequency in rows.order_by("pk"):
            if frequency == Frequency.IMMEDIATE:
                batches.append([pk])
            else:
                digests[user_id].append(pk)
        return batches + list(digests.values())


# --- Delivery, exactly once -----------------------------------------------------------------


ACCESS_ENDED = "The person no longer has access to this system"


def _claim(reminder_ids: list[int], today: date) -> list[Reminder]:
    """Take the rows still queued (skipping any another worker holds) and mark them sending,
    committed before the e-mail goes."""
    with unscoped(), transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=reminder_ids, status=Status.QUEUED, send_on__lte=today)
            .select_related("user")
            .order_by("due_on", "pk")
        )
        if not rows:
            return []
        user = rows[0].user
        if len({row.user_id for row in rows}) > 1:
            raise ValueError("One e-mail goes to one person: these reminders are for several.")
        if not user.email or not user.is_active:
            _finish(rows, status=Status.FAILED, error="The person has no e-mail address now")
            return []
        # Access may have ended since the row was queued (a weekly digest waits up to six
        # days, a refusal is tried again): a system the person no longer sees is not written
        # to them about.
        seen = set(current_accesses().filter(user=user).values_list("system_id", flat=True))
        gone = [row for row in rows if row.system_id not in seen]
        if gone:
            _finish(gone, status=Status.STOPPED, error=ACCESS_ENDED)
            rows = [row for row in rows if row.system_id in seen]
            if not rows:
                return []
        message_id = mail.new_message_id()
        now = timezone.now()
        for row in rows:
            row.status, row.message_id, row.to_email = Status.SENDING, message_id, user.email
            row.attempts += 1
            row.claimed_at = now
        Reminder.objects.bulk_update(
            rows, ["status", "message_id", "to_email", "attempts", "claimed_at"]
        )
        return rows


def _finish(rows: list[Reminder], **changes) -> None:
    with unscoped():
        Reminder.objects.filter(pk__in=[row.pk for row in rows]).update(**changes)
    for row in rows:
        for name, value in changes.items():
            setattr(row, name, value)


def _mark_sent(rows: list[Reminder]) -> None:
    _finish(rows, status=Status.SENT, sent_at=timezone.now(), error="")


def _release(rows: list[Reminder], error: Exception) -> None:
    """The mail server refused: nothing went, so it may be tried again (up to a limit)."""
    words = f"{type(error).__name__}: {error}"[:2000]
    retry = [row for row in rows if row.attempts < MAX_ATTEMPTS]
    if retry:
        _finish(retry, status=Status.QUEUED, error=words)
    given_up = [row for row in rows if row.attempts >= MAX_ATTEMPTS]
    if given_up:
        _finish(given_up, status=Status.FAILED, error=words)


def reminders_deliver(*, reminder_ids: list[int], today: date | None = None) -> list[Reminder]:
    """Send the rows still queued as one e-mail and mark them; returns them as they ended."""
    rows = _claim(list(reminder_ids), today or timezone.localdate())
    if not rows:
        return []
    try:
        message = mail.message_for(rows, to=rows[0].to_email, message_id=rows[0].message_id)
    except Exception as error:
        _release(rows, error)  # not sent: a setting or template is wrong, and the log says so
        raise
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        _release(rows, error)  # no connection: nothing went
        return rows
    try:
        connection.send_messages([message])
    except REFUSED as error:
        _release(rows, error)
        return rows
    finally:
        connection.close()
    _mark_sent(rows)
    return rows


def reminders_flag_unconfirmed(*, now=None) -> int:
    """Rows left sending past ``STUCK_AFTER`` (their worker stopped after claiming them):
    labelled unconfirmed, never sent again automatically."""
    cutoff = (now or timezone.now()) - STUCK_AFTER
    with unscoped():
        return Reminder.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff).update(
            status=Status.UNCONFIRMED,
            error=(
                "The worker stopped while sending: the e-mail may not have gone. It is not "
                "sent again automatically; look for its Message-ID in the mail server's log."
            ),
        )
