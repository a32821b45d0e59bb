"""Build a system's monthly report draft by hand, in this process (no worker needed)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.audit import system_actor
from core.scoping import unscoped
from partners.models import System
from reports import services
from reports.models import ReportStatus


def month_argument(value: str):
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError as error:
        raise CommandError(f"Give the month as YYYY-MM, e.g. 2019-11 (not {value!r}).") from error


class Command(BaseCommand):
    help = (
        "Build the draft monthly report for SYSTEM (its slug) and MONTH (YYYY-MM). A draft or "
        "failed build is rebuilt; a published month gets a correction (the next version)."
    )

    def add_arguments(self, parser):
        parser.add_argument("system", help="the system's slug, e.g. norfolk-waveney")
        parser.add_argument("month", type=month_argument, help="YYYY-MM")
        parser.add_argument(
            "--queue", action="store_true", help="queue it for the Celery worker instead"
        )

    def handle(self, *args, system: str, month, queue: bool, **options):
        with unscoped():
            try:
                target = System.objects.get(slug=system)
            except System.DoesNotExist as error:
                known = ", ".join(System.objects.order_by("slug").values_list("slug", flat=True))
                raise CommandError(f"No system {system!r}. Systems: {known}.") from error
            try:
                report = services.report_request(
                    system=target, month=month, actor=system_actor(), send=queue
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            if queue:
                self.stdout.write(f"{report}: {report.get_status_display().lower()}")
                return
            built = services.report_build(report.pk, task_id=report.task_id)
            if built is None:
                raise CommandError(f"{report} is already being built by a worker.")
            if built.status == ReportStatus.FAILED:
                raise CommandError(f"{built} failed: {built.error}")
            self.stdout.write(
                f"{built}: {built.get_status_display().lower()}, SHA-256 {built.sha256}"
            )
