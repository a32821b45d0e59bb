"""The monthly report in a real browser: the programme office asks for the draft, the chair
writes the commentary, flags an issue, publishes and downloads the PDF whose hash the page shows.
(Celery runs in the server here; tests/test_report_worker.py does the same with a real worker.)"""

import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from core.scoping import unscoped
from reports.models import MonthlyReport, ReportStatus
from tests import factories
from tests.e2e.conftest import sign_in
from tests.pdf_reading import pdf_text, squeezed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key_milestone(system):
    with unscoped():
        workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
        return factories.MilestoneFactory(
            workstream=workstream,
            title="Hyper-acute stroke unit opened",
            baseline_on=date(2019, 10, 31),
            is_key=True,
        )


def test_office_builds_the_draft_and_the_chair_publishes_and_downloads_it(
    page, system, office, chair, key_milestone
):
    sign_in(page, "alice")
    page.goto(reverse("reports:report-list", args=[system.slug]))
    page.get_by_label("Month reported on").fill("2019-11")
    page.get_by_role("button", name="Build the draft").click()
    page.wait_for_load_state()
    assert "November 2019" in page.locator("h1").inner_text()
    assert "Draft" in page.locator("#report-status").inner_text()
    assert "Hyper-acute stroke unit opened" in page.locator(".app-report-preview").inner_text()
    # On a phone the report's wide tables scroll within themselves; the page keeps its width.
    # (Waited for: the narrower layout is applied a frame after the viewport changes; a function,
    # not a string, so the page's CSP, which forbids eval, does not refuse the polling.)
    page.set_viewport_size({"width": 390, "height": 900})
    page.wait_for_function("() => document.documentElement.scrollWidth <= 390", timeout=5000)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.context.clear_cookies()
    sign_in(page, "carol")
    page.goto(reverse("reports:report-list", args=[system.slug]))
    page.get_by_role("link", name="November 2019", exact=True).click()
    page.get_by_label("Chair's commentary").fill("The stroke unit opened a month late.")
    page.get_by_label("Other issues to flag for the regulators").fill("Stroke nurse vacancies")
    page.get_by_role("button", name="Save and check before publishing").click()
    page.wait_for_load_state()
    # The confirmation says what will be frozen; nothing is published until it is confirmed.
    assert "Check before you publish the November 2019 report" in page.locator("h1").inner_text()
    summary = page.locator(".nhsuk-summary-list").inner_text()
    assert "November 2019" in summary and "1 milestone" in summary
    assert "cannot be changed afterwards" in page.locator("main").inner_text()
    page.get_by_role("button", name="Publish version 1").click()
    page.wait_for_load_state()
    assert "Published" in page.locator("#report-status").inner_text()
    preview = page.locator(".app-report-preview").inner_text()
    assert "The stroke unit opened a month late." in preview
    assert "Stroke nurse vacancies" in preview

    shown_hash = page.locator(".app-hash").inner_text().strip()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the published PDF").click()
    data = Path(download_info.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == shown_hash
    text = pdf_text(data)
    assert "Stroke nurse vacancies" in text and "DRAFT" not in squeezed(text)

    with unscoped():
        report = MonthlyReport.objects.get()
    assert (report.status, report.sha256, report.published_by) == (
        ReportStatus.PUBLISHED,
        shown_hash,
        chair,
    )
