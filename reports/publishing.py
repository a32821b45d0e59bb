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
from escalation.models import EscalationCase
from escalation.services import case_flag
from reports.models import MonthlyReport, ReportStatus
from reports.services import _task, failure_reason
from reports.storage import pdf_discard, pdf_discard_on_commit, pdf_store

logger = logging.getLogger(__name__)


def _editable(report: MonthlyReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError("Only a draft can be changed.")
    if report.publish_requested_at:
        raise ValidationError("This draft is being published; it can no longer be changed.")


def snapshot_cases(report: MonthlyReport) -> dict[int, dict]:
    """The escalations a draft may flag, by id: those flagged or open at the month's cut-off."""
    escalations = (report.snapshot or {}).get("escalations", {})
    cases: dict[int, dict] = {}
    for case in escalations.get("flagged", []) + escalations.get("open", []):
        cases.setdefault(case["id"], case)
    return cases


def flagged_case_ids(report: MonthlyReport) -> set[int]:
    """Which of the draft's escalations are flagged for the chair now (the case's own flag)."""
    cases = snapshot_cases(report)
    if not cases:
        return set()
    return set(
        EscalationCase.objects.filter(
            route__system_id=report.system_id, pk__in=cases, flagged_for_chair=True
        ).values_list("pk", flat=True)
    )


def chair_flags(report: MonthlyReport, flagged: set[int] | None = None) -> list[dict]:
    """The items flagged for the regulators: one list, whoever flagged them.

    A case is flagged by its own flag (set on the case page by the programme office or the
    chair, or by the chair's ticks on the draft), with the chair's note on it from the draft;
    then the chair's other issues. A published report keeps the list it was published with."""
    stored = report.flags or []
    if report.is_frozen or report.publish_requested_at:
        return stored
    cases = snapshot_cases(report)
    if flagged is None:
        flagged = flagged_case_ids(report)
    notes = {flag["case"]: flag.get("detail", "") for flag in stored if flag.get("case")}
    flags = [
        {
            "title": f"{case['reference']}: {case['subject']}",
            "detail": notes.get(pk, case.get("reason", "")),
            "case": pk,
        }
        for pk, case in cases.items()
        if pk in flagged
    ]
    return flags + [flag for flag in stored if not flag.get("case")]


def report_update_chair(
    *,
    report: MonthlyReport,
    actor,
    commentary: str,
    flags: list[dict],
    cases: set[int] | None = None,
) -> MonthlyReport:
    """The chair's commentary and the items flagged for the regulators, on a draft.

    ``cases`` are the draft's escalations the chair keeps flagged (None leaves the cases' flags
    as they are): each case's own flag is set or cleared to match, so the case page and the
    report say the same. ``flags`` carry the chair's note on each case and the other issues."""
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().defer("pdf").get(pk=report.pk)
        _editable(report)
        if cases is not None:
            offered = snapshot_cases(report)
            note = f"In the chair's report for {report.month:%B %Y}"
            for case in EscalationCase.objects.filter(
                route__system_id=report.system_id, pk__in=offered
            ):
                case_flag(actor=actor, case=case, flagged=case.pk in cases, note=note)
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
        # What is frozen is the one list as the chair confirmed it, cases and issues together.
        report.flags = chair_flags(report)
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
        "flags": chair_flags(report),
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
