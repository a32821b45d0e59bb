"""The report's finance says how many organisations reported the month's positions and flags a
position older than the month, in the PDF as on the preview."""

import pytest
from django.template.loader import render_to_string

from reports.pdf import render_pdf, report_context
from reports.tests.sample import sample_snapshot
from tests.pdf_reading import pdf_text


def _partly_reported() -> dict:
    snapshot = sample_snapshot(extra_milestones=0)
    finance = snapshot["finance"]
    finance.update(organisations_expected=10, organisations_reported=9)
    qeh = next(row for row in finance["organisations"] if row["organisation"] == "QEH")
    qeh["last_reported"] = "2019-05"
    return snapshot


@pytest.fixture(scope="module")
def pdf():
    return pdf_text(render_pdf(_partly_reported(), draft=True))


def test_the_pdf_says_how_many_reported_and_flags_the_older_position(pdf):
    assert "Latest monthly position: November 2019, 9 of 10 organisations reported." in pdf
    assert "Forecast outturn (9 of 10 reported)" in pdf
    assert "Outturn against the system control total" in pdf
    assert "the control total is the whole system's, all 10 organisations" in pdf
    assert "QEH last reported May 2019" in pdf


def test_the_preview_says_the_same():
    html = render_to_string(
        "reports/includes/report_body.html", report_context(_partly_reported(), pdf=False)
    )
    assert "9 of 10 organisations reported" in html
    assert "last reported May 2019" in html


def test_every_organisation_reported_needs_no_note():
    snapshot = sample_snapshot(extra_milestones=0)
    snapshot["finance"].update(organisations_expected=10, organisations_reported=10)
    html = render_to_string("reports/includes/report_body.html", report_context(snapshot))
    assert "10 of 10 organisations reported" in html
    assert "the control total is the whole system's" not in html
    assert "last reported" not in html


def test_a_snapshot_frozen_before_the_counts_were_kept_prints_without_them():
    html = render_to_string(
        "reports/includes/report_body.html", report_context(sample_snapshot(extra_milestones=0))
    )
    assert "Latest monthly position: November 2019." in html
    assert " of 0 " not in html and "organisations reported" not in html
