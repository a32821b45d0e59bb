"""The snapshot as a whole: what changed since last month's published report, the header fields,
determinism, JSON round trip, and that it only reads."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from partners.models import Access
from reports.snapshot import build_snapshot
from reports.tests import snapshot_data as data
from reports.tests.snapshot_data import NOVEMBER, OCTOBER
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def month_of_changes(no_scope, system, office, organisation):
    """Data whose October and November differ in every section."""
    ws = data.workstream(system, code="A", name="Acute")
    user = factories.UserFactory()
    slipping = factories.MilestoneFactory(
        workstream=ws, title="Slipping", baseline_on=D(2019, 12, 31)
    )
    data.update(slipping, OCTOBER, D(2020, 1, 10), user)
    data.update(slipping, NOVEMBER, D(2020, 2, 28), user)
    factories.MilestoneFactory(
        workstream=ws, title="Done", baseline_on=D(2019, 11, 15), completed_on=D(2019, 11, 10)
    )
    factories.MilestoneFactory(workstream=ws, title="Steady", baseline_on=D(2020, 3, 31))
    route = data.route(system, office)
    cases = {
        "new": data.raise_case(route, office, D(2019, 11, 5), subject_text="New in November"),
        "closed": data.raise_case(route, office, D(2019, 8, 1), subject_text="Closed in November"),
        "stepped": data.raise_case(route, office, D(2019, 10, 1), subject_text="Stepped up"),
    }
    data.close_case(cases["closed"], office, D(2019, 11, 20))
    data.step_up(cases["stepped"], office, D(2019, 11, 10))
    year = data.financial_year()
    data.control_total(system, organisation, year, plan=-3000)
    data.position(system, organisation, year, OCTOBER, plan=-100, actual=-200, outturn=-3100)
    data.position(system, organisation, year, NOVEMBER, plan=-200, actual=-300, outturn=-3300)
    for reference, score, status in (("R1", 5, "open"), ("R2", 4, "open"), ("R3", 2, "open")):
        factories.RiskFactory(
            system=system,
            reference=reference,
            title=f"Risk {reference}",
            likelihood=score,
            impact=score,
            status=status,
        )
    factories.RiskFactory(system=system, reference="R4", title="Retired", status="closed")
    factories.RiskFactory(system=system, reference="R5", title="Unscored", likelihood=None)
    return cases


def _previous(system, **edits) -> dict:
    snapshot = build_snapshot(system, OCTOBER)
    for path, value in edits.items():
        section, key = path.split("__")
        snapshot[section][key] = value(snapshot[section][key])
    return {
        "month": "2019-10",
        "version": 2,
        "published_at": "2019-11-04T09:00:00+00:00",
        "snapshot": snapshot,
    }


def test_changes_since_last_months_report(system, month_of_changes):
    cases = month_of_changes
    previous = _previous(
        system,
        # Last month's report did not list "Steady" but listed a milestone since deleted...
        milestones__all=lambda rows: (
            [r for r in rows if r["title"] != "Steady"]
            + [{"id": 0, "title": "Gone", "rag": "green", "completed": None}]
        ),
        # ...and its top risks were R1, one since closed and one no longer scored.
        risks__top=lambda top: [
            top[0],
            {"reference": "R4", "title": "Retired"},
            {"reference": "R5", "title": "Unscored"},
        ],
    )
    snapshot = build_snapshot(system, NOVEMBER, previous=previous)
    assert snapshot["previous"] == {
        "month": "2019-10",
        "version": 2,
        "published_at": "2019-11-04T09:00:00+00:00",
    }
    new, closed, stepped = cases["new"].pk, cases["closed"].pk, cases["stepped"].pk
    assert snapshot["changes"] == [
        {"kind": "milestone", "text": "Milestone 'Done' was completed on 10 November 2019."},
        {"kind": "milestone", "text": "Milestone 'Slipping' went from amber to red."},
        {"kind": "milestone", "text": "Milestone 'Steady' was added (green)."},
        {"kind": "milestone", "text": "Milestone 'Gone' was removed."},
        {
            "kind": "escalation",
            "text": f"Case {new} (New in November) was raised on 5 November 2019, "
            "at step 1 (Level 1 lead).",
        },
        {
            "kind": "escalation",
            "text": f"Case {closed} (Closed in November) is no longer open (closed).",
        },
        {
            "kind": "escalation",
            "text": f"Case {stepped} (Stepped up) was stepped up from step 1 to step 2 "
            "(Level 2 lead).",
        },
        {"kind": "finance", "text": "Forecast outturn went from (3,100) to (3,300) (£'000)."},
        {"kind": "risk", "text": "Risk R2 'Risk R2' entered the top risks (score 16, extreme)."},
        {"kind": "risk", "text": "Risk R3 'Risk R3' entered the top risks (score 4, moderate)."},
        {"kind": "risk", "text": "Risk R4 'Retired' was closed."},
        {"kind": "risk", "text": "Risk R5 'Unscored' left the top risks."},
    ]


def test_nothing_changed_against_an_identical_report(system, month_of_changes):
    november = build_snapshot(system, NOVEMBER)
    previous = {"month": "2019-11", "version": 1, "published_at": "x", "snapshot": november}
    assert build_snapshot(system, NOVEMBER, previous=previous)["changes"] == []


def test_no_previous_report_no_changes(system, month_of_changes):
    snapshot = build_snapshot(system, NOVEMBER)
    assert (snapshot["previous"], snapshot["changes"]) == (None, [])


def test_header(no_scope, system, chair):
    zoe = factories.UserFactory(username="zoe", first_name="Zoe", last_name="Chair")
    Access.objects.create(user=zoe, system=system, role=Role.CHAIR)
    factories.UserFactory(username="aaron")  # no role here
    moment = datetime.datetime(2019, 12, 2, 9, 30, tzinfo=datetime.UTC)
    snapshot = build_snapshot(system, NOVEMBER, generated_at=moment)
    header = {key: snapshot[key] for key in list(snapshot)[:8]}
    assert header == {
        "schema": 1,
        "system": {"slug": "alpha", "name": "Alpha STP", "short_name": "Alpha"},
        "month": "2019-11",
        "month_label": "November 2019",
        "cutoff": "2019-11-30",
        "generated_at": "2019-12-02T09:30:00+00:00",
        "chair": "carol and Zoe Chair",
        "previous": None,
    }


def test_month_must_be_a_first_day(no_scope, system):
    with pytest.raises(ValueError):
        build_snapshot(system, D(2019, 11, 15))


def test_deterministic_json_and_read_only(system, month_of_changes):
    previous = _previous(system)
    with CaptureQueriesContext(connection) as queries:
        first = build_snapshot(system, NOVEMBER, previous=previous)
    second = build_snapshot(system, NOVEMBER, previous=previous)
    assert first == second
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert json.loads(json.dumps(first)) == first
    assert queries.captured_queries  # else the next line would hold of nothing
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
