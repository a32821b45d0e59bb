"""Every row of the report's long lists prints in the PDF, each with all its figures.

The long lists (the appendix, and any list past ``TABLE_ROWS``) are laid out for speed as
compact rows: whatever their layout, a reader must find in the PDF each row's text and, on the
row's own line, every figure the page's table shows for it. The expected lines are written here
from the snapshot, not by reports.pdf, so a row or a column that stops printing fails.
"""

import copy

import pytest

from reports.pdf import TABLE_ROWS, render_pdf
from reports.templatetags.report_format import format_day, rag_label, signed_days
from reports.tests.sample import sample_snapshot
from tests.pdf_reading import pdf_pages

LONG = TABLE_ROWS + 5


def flat(text: str) -> str:
    return " ".join(str(text).split())


def short(name: str) -> str:
    return name if len(name) <= 12 else name[:11] + "\u2026"


@pytest.fixture(scope="module")
def long_report():
    snapshot = sample_snapshot(extra_milestones=60)
    milestones = snapshot["milestones"]
    milestones["key"] = milestones["all"][:LONG]
    milestones["slipped"] = milestones["all"][-LONG:]
    case = snapshot["escalations"]["open"][0]
    snapshot["escalations"]["open"] = [
        {**copy.deepcopy(case), "id": n, "reference": f"Case {n}", "subject": f"Subject {n}"}
        for n in range(1, LONG + 1)
    ]
    snapshot["since_last_month"] = [
        {
            "heading": "Milestones slipped",
            "changes": [
                {"on": "2019-11-30", "record": row["title"], "text": f"{n} days later"}
                for n, row in enumerate(milestones["all"][:LONG], start=1)
            ],
        },
        {"heading": "Decisions", "changes": []},
    ]
    snapshot["committees"] = [
        {"id": n, "name": f"Committee {n}", "meetings": [long_meeting(n)]}
        for n in range(1, LONG + 1)
    ]
    text = flat(" ".join(pdf_pages(render_pdf(snapshot, draft=False))))
    return snapshot, text


def long_meeting(n: int) -> dict:
    """Every kind of quorum finding, and none, one or two decisions."""
    reasons = [
        {"met": True, "reason": f"Members {n}: 3 present"},
        {"met": n % 2 == 0, "reason": f"Partners {n}: 1 of 2 present"},
    ]
    return {
        "id": 1000 + n,
        "held_on": f"2019-11-{1 + n % 28:02d}",
        "status": "Held",
        "quorate": [True, False, None][n % 3],
        "quorum_summary": "Attendance not recorded." if n % 3 == 2 else "",
        "quorum_reasons": [] if n % 3 == 2 else reasons,
        "decisions": [
            {"reference": f"D{n}/{d}", "title": f"Decision {d} of {n}"} for d in range(n % 3)
        ],
    }


def milestone_line(row: dict, *, workstream: bool) -> str:
    figures = [
        short(row["organisation"]),
        format_day(row["baseline"]) or "not dated",
        format_day(row["completed"] or row["forecast"]) or "none",
        signed_days(row["slippage_days"]),
        rag_label(row["rag"]),
    ]
    return flat(" ".join(figures + ([row["workstream"]] if workstream else [])))


def test_every_milestone_of_the_appendix_prints_with_its_figures(long_report):
    snapshot, text = long_report
    assert len(snapshot["milestones"]["all"]) > 60
    for row in snapshot["milestones"]["all"]:
        assert flat(row["title"]) in text
        assert milestone_line(row, workstream=False) in text


@pytest.mark.parametrize("kind", ["key", "slipped"])
def test_every_row_of_a_long_milestone_list_names_its_workstream(long_report, kind):
    snapshot, text = long_report
    rows = snapshot["milestones"][kind]
    assert len(rows) > TABLE_ROWS
    for row in rows:
        line = milestone_line(row, workstream=True)
        if row["rag_change"] == "same":
            assert line in text
        else:  # the change's arrow follows the RAG
            assert line.split(rag_label(row["rag"]))[0] in text


def test_every_open_escalation_prints_with_its_step_and_dates(long_report):
    snapshot, text = long_report
    for case in snapshot["escalations"]["open"]:
        assert f"{case['reference']}: {case['subject']}" in text
        figures = [
            short(case["organisation"]),
            format_day(case["raised_on"]),
            str(case["age_days"]),
            format_day(case["response_due"]) or "none",
        ] + (["Overdue"] if case["response_overdue"] else [])
        assert flat(" ".join(figures)) in text
        assert flat(f"{case['step']}: {case['escalate_to']}") in text


def test_every_change_since_last_month_prints_with_its_date(long_report):
    snapshot, text = long_report
    for change in snapshot["since_last_month"][0]["changes"]:
        assert flat(change["record"]) in text
        assert f"{format_day(change['on'])} {change['text']}" in text


def test_every_meeting_of_a_long_month_prints_with_its_quorum_and_decisions(long_report):
    snapshot, text = long_report
    meetings = [(c["name"], m) for c in snapshot["committees"] for m in c["meetings"]]
    assert len(meetings) > TABLE_ROWS
    for name, meeting in meetings:
        decisions = "; ".join(f"{d['reference']}: {d['title']}" for d in meeting["decisions"])
        assert f"{name}: {decisions or 'no decisions recorded'}" in text
        finding = {True: "Quorate", False: "Not quorate"}.get(meeting["quorate"], "Not recorded")
        parts = [
            f"{'Met' if r['met'] else 'Not met'}: {r['reason']}" for r in meeting["quorum_reasons"]
        ]
        detail = "; ".join(parts) or meeting["quorum_summary"]
        assert f"{format_day(meeting['held_on'])} {finding}: {detail}" in text
