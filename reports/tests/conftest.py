import hashlib
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core.scoping import unscoped
from reports.models import MonthlyReport, ReportStatus
from reports.tests.sample import sample_snapshot


@pytest.fixture
def make_report(db):
    """A report row in any state, with the sample snapshot and stand-in PDF bytes (the real
    rendering is tested in test_pdf.py and test_services.py)."""

    def make(system, status=ReportStatus.DRAFT, *, month=date(2019, 11, 1), version=1, **fields):
        built = status not in (ReportStatus.QUEUED, ReportStatus.GENERATING, ReportStatus.FAILED)
        pdf = f"%PDF-1.7 {system.slug} {month:%Y-%m} v{version} {status}".encode()
        now = timezone.now()
        with unscoped():
            return MonthlyReport.objects.create(
                system=system,
                month=month,
                version=version,
                status=status,
                requested_at=now,
                snapshot=sample_snapshot(extra_milestones=0) if built else None,
                pdf=ContentFile(pdf, name="report.pdf") if built else "",
                sha256=hashlib.sha256(pdf).hexdigest() if built else "",
                published_at=now if status == ReportStatus.PUBLISHED else None,
                **fields,
            )

    return make


@pytest.fixture
def draft_with_cases(system, make_report):
    """A draft whose first two open escalations are real cases in the system (the sample
    snapshot's ids stand for nothing), so their own flag can be set and read."""
    from tests.factories import EscalationRouteFactory, EscalationStepFactory
    from tests.record_factories import EscalationCaseFactory

    draft = make_report(system, ReportStatus.DRAFT)
    with unscoped():
        draft.refresh_from_db()  # a copy of the sample's rows, not the module's own
    snapshot = draft.snapshot
    route = EscalationRouteFactory(system=system)
    step = EscalationStepFactory(route=route)
    with unscoped():
        for row in snapshot["escalations"]["open"][:2]:
            case = EscalationCaseFactory(
                route=route, current_step=step, subject_text=row["subject"]
            )
            old = row["id"]
            for listed in snapshot["escalations"]["open"] + snapshot["escalations"]["flagged"]:
                if listed["id"] == old:
                    listed["id"] = case.pk
        draft.snapshot = snapshot
        draft.save(update_fields=["snapshot"])
    return draft
