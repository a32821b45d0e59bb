"""The independent chair's monthly report: one row per system, month and version.

The snapshot (every figure the report shows, frozen as JSON) and the PDF rendered from it are
recorded together in one transaction, so a report is either complete or has neither. The PDF is
a file in the default storage (the file system, or S3-compatible object storage that every web
process and worker reaches), written before the row that names it; its SHA-256 is kept in the
row and checked whenever it is served (reports.storage).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.dates import validate_plausible_date
from core.scoping import SystemScopedManager
from partners.models import System


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    GENERATING = "generating", "Generating"
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    SUPERSEDED = "superseded", "Superseded"


# A published report, and one a later version replaced, never change again.
FROZEN = (ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED)
# Still being built: the page shows progress and polls.
IN_PROGRESS = (ReportStatus.QUEUED, ReportStatus.GENERATING)


def report_pdf_path(report: "MonthlyReport", filename: str) -> str:
    """Under the system's id (a slug may change) and the month and version; the file name carries
    the hash, so a name never stands for other bytes."""
    return f"reports/{report.system_id}/{report.month:%Y-%m}-v{report.version}/{filename}"


class MonthlyReport(models.Model):
    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="monthly_reports")
    month = models.DateField(
        help_text="The first day of the month reported on.", validators=[validate_plausible_date]
    )
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    commentary = models.TextField("chair's commentary", blank=True)
    flags = models.JSONField(
        "flagged for the regulators",
        default=list,
        blank=True,
        help_text="Escalations and issues the chair flags: [{'title', 'detail', 'case'}].",
    )
    pdf = models.FileField(upload_to=report_pdf_path, max_length=255, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The published version this one corrects.",
    )
    # The Celery message that owns the build; a redelivered message keeps it, a re-queue replaces
    # it, so a stale worker can never overwrite a newer build.
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    publish_requested_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, editable=False)
    # The snapshot is large and, like the PDF, frozen; history keeps who changed the rest and when.
    history = HistoricalRecords(excluded_fields=["pdf", "snapshot"])

    system_path = "system"
    objects = SystemScopedManager()

    class Meta:
        ordering = ["system", "-month", "-version"]
        get_latest_by = ["month", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "month", "version"],
                name="report_unique_version",
                violation_error_message="This month's report already has this version.",
            ),
            models.UniqueConstraint(
                fields=["system", "month"],
                condition=Q(status="published"),
                name="report_one_published_per_month",
                violation_error_message="This month already has a published report.",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="report_month_starts",
                violation_error_message="Give the first day of the month reported on.",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="report_version_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["draft", "published", "superseded"])
                | (~Q(pdf="") & Q(snapshot__isnull=False) & ~Q(sha256="")),
                name="report_built_has_pdf",
                violation_error_message="A built report has its snapshot, PDF and hash.",
            ),
        ]

    def __str__(self) -> str:
        version = f" (version {self.version})" if self.version > 1 else ""
        return f"{self.system.short_name} {self.month:%B %Y}{version}"

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def is_publishing(self) -> bool:
        return self.status == ReportStatus.DRAFT and self.publish_requested_at is not None

    @property
    def busy(self) -> bool:
        """A worker has something to do: the page shows progress and polls."""
        return self.in_progress or self.is_publishing

    @property
    def progress(self) -> str:
        """Changes whenever the page should reload to show a new state."""
        return f"{self.status}{'-publishing' if self.is_publishing else ''}"

    @property
    def filename(self) -> str:
        suffix = "" if self.status in FROZEN else "-draft"
        return f"{self.system.slug}-{self.month:%Y-%m}-v{self.version}{suffix}.pdf"
