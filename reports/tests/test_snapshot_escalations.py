"""The snapshot's escalations: each case as its event log says it stood at the cut-off."""

import datetime

import pytest

from reports.snapshot import build_snapshot
from reports.tests import snapshot_data as data
from reports.tests.snapshot_data import NOVEMBER

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def route(no_scope, system, office):
    return data.route(system, office, response_due_days=14)


def _ids(cases):
    return [case["id"] for case in cases]


def test_case_raised_in_the_month_is_open_and_new(route, system, office):
    case = data.raise_case(route, office, D(2019, 11, 5), subject_text="Discharge delays")
    escalations = build_snapshot(system, NOVEMBER)["escalations"]
    assert _ids(escalations["open"]) == _ids(escalations["new"]) == [case.pk]
    assert escalations["open"][0] == {
        "id": case.pk,
        "reference": f"Case {case.pk}",
        "subject": "Discharge delays",
        "organisation": "",
        "route": route.name,
        "step": 1,
        "escalate_to": "Level 1 lead",
        "status": "open",
        "raised_on": "2019-11-05",
        "age_days": 25,
        "response_due": "2019-11-19",
        "response_overdue": True,
        "reason": "Late",
    }


def test_case_closed_before_the_cutoff_is_not_open(route, system, office):
    case = data.raise_case(route, office, D(2019, 8, 1), subject_text="Closed in November")
    data.close_case(case, office, D(2019, 11, 20))
    escalations = build_snapshot(system, NOVEMBER)["escalations"]
    assert escalations["open"] == escalations["new"] == []
    # In October it was still open.
    october = build_snapshot(system, data.OCTOBER)["escalations"]
    assert _ids(october["open"]) == [case.pk]


def test_case_closed_after_the_cutoff_was_open_then(route, system, office):
    case = data.raise_case(route, office, D(2019, 10, 1), subject_text="Closed in December")
    data.close_case(case, office, D(2019, 12, 5))
    escalations = build_snapshot(system, NOVEMBER)["escalations"]
    assert _ids(escalations["open"]) == [case.pk]
    assert escalations["new"] == []
    assert escalations["open"][0]["status"] == "open"


def test_case_raised_after_the_cutoff_is_left_out(route, system, office):
    data.raise_case(route, office, D(2019, 12, 2), subject_text="December")
    escalations = build_snapshot(system, NOVEMBER)["escalations"]
    assert escalations["open"] == escalations["new"] == []


def test_case_keyed_in_later_stands_as_raised(route, system, office):
    """Raised in July but entered (and closed) only today: at the cut-off it was open."""
    today = datetime.date.today()
    case = data.raise_case(route, office, D(2019, 7, 1), logged_on=today, subject_text="Backdated")
    case = data.close_case(case, office, today)
    open_cases = build_snapshot(system, NOVEMBER)["escalations"]["open"]
    assert [(c["id"], c["status"], c["age_days"]) for c in open_cases] == [(case.pk, "open", 152)]


def test_step_at_the_cutoff_from_the_log(route, system, office):
    case = data.raise_case(route, office, D(2019, 10, 1), subject_text="Stepped up twice")
    data.step_up(case, office, D(2019, 11, 10))
    data.step_up(case, office, D(2019, 12, 10))
    (row,) = build_snapshot(system, NOVEMBER)["escalations"]["open"]
    assert (row["step"], row["escalate_to"], row["status"]) == (2, "Level 2 lead", "stepped_up")
    # The second step's clock started on 10 November: 14 days to respond.
    assert (row["response_due"], row["response_overdue"]) == ("2019-11-24", True)


def test_response_overdue_only_without_a_response_by_the_cutoff(no_scope, system, office):
    route = data.route(system, office, response_due_days=14, response_required="Explain")
    answered = data.raise_case(route, office, D(2019, 10, 1), subject_text="Answered")
    data.respond(answered, office, D(2019, 11, 15))
    late = data.raise_case(route, office, D(2019, 10, 2), subject_text="Answered late")
    data.respond(late, office, D(2019, 12, 3))
    rows = {c["subject"]: c for c in build_snapshot(system, NOVEMBER)["escalations"]["open"]}
    assert (rows["Answered"]["status"], rows["Answered"]["response_overdue"]) == (
        "responded",
        False,
    )
    assert (rows["Answered late"]["status"], rows["Answered late"]["response_overdue"]) == (
        "awaiting_response",
        True,
    )


def test_open_cases_by_step_then_raised_date_with_counts_by_step_and_age(route, system, office):
    old = data.raise_case(route, office, D(2019, 6, 1), subject_text="Old")
    middle = data.raise_case(route, office, D(2019, 10, 15), subject_text="Middle")
    recent = data.raise_case(route, office, D(2019, 11, 20), subject_text="Recent")
    stepped = data.raise_case(route, office, D(2019, 11, 1), subject_text="Stepped")
    data.step_up(stepped, office, D(2019, 11, 2))
    escalations = build_snapshot(system, NOVEMBER)["escalations"]
    assert _ids(escalations["open"]) == [old.pk, middle.pk, recent.pk, stepped.pk]
    assert escalations["by_step"] == [
        {"step": 1, "escalate_to": "Level 1 lead", "count": 3},
        {"step": 2, "escalate_to": "Level 2 lead", "count": 1},
        {"step": 3, "escalate_to": "Level 3 lead", "count": 0},
    ]
    assert escalations["by_age"] == [
        {"band": "under 30 days", "count": 2},
        {"band": "30 to 89 days", "count": 1},
        {"band": "90 days or more", "count": 1},
    ]


def test_flagged_cases_open_or_active_in_the_month(route, system, office):
    flagged_open = data.raise_case(route, office, D(2019, 9, 1), subject_text="Flagged open")
    data.flag(flagged_open, office, D(2019, 11, 3))
    closed_in_month = data.raise_case(route, office, D(2019, 9, 2), subject_text="Closed in Nov")
    data.flag(closed_in_month, office, D(2019, 9, 3))
    data.close_case(closed_in_month, office, D(2019, 11, 10))
    long_closed = data.raise_case(route, office, D(2019, 6, 1), subject_text="Long closed")
    data.flag(long_closed, office, D(2019, 6, 2))
    data.close_case(long_closed, office, D(2019, 8, 1))
    data.raise_case(route, office, D(2019, 9, 5), subject_text="Not flagged")
    flagged = build_snapshot(system, NOVEMBER)["escalations"]["flagged"]
    assert [c["subject"] for c in flagged] == ["Flagged open", "Closed in Nov"]


def test_other_systems_cases_are_left_out(route, system, other_system, office):
    other_route = data.route(other_system, office)
    data.raise_case(other_route, office, D(2019, 11, 5), subject_text="Elsewhere")
    escalations = build_snapshot(system, NOVEMBER)["escalations"]
    assert escalations["open"] == []
    assert [s["count"] for s in escalations["by_step"]] == [0, 0, 0]
