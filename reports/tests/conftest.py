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
