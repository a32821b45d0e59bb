"""Registers and records as recorded on a past date (core.as_recorded, ``?recorded_on=``): the
values the database held that day, from the history, read-only, labelled apart from the
reporting date; a bad or future date is a 400 naming the parameter."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.scoping import scope
from escalation import services as risk_services
from milestones import services
from tests import factories
from tests.recorded_days import day as _day
from tests.recorded_days import recorded_yesterday as _yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_today(office, system):
    """A milestone and a risk recorded yesterday and changed today, and a milestone added today."""
    with scope([system]):
        workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
        milestone = services.milestone_create(
            actor=office,
            workstream=workstream,
            title="PCN plans agreed",
            baseline_on=date(2019, 6, 30),
            forecast_on=date(2019, 6, 30),
        )
        risk = factories.RiskFactory(
            system=system, reference="R1", title="Workforce gaps", likelihood=2, impact=2
        )
        _yesterday(milestone, risk, *milestone.baselines.all())
        services.milestone_update(
            actor=office,
            milestone=milestone,
            title="PCN plans signed off",
            forecast_on=date(2019, 9, 30),
            reason="Plans delayed by the summer",
        )
        risk_services.risk_update(actor=office, risk=risk, likelihood=5, reason="Vacancies rose")
        services.milestone_create(
            actor=office, workstream=workstream, title="Added today", baseline_on=None
        )
    return milestone, risk


def _get(client, name, system, *args, **params):
    return client.get(reverse(name, args=[system.slug, *args]), params)


def test_a_milestone_changed_today_shows_its_earlier_values_as_recorded_yesterday(
    client, office, system, changed_today
):
    milestone, _ = changed_today
    client.force_login(office)
    then = _get(client, "milestones:milestone-detail", system, milestone.pk, recorded_on=_day(-1))
    assert then.status_code == 200
    shown = then.context["milestone"]
    assert (shown.title, shown.forecast_on) == ("PCN plans agreed", date(2019, 6, 30))
    page = then.content.decode()
    assert "As recorded on" in page and "read-only" in page
    assert "This is not the reporting date" in page
    # Read-only: no buttons to change it, no forms but the date chooser.
    assert "Change milestone" not in page and "Re-baseline" not in page
    assert not re.search(r'<form method="post" action="/s/', page)
    # Its history as it stood then: the creation, not today's change.
    assert [row.kind for row in then.context["history"]] == ["Created"]
    assert then.context["history_later"] == 1
    now = _get(client, "milestones:milestone-detail", system, milestone.pk)
    assert now.context["milestone"].title == "PCN plans signed off"
    # Today's page: its timeline names who changed what from what to what, and why, each
    # change linking to the record as recorded that day.
    change = now.context["history"][0]
    assert (change.who, change.reason) == ("alice", "Plans delayed by the summer")
    assert {(c.field, c.old_shown, c.new_shown) for c in change.changes} >= {
        ("Title", "PCN plans agreed", "PCN plans signed off"),
        ("Forecast date", "30 Jun 2019", "30 Sep 2019"),
    }
    assert f"?recorded_on={_day()}" in now.content.decode()


def test_the_milestone_register_as_recorded_yesterday(client, office, system, changed_today):
    client.force_login(office)
    then = _get(client, "milestones:milestone-list", system, recorded_on=_day(-1))
    rows = then.context["page"].object_list
    assert [(row.milestone.title, row.milestone.forecast_on) for row in rows] == [
        ("PCN plans agreed", date(2019, 6, 30))
    ]
    page = then.content.decode()
    assert "Add a milestone" not in page and "Import from a spreadsheet" not in page
    assert f'?recorded_on={_day(-1)}">PCN plans agreed' in page  # to the record as recorded
    now = _get(client, "milestones:milestone-list", system)
    assert {row.milestone.title for row in now.context["page"].object_list} == {
        "PCN plans signed off",
        "Added today",
    }
    download = _get(client, "milestones:milestone-list", system, recorded_on=_day(-1), format="csv")
    text = b"".join(download.streaming_content).decode()
    assert "PCN plans agreed" in text and "signed off" not in text and "Added today" not in text


def test_the_risk_register_and_a_risk_as_recorded_yesterday(
    client, regulator, system, changed_today
):
    _, risk = changed_today
    client.force_login(regulator)
    register = _get(client, "escalation:risk-list", system, recorded_on=_day(-1))
    assert [(r.reference, r.likelihood) for r, _ in register.context["rows"]] == [("R1", 2)]
    cells = {
        (c["likelihood"], c["impact"]): c["count"]
        for row in register.context["heat_map"].rows
        for c in row["cells"]
    }
    assert (cells[(2, 2)], cells[(5, 2)]) == (1, 0)
    detail = _get(client, "escalation:risk-detail", system, risk.pk, recorded_on=_day(-1))
    assert (detail.context["risk"].likelihood, detail.context["risk"].score) == (2, 4)
    assert _get(client, "escalation:risk-detail", system, risk.pk).context["risk"].score == 10


def test_a_record_not_yet_recorded_that_day_is_not_found_and_says_when_it_was(
    client, office, system, changed_today
):
    client.force_login(office)
    with scope([system]):
        added = system.plans.get().workstreams.get().milestones.get(title="Added today")
    response = _get(client, "milestones:milestone-detail", system, added.pk, recorded_on=_day(-1))
    assert response.status_code == 404
    assert "was not yet recorded on" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("yesterday", "YYYY-MM-DD"),
        ("2026-02-30", "not a real date"),
        ("9999-01-01", "check the year"),
    ],
)
def test_a_bad_date_is_a_400_naming_the_parameter(client, office, system, value, says):
    client.force_login(office)
    response = _get(client, "milestones:milestone-list", system, recorded_on=value)
    assert response.status_code == 400
    assert "recorded_on" in response.content.decode() and says in response.content.decode()


def test_a_date_to_come_is_refused_clearly(client, office, system):
    client.force_login(office)
    response = _get(client, "escalation:risk-list", system, recorded_on=_day(1))
    assert response.status_code == 400
    assert "is still to come" in response.content.decode()


def test_nothing_is_written_as_recorded(client, office, system, changed_today):
    client.force_login(office)
    url = reverse("escalation:risk-list", args=[system.slug])
    assert client.post(f"{url}?recorded_on={_day(-1)}").status_code == 405


def test_the_reporting_date_defaults_to_the_day_recorded(client, office, system, changed_today):
    """A milestone due on 30 June 2019 read as recorded on 1 July 2019 is late that day."""
    client.force_login(office)
    response = _get(client, "milestones:milestone-list", system, recorded_on="2019-07-01")
    assert response.context["recorded_as_at"] == date(2019, 7, 1)
    assert list(response.context["page"].object_list) == []  # nothing recorded by then
    chosen = _get(
        client, "milestones:milestone-list", system, recorded_on=_day(-1), as_at="2019-06-01"
    )
    assert chosen.context["recorded_as_at"] == date(2019, 6, 1)
    assert chosen.context["page"].object_list[0].rag == "green"


def test_queries_stay_constant_as_the_register_grows(
    client, office, system, changed_today, django_assert_num_queries
):
    client.force_login(office)

    def count(params) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert _get(client, "milestones:milestone-list", system, **params).status_code == 200
        return len(queries)

    count({})  # the first page of the session saves the system chosen in it
    before = count({"recorded_on": _day()})
    milestone, _ = changed_today
    with scope([system]):
        for n in range(5):
            services.milestone_create(
                actor=office,
                workstream=milestone.workstream,
                title=f"More {n}",
                baseline_on=date(2019, 7, n + 1),
            )
    assert count({"recorded_on": _day()}) == before
    # The session, the user, their accesses, the system; the rows' count, the RAG counts, the
    # page's rows (each the latest version by the day) and their workstreams as recorded; the
    # header's systems; the filter's workstreams and organisations.
    with django_assert_num_queries(11):
        _get(client, "milestones:milestone-list", system, recorded_on=_day())


def test_a_case_stepped_up_today_stands_at_its_first_step_as_recorded_yesterday(
    client, office, system
):
    with scope([system]):
        route = risk_services.route_create(
            actor=office,
            system=system,
            name="Delivery route",
            steps=[{"order": n, "escalate_to_role": f"Level {n} lead"} for n in (1, 2)],
        )
        case = risk_services.case_raise(
            actor=office,
            route=route,
            subject_text="Late plan",
            reason="Late",
            raised_on=timezone.localdate() - timedelta(days=1),
        )
        _yesterday(case, *case.events.all())
        risk_services.case_step_up(actor=office, case=case, on=timezone.localdate())
    client.force_login(office)
    then = _get(client, "escalation:case-detail", system, case.pk, recorded_on=_day(-1))
    assert then.context["case"].current_step.order == 1
    assert [event.action for event, _ in then.context["events"]] == ["raise"]
    assert then.context["actions"] == {}
    now = _get(client, "escalation:case-detail", system, case.pk)
    assert now.context["case"].current_step.order == 2
    board = _get(client, "escalation:case-board", system, recorded_on=_day(-1))
    assert [(n, [c.case.pk for c in cards]) for n, cards in board.context["columns"]][:2] == [
        (1, [case.pk]),
        (2, []),
    ]
    assert "Raise a case" not in board.content.decode()
