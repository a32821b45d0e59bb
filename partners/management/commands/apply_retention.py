"""Apply each kind of personal data's retention now (the nightly task does the same)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.retention import apply_retention


class Command(BaseCommand):
    help = "Delete or pseudonymise personal data past its retention period, kind by kind."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is past retention; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        outcomes = apply_retention(now=timezone.now(), apply=not dry_run)
        verb = "would change" if dry_run else "changed"
        for outcome in outcomes:
            self.stdout.write(
                f"{outcome.kind.slug}: {outcome.count} {verb} "
                f"(kept {outcome.kind.days} days: before {outcome.before:%Y-%m-%d})"
            )
        total = sum(outcome.count for outcome in outcomes)
        self.stdout.write(f"{'Dry run: ' if dry_run else ''}{total} in all.")
