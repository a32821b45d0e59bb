"""The report prints stored choices as the pages label them, never the raw value: a case
"awaiting_response" prints "awaiting response", a risk rated "extreme" prints "Extreme"."""

import re

import pytest
from django.template.loader import render_to_string

from escalation.rules import CaseStatus, RiskRating
from reports.pdf import render_pdf, report_context
from reports.templatetags.report_format import case_status_label, risk_rating_label
from reports.tests.sample import chair_report as sample_chair_report
from reports.tests.sample import sample_snapshot
from tests.pdf_reading import pdf_text


def _with_stored_values(statuses=(CaseStatus.AWAITING_RESPONSE,)) -> dict:
    """The sample with its cases' statuses and risks' ratings as a built snapshot stores them."""
    snapshot = sample_snapshot(extra_milestones=0)
    escalations = snapshot["escalations"]
    cases = escalations["open"]
    for n, case in enumerate(cases):
        case["status"] = statuses[n % len(statuses)].value
    escalations["flagged"] = cases[:2]
    for risk in snapshot["risks"]["top"]:
        risk["rating"] = RiskRating.EXTREME.value
    return snapshot


def test_the_filters_use_the_choices_labels_and_keep_an_unknown_value():
    assert case_status_label("awaiting_response") == "Awaiting response"
    assert case_status_label("stepped_up") == "Stepped up"
    assert case_status_label("Open") == "Open"  # already a label
    assert case_status_label(None) == ""
    assert risk_rating_label("extreme") == "Extreme"
    assert risk_rating_label("Medium") == "Medium"


def test_every_case_status_prints_as_its_label_on_the_preview():
    snapshot = _with_stored_values(tuple(CaseStatus))
    html = render_to_string("reports/includes/report_body.html", report_context(snapshot))
    shown = {case["status"] for case in snapshot["escalations"]["open"]}
    assert len(shown) > 1
    for value in shown:
        label = CaseStatus(value).label.lower()
        assert label in html
        if "_" in value:
            assert value not in html


@pytest.fixture(scope="module")
def pdf():
    return pdf_text(render_pdf(_with_stored_values(), draft=True))


def test_the_pdf_prints_the_labels_not_the_stored_values(pdf):
    assert "awaiting response" in pdf
    assert "awaiting_response" not in pdf
    assert "Extreme" in pdf


def _visible_text(html: str) -> str:
    """The words a reader sees: no tags, attributes, styles or SVG geometry."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("pdf_layout", [False, True])
def test_no_stored_value_shows_anywhere_in_the_report(pdf_layout):
    """Every status, rating and kind the snapshot stores prints as a label: no word of the
    report, page or PDF layout, is a snake_case value such as ``awaiting_response``."""
    snapshot = _with_stored_values(tuple(CaseStatus))
    snapshot["chair_report"] = sample_chair_report()
    context = report_context(snapshot, pdf=pdf_layout)
    html = render_to_string("reports/includes/report_body.html", context)
    raw = set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", _visible_text(html)))
    assert not raw, f"raw stored values in the report: {sorted(raw)}"
