"""The snapshot's milestones: rebuilt at the month's cut-off from completion dates, monthly
updates and re-baselinings, with RAG from milestones.rag and its change since last month."""

import datetime

import pytest

from reports.snapshot import build_snapshot
from reports.tests.snapshot_data import NOVEMBER, baseline, moment, update, workstream
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


def _milestone(ws, title, baseline_on, **fields):
    return factories.MilestoneFactory(workstream=ws, title=title, baseline_on=baseline_on, **fields)


def _rows(snapshot, section="all"):
    return {row["title"]: row for row in snapshot["milestones"][section]}


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def ws(system):
    return workstream(system, code="A", name="Primary care")


def test_completed_within_the_month_is_complete_and_listed(no_scope, system, ws):
    _milestone(ws, "Done in November", D(2019, 11, 15), completed_on=D(2019, 11, 10))
    row = _rows(build_snapshot(system, NOVEMBER), "completed")["Done in November"]
    assert row["completed"] == "2019-11-10"
    assert (row["rag"], row["previous_rag"], row["rag_change"]) == ("complete", "green", "better")


def test_completed_after_the_cutoff_was_not_complete_then(no_scope, system, ws):
    _milestone(ws, "Done in December", D(2019, 11, 15), completed_on=D(2019, 12, 5))
    snapshot = build_snapshot(system, NOVEMBER)
    assert snapshot["milestones"]["completed"] == []
    row = _rows(snapshot)["Done in December"]
    assert row["completed"] is None
    # Due on 15 November and not done by the 30th: overdue, so red; it was green in October.
    assert (row["rag"], row["previous_rag"], row["rag_change"]) == ("red", "green", "worse")


def test_completed_before_the_month_is_complete_but_not_listed_as_completed(no_scope, system, ws):
    _milestone(ws, "Done in October", D(2019, 10, 15), completed_on=D(2019, 10, 14))
    snapshot = build_snapshot(system, NOVEMBER)
    assert snapshot["milestones"]["completed"] == []
    assert _rows(snapshot)["Done in October"]["rag_change"] == "same"
    assert snapshot["milestones"]["rag_counts"] == {"red": 0, "amber": 0, "green": 0, "complete": 1}


def test_forecast_moved_later_within_the_month_is_slipped(no_scope, system, ws, user):
    milestone = _milestone(ws, "Slipping", D(2019, 12, 31), forecast_on=D(2020, 2, 28))
    update(milestone, D(2019, 10, 1), D(2020, 1, 10), user)
    update(milestone, NOVEMBER, D(2020, 2, 28), user)
    snapshot = build_snapshot(system, NOVEMBER)
    row = _rows(snapshot, "slipped")["Slipping"]
    assert row["forecast"] == "2020-02-28"
    assert row["slippage_days"] == 59
    # 10 days late in October is within the 30 days' tolerance (amber); 59 is beyond it.
    assert (row["rag"], row["previous_rag"], row["rag_change"]) == ("red", "amber", "worse")


def test_forecast_brought_forward_is_better_not_slipped(no_scope, system, ws, user):
    milestone = _milestone(ws, "Recovering", D(2019, 12, 31))
    update(milestone, D(2019, 10, 1), D(2020, 3, 31), user)
    update(milestone, NOVEMBER, D(2020, 1, 15), user)
    snapshot = build_snapshot(system, NOVEMBER)
    assert snapshot["milestones"]["slipped"] == []
    row = _rows(snapshot)["Recovering"]
    assert (row["rag"], row["previous_rag"], row["rag_change"]) == ("amber", "red", "better")


def test_a_later_months_update_is_not_read(no_scope, system, ws, user):
    milestone = _milestone(ws, "Updated in December", D(2019, 12, 31), forecast_on=D(2020, 6, 30))
    update(milestone, D(2019, 12, 1), D(2020, 6, 30), user)
    row = _rows(build_snapshot(system, NOVEMBER))["Updated in December"]
    assert (row["forecast"], row["rag"], row["slippage_days"]) == (None, "green", 0)


def test_without_updates_the_current_forecast_stands(no_scope, system, ws):
    _milestone(ws, "Forecast only", D(2019, 12, 31), forecast_on=D(2020, 1, 10))
    row = _rows(build_snapshot(system, NOVEMBER))["Forecast only"]
    assert (row["forecast"], row["rag"], row["slippage_days"]) == ("2020-01-10", "amber", 10)


def test_an_open_milestone_past_its_baseline_without_a_forecast_is_late_since_then(
    no_scope, system, ws
):
    # As the pages read it (milestones.rag.expected_on): not "slippage 0" but the days from its
    # baseline to the month's cut-off.
    _milestone(ws, "Never forecast", D(2019, 10, 31))
    snapshot = build_snapshot(system, NOVEMBER)
    row = _rows(snapshot)["Never forecast"]
    cutoff = D(2019, 11, 30)
    assert (row["forecast"], row["rag"]) == (None, "red")
    assert row["slippage_days"] == (cutoff - D(2019, 10, 31)).days == 30


def test_baseline_in_force_at_the_cutoff(no_scope, system, ws, user):
    milestone = _milestone(ws, "Re-baselined", D(2020, 6, 30))
    baseline(milestone, D(2019, 9, 30), moment(D(2019, 6, 1)), user)
    baseline(milestone, D(2020, 3, 31), moment(D(2019, 11, 10)), user)
    baseline(milestone, D(2020, 6, 30), moment(D(2019, 12, 10)), user)
    row = _rows(build_snapshot(system, NOVEMBER))["Re-baselined"]
    assert (row["baseline"], row["first_baseline"]) == ("2020-03-31", "2019-09-30")
    assert row["slippage_days"] == 183
    # On 31 October the September baseline was in force and past: red; now green again.
    assert (row["rag"], row["previous_rag"], row["rag_change"]) == ("green", "red", "better")


def test_the_cutoff_is_the_end_of_the_last_day_in_london(no_scope, system, ws, user):
    """31 July 23:30 UTC is 1 August 00:30 in London (summer time): after July's cut-off."""
    utc = datetime.UTC
    early = _milestone(ws, "Set late on the 31st", D(2019, 12, 31))
    baseline(early, D(2019, 10, 31), datetime.datetime(2019, 7, 31, 22, 30, tzinfo=utc), user)
    late = _milestone(ws, "Set just after midnight", D(2019, 12, 31))
    baseline(late, D(2019, 10, 31), datetime.datetime(2019, 7, 31, 23, 30, tzinfo=utc), user)
    rows = _rows(build_snapshot(system, D(2019, 7, 1)))
    assert rows["Set late on the 31st"]["baseline"] == "2019-10-31"
    assert rows["Set just after midnight"]["baseline"] == "2019-12-31"


def test_milestone_missing_from_last_months_report_is_new(no_scope, system, ws):
    old = _milestone(ws, "Listed last month", D(2019, 12, 31))
    _milestone(ws, "Added since", D(2019, 12, 31), forecast_on=D(2020, 3, 1))
    previous = {
        "month": "2019-10",
        "version": 1,
        "published_at": "2019-11-05T10:00:00+00:00",
        "snapshot": {"milestones": {"all": [{"id": old.pk, "title": old.title, "rag": "green"}]}},
    }
    snapshot = build_snapshot(system, NOVEMBER, previous=previous)
    rows = _rows(snapshot)
    assert (rows["Added since"]["previous_rag"], rows["Added since"]["rag_change"]) == (None, "new")
    assert rows["Listed last month"]["rag_change"] == "same"
    assert snapshot["milestones"]["slipped"] == []


def test_key_milestones_red_first_then_by_baseline(no_scope, system, ws):
    _milestone(ws, "Key amber", D(2019, 12, 1), is_key=True, forecast_on=D(2019, 12, 20))
    _milestone(ws, "Key red late", D(2019, 11, 20), is_key=True)
    _milestone(ws, "Key red early", D(2019, 10, 1), is_key=True)
    _milestone(ws, "Key green due on the cutoff", D(2019, 11, 30), is_key=True)
    _milestone(ws, "Not key", D(2019, 1, 1))
    key = build_snapshot(system, NOVEMBER)["milestones"]["key"]
    # Red first; the rest by baseline whatever their RAG.
    assert [(row["title"], row["rag"]) for row in key] == [
        ("Key red early", "red"),
        ("Key red late", "red"),
        ("Key green due on the cutoff", "green"),
        ("Key amber", "amber"),
    ]
    assert all(row["is_key"] for row in key)


def test_all_by_workstream_then_baseline_with_the_row_fields(no_scope, system, organisation):
    second = workstream(system, code="B", name="Acute")
    first = workstream(system, code="A", name="Primary care")
    _milestone(second, "B early", D(2019, 1, 1), responsible_organisation=organisation)
    _milestone(first, "A late", D(2020, 1, 1))
    _milestone(first, "A early", D(2019, 12, 1))
    snapshot = build_snapshot(system, NOVEMBER)
    rows = snapshot["milestones"]["all"]
    assert [row["title"] for row in rows] == ["A early", "A late", "B early"]
    assert rows[2] == {
        "id": rows[2]["id"],
        "title": "B early",
        "workstream": "B. Acute",
        "organisation": organisation.short_name,
        "baseline": "2019-01-01",
        "first_baseline": "2019-01-01",
        "forecast": None,
        "completed": None,
        "slippage_days": 333,  # open, no forecast: late since its baseline (1 January)
        "rag": "red",
        "previous_rag": "red",
        "rag_change": "same",
        "is_key": False,
    }
    assert snapshot["milestones"]["rag_counts"] == {"red": 1, "amber": 0, "green": 2, "complete": 0}


def test_other_systems_milestones_are_left_out(no_scope, system, other_system, ws):
    _milestone(workstream(other_system), "Elsewhere", D(2019, 12, 1))
    _milestone(ws, "Here", D(2019, 12, 1))
    assert list(_rows(build_snapshot(system, NOVEMBER))) == ["Here"]
