"""The chair's part of a monthly report: commentary and flags on a draft, then publishing (the
final PDF is rendered by a worker and the report frozen; a correction supersedes the version
before). A failed publication leaves the draft, with the error, to publish again."""

import hashlib
import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import display_name, save_tracked
from core.stale import version_of
from reports.models import MonthlyReport, ReportStatus
from reports.services import _task, failure_reason
from reports.storage import pdf_discard, pdf_discard_on_commit, pdf_store

logger = logging.getLogger(__name__)


def _editable(report: MonthlyReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError("Only a draft can be changed.")
    if report.publish_requested_at:
        raise ValidationError("This draft is being published; it can no longer be changed.")


def report_update_chair(
    *, report: MonthlyReport, actor, commentary: str, flags: list[dict]
) -> MonthlyReport:
    """The chair's commentary and the items flagged for the regulators, on a draft."""
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().defer("pdf").get(pk=report.pk)
        _editable(report)
        report.commentary = commentary
        report.flags = flags
        save_tracked(report, actor=actor, reason="Commentary and flags")
    return report


def report_publish(*, report: MonthlyReport, actor, checked: str | None = None) -> MonthlyReport:
    """The chair publishes: the final PDF is rendered by a worker, then the report is frozen.

    ``checked`` is the report's version (core.stale.version_of) as the chair confirmed it: a
    report rebuilt or re-worded since is refused, so what is frozen is what was confirmed."""
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().defer("pdf").get(pk=report.pk)
        _editable(report)
        if checked is not None and checked != version_of(report):
            raise ValidationError(
                "The draft has changed since you checked it. Check it again before publishing."
            )
        report.publish_requested_at = timezone.now()
        report.published_by = actor
        report.error = ""
        save_tracked(report, actor=actor, reason="Publication requested")
        report_id = report.pk
        transaction.on_commit(lambda: _task("publish_report").delay(report_id))
    return report


def chair_report(report: MonthlyReport, published_at: datetime | None = None) -> dict:
    """What the chair adds to the frozen snapshot when publishing (and the draft's preview)."""
    supersedes = report.supersedes
    by = report.published_by
    return {
        "commentary": report.commentary,
        "flags": report.flags,
        "published_by": display_name(by) if by else "",
        "published_at": published_at.isoformat() if published_at else None,
        "version": report.version,
        "supersedes": (
            {
                "version": supersedes.version,
                "published_at": supersedes.published_at.isoformat(),
            }
            if supersedes and supersedes.published_at
            else None
        ),
    }


def report_finish_publication(report_id: int) -> MonthlyReport | None:
    """Render the final PDF and freeze the report; a correction supersedes the version before.

    Idempotent: a repeated or redelivered message finds the report published and does nothing.
    """
    from reports.pdf import render_pdf

    report = (
        MonthlyReport.objects.select_related("published_by", "supersedes")
        .defer("pdf", "supersedes__pdf", "supersedes__snapshot")
        .get(pk=report_id)
    )
    if report.status != ReportStatus.DRAFT or report.publish_requested_at is None:
        return None
    published_at = timezone.now()
    snapshot = {**report.snapshot, "chair_report": chair_report(report, published_at)}
    try:
        pdf = render_pdf(snapshot, draft=False, version=report.version)
    except Exception as error:
        logger.exception("Report %s failed to publish", report_id)
        return _publication_failed(report_id, failure_reason(error))
    stored = pdf_store(report, pdf, final=True)
    with transaction.atomic():
        locked = MonthlyReport.objects.select_for_update().get(pk=report_id)
        if locked.status != ReportStatus.DRAFT or locked.publish_requested_at is None:
            if stored != locked.pdf.name:
                pdf_discard(stored)  # published meanwhile by another delivery of the message
            return None
        if locked.supersedes_id:
            older = (
                MonthlyReport.objects.select_for_update().defer("pdf").get(pk=locked.supersedes_id)
            )
            older.status = ReportStatus.SUPERSEDED
            save_tracked(
                older, actor=report.published_by, reason=f"Superseded by v{report.version}"
            )
        locked.snapshot = snapshot
        pdf_discard_on_commit(locked.pdf.name, stored)  # the draft's file
        locked.pdf.name = stored
        locked.sha256 = hashlib.sha256(pdf).hexdigest()
        locked.status = ReportStatus.PUBLISHED
        locked.published_at = published_at
        save_tracked(locked, actor=report.published_by, reason="Published")
    return locked


def report_publication_failed(report_id: int, *, error: str) -> MonthlyReport | None:
    """A publication's message ended without the final PDF: the draft is left to publish again."""
    report = MonthlyReport.objects.defer("pdf").get(pk=report_id)
    if report.status != ReportStatus.DRAFT or report.publish_requested_at is None:
        return None
    return _publication_failed(report_id, error)


def _publication_failed(report_id: int, error: str) -> MonthlyReport:
    """The draft stays as it was, with the error, for the chair to publish again."""
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().defer("pdf").get(pk=report_id)
        actor = report.published_by
        report.publish_requested_at = None
        report.published_by = None
        report.error = f"Publishing failed: {error}"
        save_tracked(report, actor=actor, reason="Publication failed")
    return report
