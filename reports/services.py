"""Writes for monthly reports: queue a build, build it, re-queue what was lost (the chair's
commentary and publishing are in ``reports.publishing``).

A build is owned by one Celery message (``task_id``). A redelivered message (the worker died and
``task_reject_on_worker_lost`` put it back) keeps its id and may pick the build up again; a
re-queue gives the report a new id, so an old message still running can never overwrite it. The
snapshot, the PDF's name and hash and the status are recorded together in one transaction at the
end (the file is written to the storage just before), so a worker that dies mid-render leaves
the report exactly as it was.
"""

import hashlib
import logging
import uuid
from datetime import date, datetime, timedelta

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from core.audit import save_tracked
from partners.models import System
from reports.models import IN_PROGRESS, MonthlyReport, ReportStatus
from reports.storage import pdf_discard, pdf_discard_on_commit, pdf_store

logger = logging.getLogger(__name__)

# A build that has not finished in this long is lost: the worker's hard limit has killed it (or
# the worker died); the margin covers the worker's own bookkeeping and clocks a little apart.
BUILD_TIME_LIMIT = timedelta(seconds=settings.REPORT_TIME_LIMIT + 15)
# A queued build that no worker has started in this long lost its message (e.g. Redis wiped).
QUEUE_GRACE = timedelta(seconds=settings.REPORT_QUEUE_GRACE)
# After this many attempts a build that keeps dying is failed rather than re-queued for ever.
MAX_ATTEMPTS = 3


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    return month_start(month_start(day) - timedelta(days=1))


def latest_version(system: System, month: date) -> MonthlyReport | None:
    return (
        MonthlyReport.objects.filter(system=system, month=month)
        .defer("pdf", "snapshot")
        .order_by("-version")
        .first()
    )


def _create(
    *, system: System, month: date, version: int, actor, send: bool = True, **fields
) -> tuple[MonthlyReport, bool]:
    """Insert a version; if it exists already (a concurrent or repeated request), return that.

    The unique constraint decides, not a check beforehand: two workers or two clicks racing
    for the same system, month and version end with one row.
    """
    report = MonthlyReport(
        system=system,
        month=month,
        version=version,
        requested_by=actor,
        requested_at=timezone.now(),
        task_id=uuid.uuid4().hex,
        **fields,
    )
    try:
        with transaction.atomic():
            save_tracked(report, actor=actor, reason="Report requested")
    except (IntegrityError, ValidationError) as error:
        existing = MonthlyReport.objects.filter(system=system, month=month, version=version)
        if isinstance(error, ValidationError) and not existing.exists():
            raise
        return existing.defer("pdf").get(), False
    if send:
        _send(report)
    return report, True


def _task(name: str):
    """A task of ``reports.tasks`` from Celery's registry (ReportsConfig.ready registers them):
    the tasks call these services, so the services name the tasks rather than import them."""
    return current_app.tasks[f"reports.tasks.{name}"]


def _send(report: MonthlyReport) -> None:
    """Queue the build once the row that owns it is committed."""
    report_id, task_id = report.pk, report.task_id
    transaction.on_commit(
        lambda: _task("generate_report").apply_async(args=[report_id], task_id=task_id)
    )


def _requeue(
    report: MonthlyReport, *, actor, reason: str, fresh: bool = False, send: bool = True
) -> MonthlyReport:
    """Queue the build again under a new message id (``fresh``: a person asked, so the count of
    attempts starts again)."""
    if fresh:
        report.attempts = 0
    report.status = ReportStatus.QUEUED
    report.task_id = uuid.uuid4().hex
    report.requested_at = timezone.now()
    report.started_at = None
    report.error = ""
    save_tracked(report, actor=actor, reason=reason)
    if send:
        _send(report)
    return report


@transaction.atomic
def report_request(*, system: System, month: date, actor, send: bool = True) -> MonthlyReport:
    """The programme office asks for the month's draft (the page's button, or an operator).

    No report yet: version 1. A build under way: that one. A draft or a failed build: rebuilt
    from today's data, keeping the chair's commentary. A published report: a correction, the
    next version, which will supersede it when published. ``send=False`` leaves the build to
    the caller (an operator's command builds in its own process).
    """
    month = month_start(month)
    latest = latest_version(system, month)
    if latest is None:
        return _create(system=system, month=month, version=1, actor=actor, send=send)[0]
    latest = MonthlyReport.objects.select_for_update().defer("pdf").get(pk=latest.pk)
    if latest.status in IN_PROGRESS:
        return latest
    if latest.status == ReportStatus.PUBLISHED:
        return _create(
            system=system,
            month=month,
            version=latest.version + 1,
            actor=actor,
            send=send,
            supersedes=latest,
            commentary=latest.commentary,
            flags=latest.flags,
        )[0]
    if latest.publish_requested_at:
        raise ValidationError("This draft is being published; it can no longer be rebuilt.")
    return _requeue(latest, actor=actor, reason="Rebuild requested", fresh=True, send=send)


def stuck(now: datetime) -> Q:
    """Builds past their limit with nothing recorded: queued with no worker starting them, or
    started by a worker that is gone (the one definition the reconciler and the page share)."""
    return Q(status=ReportStatus.QUEUED, requested_at__lt=now - QUEUE_GRACE) | Q(
        status=ReportStatus.GENERATING, started_at__lt=now - BUILD_TIME_LIMIT
    )


def is_stuck(report: MonthlyReport, now: datetime) -> bool:
    if report.status == ReportStatus.QUEUED:
        return report.requested_at < now - QUEUE_GRACE
    if report.status == ReportStatus.GENERATING:
        return report.started_at is not None and report.started_at < now - BUILD_TIME_LIMIT
    return False


def report_retry(*, report: MonthlyReport, actor, now: datetime) -> tuple[MonthlyReport, bool]:
    """The programme office retries a failed build, or one stuck past its limit, from the page.

    Safe to click twice: the row is locked and looked at again, and a build queued a moment ago
    is neither failed nor stuck, so the second click changes nothing. The report keeps its
    system, month and version: a retry never makes a second report.
    """
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().defer("pdf").get(pk=report.pk)
        if report.status != ReportStatus.FAILED and not is_stuck(report, now):
            return report, False
        return _requeue(report, actor=actor, reason="Retry requested", fresh=True), True


def report_ensure(*, system: System, month: date, actor) -> tuple[MonthlyReport, bool]:
    """The month-end schedule: make sure the month has a report, creating version 1 if not."""
    month = month_start(month)
    existing = latest_version(system, month)
    if existing is not None:
        return existing, False
    return _create(system=system, month=month, version=1, actor=actor)


def _claim(report_id: int, task_id: str) -> MonthlyReport | None:
    """Mark the build as started by this message, or return None if it is not ours to build."""
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().defer("pdf").get(pk=report_id)
        if report.task_id != task_id or report.status not in IN_PROGRESS:
            return None
        if report.attempts >= MAX_ATTEMPTS:
            report.status = ReportStatus.FAILED
            report.error = f"The build stopped {report.attempts} times before finishing."
            save_tracked(report, actor=report.requested_by, reason="Build failed")
            return None
        report.status = ReportStatus.GENERATING
        report.started_at = timezone.now()
        report.attempts += 1
        save_tracked(report, actor=report.requested_by, reason="Build started")
        return report


def _previous_published(report: MonthlyReport) -> dict | None:
    last = (
        MonthlyReport.objects.filter(
            system=report.system_id,
            month=previous_month(report.month),
            status=ReportStatus.PUBLISHED,
        )
        .only("month", "version", "published_at", "snapshot")
        .first()
    )
    if last is None:
        return None
    return {
        "month": f"{last.month:%Y-%m}",
        "version": last.version,
        "published_at": last.published_at.isoformat(),
        "snapshot": last.snapshot,
    }


def report_build(report_id: int, *, task_id: str) -> MonthlyReport | None:
    """Build the draft this message owns: snapshot, PDF, hash, all saved at once."""
    from reports.pdf import render_pdf
    from reports.snapshot import build_snapshot

    report = _claim(report_id, task_id)
    if report is None:
        return None
    try:
        snapshot = build_snapshot(
            report.system,
            report.month,
            previous=_previous_published(report),
            generated_at=report.started_at,
        )
        pdf = render_pdf(snapshot, draft=True, version=report.version)
    except Exception as error:
        logger.exception("Report %s failed to build", report_id)
        return _finish(report_id, task_id, status=ReportStatus.FAILED, error=failure_reason(error))
    return _finish(report_id, task_id, status=ReportStatus.DRAFT, snapshot=snapshot, pdf=pdf)


def failure_reason(error: BaseException) -> str:
    """The reason a person reads on the report page (and the exception, for whoever fixes it)."""
    name = error.__class__.__name__
    text = str(error).strip() or name
    if isinstance(error, (SoftTimeLimitExceeded, TimeLimitExceeded)):
        return (
            f"The build took longer than its time limit ({settings.REPORT_TIME_LIMIT} seconds) "
            f"and was stopped. ({name})"
        )
    waited = "lock timeout" in text or "statement timeout" in text
    if isinstance(error, OperationalError) and waited:
        text = text.splitlines()[0]  # PostgreSQL's message; the lines after quote the SQL
        return (
            "The build waited too long for the database (another process held a lock) and was "
            f"stopped. ({name}: {text})"
        )[:2000]
    return f"{name}: {text}"[:2000]


def report_build_failed(report_id: int, *, task_id: str, error: str) -> MonthlyReport | None:
    """A build's message ended without a report (an exception, a lock or statement timeout, the
    time limit): record the failure and its reason, for the page to show with a retry.

    Only while this message still owns an unfinished build: a redelivered or re-queued message
    may have finished it meanwhile.
    """
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().defer("pdf").get(pk=report_id)
        if report.task_id != task_id or report.status not in IN_PROGRESS:
            return None
        report.status = ReportStatus.FAILED
        report.error = error[:2000]
        save_tracked(report, actor=report.requested_by, reason="Build failed")
        return report


def _finish(report_id: int, task_id: str, *, status: str, **fields) -> MonthlyReport | None:
    # The file first, outside the lock (an upload may take a moment); the row names it after.
    stored = ""
    if "pdf" in fields:
        stored = pdf_store(MonthlyReport.objects.get(pk=report_id), fields["pdf"], final=False)
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report_id)
        if report.task_id != task_id or report.status != ReportStatus.GENERATING:
            if stored != report.pdf.name:
                pdf_discard(stored)
            return None  # re-queued meanwhile: a newer message owns the build
        report.status = status
        if "pdf" in fields:
            pdf_discard_on_commit(report.pdf.name, stored)  # a rebuilt draft's earlier file
            report.pdf.name = stored
            report.sha256 = hashlib.sha256(fields["pdf"]).hexdigest()
            report.snapshot = fields["snapshot"]
            report.generated_at = timezone.now()
            report.error = ""
        else:
            report.error = fields.get("error", "")
        save_tracked(report, actor=report.requested_by, reason=f"Build {status}")
        return report


def reports_reconcile(*, now: datetime, actor) -> dict[str, int]:
    """Make sure nothing is missed: last month's report for every active system exists, and
    any build whose message was lost (queued too long) or whose worker died (generating past
    the time limit) is queued again, or failed with the reason once it has died too often.
    Beat runs it every ``REPORT_RECONCILE_INTERVAL`` seconds; it is safe to run often.
    """
    month = previous_month(timezone.localdate(now))
    created = requeued = republished = failed = 0
    for system in System.objects.filter(active=True).order_by("pk"):
        created += report_ensure(system=system, month=month, actor=actor)[1]
    for report_id in MonthlyReport.objects.filter(stuck(now)).values_list("pk", flat=True):
        with transaction.atomic():
            report = MonthlyReport.objects.select_for_update().defer("pdf").get(pk=report_id)
            if not is_stuck(report, now):
                continue  # a worker picked it up meanwhile
            if report.attempts >= MAX_ATTEMPTS:
                report.status = ReportStatus.FAILED
                report.error = _lost(report)
                save_tracked(report, actor=actor, reason="Build failed")
                failed += 1
            else:
                _requeue(report, actor=actor, reason="Re-queued: the build was lost")
                requeued += 1
    lost_publications = MonthlyReport.objects.filter(
        status=ReportStatus.DRAFT, publish_requested_at__lt=now - BUILD_TIME_LIMIT
    ).values_list("pk", flat=True)
    for report_id in lost_publications:
        _task("publish_report").delay(report_id)
        republished += 1
    return {"created": created, "requeued": requeued, "failed": failed, "republished": republished}


def _lost(report: MonthlyReport) -> str:
    if report.status == ReportStatus.QUEUED:
        return "No worker started the build: its message was lost."
    return (
        f"The build stopped without finishing {report.attempts} times: the worker was lost, or "
        "its time limit passed before it could record why."
    )
