"""Reports and people: a monthly report's snapshot names people (the chairs, risk owners). An
erasure rewrites the snapshot like any other text (core.erasure); here its PDF is then rendered
again from the rewritten snapshot, so no copy the product serves names the person. The report's
history records it, with the hash of the file it replaced: the figures, decisions and commentary
are as they were published."""

import hashlib

from core.audit import save_tracked
from core.erasure import Erasure, after_erase
from reports.models import FROZEN, MonthlyReport
from reports.storage import pdf_discard_on_commit, pdf_store


@after_erase
def render_again(erasure: Erasure) -> None:
    from reports.pdf import render_pdf  # WeasyPrint, loaded only when a report is rendered

    changed = erasure.changed.get(MonthlyReport._meta.label, set())
    reports = MonthlyReport._base_manager.filter(pk__in=changed).exclude(pdf="")
    for report in reports.exclude(snapshot__isnull=True):
        final = report.status in FROZEN
        data = render_pdf(report.snapshot, draft=not final, version=report.version)
        stored = pdf_store(report, data, final=final)
        before = report.sha256
        pdf_discard_on_commit(report.pdf.name, stored)
        report.pdf.name = stored
        report.sha256 = hashlib.sha256(data).hexdigest()
        save_tracked(
            report,
            actor=erasure.actor,
            reason=f"Rendered again: a person's identity was erased (the file was {before[:12]})",
        )
