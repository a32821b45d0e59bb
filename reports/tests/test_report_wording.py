"""What the report says when the snapshot records little: recipients only as the agreements name
them, every open risk counted, outstanding signatures of every unsigned agreement, and a financial
year without control totals. Rendered from the sample snapshot (no database), as the page and the
PDF share report_body.html."""

import html
import re

from django.template.loader import render_to_string

from reports.pdf import report_context
from reports.tests.sample import sample_snapshot

JWA = "West Norfolk post CPT Joint Working Arrangement"


def _text(snapshot: dict, *, pdf: bool = False) -> str:
    body = render_to_string(
        "reports/includes/report_body.html", report_context(snapshot, pdf=pdf, draft=True)
    )
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", body)).split())


def _cover(text: str) -> str:
    return text.split("Contents")[0]


def test_recipients_the_agreement_names_are_on_the_cover():
    """West Norfolk JWA s.4 (seed 000): "The Chair will provide monthly reports to Monitor and
    NHS(E)"; the snapshot keeps them under agreements.recipients."""
    snapshot = sample_snapshot(extra_milestones=0)
    snapshot["agreements"]["recipients"] = [
        {"to": "Monitor and NHS(E)", "agreement": JWA, "clause": "s.4 Proposed Approach"}
    ]
    for pdf in (False, True):
        cover = _cover(_text(snapshot, pdf=pdf))
        assert "Independent chair's monthly report to Monitor and NHS(E)" in cover
        assert f"Report to Monitor and NHS(E) ({JWA}, s.4 Proposed Approach)" in cover


def test_no_recipients_no_invented_regulators():
    snapshot = sample_snapshot(extra_milestones=0)
    assert snapshot["agreements"]["recipients"] == []
    cover = _cover(_text(snapshot))
    assert "Report to" not in cover
    assert "regulators" not in cover
    assert "Independent chair's monthly report" in cover


def test_every_open_risk_is_counted_when_none_is_rated():
    """Cumbria's Appendix 4 (seed 001): 17 open risks, neither scored nor graded."""
    snapshot = sample_snapshot(extra_milestones=0)
    snapshot["risks"] = {
        "top": [],
        "open": 17,
        "rated": 0,
        "unrated": [
            {"reference": f"R{n}", "title": f"Risk {n}", "category": "Other", "owner": ""}
            for n in range(1, 18)
        ],
        "heat_map": [[0] * 5 for _ in range(5)],
        "graded": [],
    }
    text = _text(snapshot)
    assert "No risks were open" not in text
    assert "17 risks were open at the end of the month" in text
    assert "17 open risks are not rated by their register" in text
    assert "R17 Risk 17" in text


def test_no_open_risks_says_so():
    snapshot = sample_snapshot(extra_milestones=0)
    snapshot["risks"] = {
        "top": [],
        "open": 0,
        "rated": 0,
        "unrated": [],
        "heat_map": [[0] * 5 for _ in range(5)],
        "graded": [],
    }
    assert "No risks were open at the end of the month." in _text(snapshot)


def test_an_expired_unsigned_draft_is_listed_as_unsigned():
    """Cambridgeshire and Peterborough's MoU (seed 004): an unsigned DRAFT, past 31 March 2021."""
    snapshot = sample_snapshot(extra_milestones=0)
    snapshot["agreements"].update(
        recorded=2,
        unsigned=[
            {
                "id": 1,
                "title": "Memorandum of Understanding",
                "outstanding": ["CUH", "NWAFT"],
                "parties_recorded": True,
                "note": "past its expiry date",
            },
            {
                "id": 2,
                "title": "Financial principles",
                "outstanding": [],
                "parties_recorded": False,
                "note": "",
            },
        ],
    )
    text = _text(snapshot)
    assert "Memorandum of Understanding (past its expiry date): awaiting CUH, NWAFT" in text
    assert "Financial principles : no parties are recorded as signing it" in text
    assert "Every agreement is signed" not in text


def test_no_agreements_recorded_is_not_all_signed():
    snapshot = sample_snapshot(extra_milestones=0)
    snapshot["agreements"].update(recorded=0, unsigned=[], expiring=[])
    text = _text(snapshot)
    assert "No agreements are recorded." in text
    assert "Every agreement is signed" not in text


def test_all_signed_only_when_true():
    snapshot = sample_snapshot(extra_milestones=0)
    snapshot["agreements"].update(recorded=1, unsigned=[])
    assert "Every agreement is signed by all its parties." in _text(snapshot)


def test_a_year_without_control_totals_is_named():
    """Cambridgeshire and Peterborough (seed 004): finance for 2017/18, no control totals."""
    snapshot = sample_snapshot(extra_milestones=0)
    snapshot["finance"] = {
        "year": "2017/18",
        "control_totals_recorded": False,
        "net_control_total": None,
        "position_month": None,
        "ytd_plan": None,
        "ytd_actual": None,
        "ytd_variance": None,
        "forecast_outturn": None,
        "outturn_variance": None,
        "organisations": [],
        "efficiency": None,
    }
    text = _text(snapshot)
    assert "Financial year 2017/18: no control totals are recorded for this system" in text
    assert "No financial year" not in text
    assert "System net control total" not in text


def test_rated_and_unrated_risks_are_counted_apart():
    snapshot = sample_snapshot(extra_milestones=0)
    snapshot["risks"].update(
        open=7,
        rated=5,
        unrated=[
            {"reference": f"R{n}", "title": f"Risk {n}", "category": "Other", "owner": ""}
            for n in (8, 9)
        ],
    )
    text = _text(snapshot)
    assert "7 risks were open at the end of the month: 5 rated by their register, 2 not." in text
    assert "2 open risks are not rated by their register" in text
    assert "The 5 rated open risks" in text
