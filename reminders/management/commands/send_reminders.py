"""Run the daily reminder check by hand, in this process (no worker needed): the same services
the beat schedule's tasks call, so a second run sends nothing new."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.scoping import unscoped
from reminders import services
from reminders.models import Reminder, Status


def date_argument(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"Give the date as YYYY-MM-DD, e.g. 2019-07-10 (not {value!r})."
        ) from error


def _line(reminder: Reminder) -> str:
    return f"{reminder.title} (due {reminder.due_on:%-d %B %Y}) {reminder.url}"


class Command(BaseCommand):
    help = (
        "Find what is due as at a date (today unless --as-at), queue a reminder for each person "
        "it falls to (once: never again for the same person, thing and due date), and send the "
        "e-mails that are ready. --dry-run prints what it would queue and send, changing nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-at", type=date_argument, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="change and send nothing")

    def handle(self, *args, as_at: date | None, dry_run: bool, **options):
        as_at = as_at or timezone.localdate()
        new = services.reminders_queue(as_at=as_at, dry_run=dry_run)
        verb = "Would queue" if dry_run else "Queued"
        self.stdout.write(f"{verb} {len(new)} reminder{'s' * (len(new) != 1)} as at {as_at}.")
        batches = services.ready_batches(timezone.localdate())
        if dry_run:
            with unscoped():
                ready = Reminder.objects.filter(pk__in=[pk for b in batches for pk in b])
                for row in [*new, *ready.select_related("user")]:
                    self.stdout.write(f"Would send to {row.user.email}: {_line(row)}")
            return
        sent = failed = 0
        for batch in batches:
            rows = services.reminders_deliver(reminder_ids=batch)
            for row in rows:
                if row.status == Status.SENT:
                    sent += 1
                    self.stdout.write(f"Sent to {row.to_email}: {_line(row)}")
                else:
                    failed += 1
                    self.stdout.write(f"Not sent to {row.to_email} ({row.error}): {_line(row)}")
        self.stdout.write(f"Sent {sent}, not sent {failed}.")
