"""Check every stored file a record vouches for against the SHA-256 it recorded: each published
(or superseded) monthly report's PDF, each meeting paper and each built pack. Run after a
restore (README, "Backup and restore"); a missing or changed file is named and the command
fails."""

from django.core.management.base import BaseCommand, CommandError

from core.files import StoredFileMismatch, open_checked
from core.scoping import unscoped
from governance.models import Pack, Paper
from reports.models import FROZEN, MonthlyReport


def _checked(rows, field: str) -> tuple[int, list[str]]:
    count, problems = 0, []
    for row in rows:
        stored = getattr(row, field)
        try:
            open_checked(stored.storage, stored.name, row.sha256).close()
        except (StoredFileMismatch, FileNotFoundError, OSError) as error:
            problems.append(f"{row._meta.verbose_name} {row.pk} ({stored.name}): {error}")
        count += 1
    return count, problems


class Command(BaseCommand):
    help = "Check every published report's PDF, paper and pack against its recorded SHA-256."

    def handle(self, *args, **options):
        with unscoped():
            kinds = {
                "published reports": _checked(
                    MonthlyReport.objects.filter(status__in=FROZEN).only("pdf", "sha256"), "pdf"
                ),
                "papers": _checked(Paper.objects.only("file", "sha256"), "file"),
                "packs": _checked(Pack.objects.exclude(pdf="").only("pdf", "sha256"), "pdf"),
            }
        problems = [problem for _, found in kinds.values() for problem in found]
        for problem in problems:
            self.stderr.write(problem)
        summary = ", ".join(f"{count} {kind}" for kind, (count, _) in kinds.items())
        if problems:
            raise CommandError(f"{len(problems)} stored files failed their SHA-256 ({summary}).")
        self.stdout.write(f"Every stored file matches its SHA-256: {summary}.")
