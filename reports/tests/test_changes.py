"""What changed in a system between two dates (reports.changes): exactly the changes made
between them, in every section, each linking to its record; the page, its downloads, its
dates' checks and its queries."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Membership
from milestones.models import Baseline
from reports.changes import changes_between
from reports.snapshot import build_snapshot
from reports.tests import snapshot_data as data
from reports.tests.snapshot_data import NOVEMBER, OCTOBER
from tests import factories, record_factories

pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2019, 11, 1), D(2019, 11, 30)


@pytest.fixture
def changes_in_november(no_scope, system, office, organisation):
    """One change of each kind inside November 2019, and the same kinds just outside it."""
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
    factories.MilestoneFactory(
        workstream=ws, title="Done before", baseline_on=D(2019, 10, 1), completed_on=D(2019, 10, 31)
    )
    moved = factories.MilestoneFactory(workstream=ws, title="Moved", baseline_on=D(2020, 6, 30))
    data.baseline(moved, D(2020, 3, 31), data.moment(D(2019, 9, 1)), user)
    data.baseline(moved, D(2020, 6, 30), data.moment(D(2019, 11, 12)), user)
    Baseline.objects.filter(milestone=moved, baseline_on=D(2020, 6, 30)).update(reason="Later")
    route = data.route(system, office)
    new = data.raise_case(route, office, D(2019, 11, 5), subject_text="New in November")
    data.raise_case(route, office, D(2019, 12, 1), subject_text="Raised in December")
    closed = data.raise_case(route, office, D(2019, 8, 1), subject_text="Closed in November")
    data.close_case(closed, office, D(2019, 11, 20))
    stepped = data.raise_case(route, office, D(2019, 10, 1), subject_text="Stepped up")
    data.step_up(stepped, office, D(2019, 11, 10))
    committee = factories.CommitteeFactory(system=system, name="Board")
    meeting = factories.MeetingFactory(committee=committee, held_on=D(2019, 11, 7))
    record_factories.DecisionFactory(meeting=meeting, reference="D1", title="Approve the plan")
    earlier = factories.MeetingFactory(committee=committee, held_on=D(2019, 10, 31))
    record_factories.DecisionFactory(meeting=earlier, reference="D0", title="Too early")
    year = data.financial_year()
    data.control_total(system, organisation, year, plan=-3000)
    data.position(system, organisation, year, OCTOBER, plan=-100, actual=-200, outturn=-3100)
    data.position(system, organisation, year, NOVEMBER, plan=-200, actual=-300, outturn=-3300)
    person = factories.PersonFactory(system=system, name="Pat Jones")
    factories.MembershipFactory(committee=committee, person=person, started_on=D(2019, 11, 1))
    factories.MembershipFactory(
        committee=committee,
        person=factories.PersonFactory(system=system, name="Sam Lee"),
        started_on=D(2018, 1, 1),
        ended_on=D(2019, 11, 30),
        ended_reason="Retired",
        role=Membership.Role.CHAIR,
    )
    return {"new": new, "closed": closed, "stepped": stepped, "moved": moved, "meeting": meeting}


def _listed(changes) -> dict[str, list[tuple]]:
    return {
        s.key: [(c.on, c.record, c.text) for c in s.changes] for s in changes.sections if s.changes
    }


def test_exactly_the_changes_made_between_the_two_dates(system, organisation, changes_in_november):
    cases = changes_in_november
    new, closed, stepped = (cases[k].pk for k in ("new", "closed", "stepped"))
    assert _listed(changes_between(system, START, END)) == {
        "completed": [(D(2019, 11, 10), "Done", "Completed on 10 Nov 2019")],
        "rebaselined": [(D(2019, 11, 12), "Moved", "Baseline 31 Mar 2020 to 30 Jun 2020: Later")],
        "slipped": [
            (END, "Moved", "Due 30 Jun 2020, was 31 Mar 2020: 91 days later"),
            (END, "Slipping", "Due 28 Feb 2020, was 10 Jan 2020: 49 days later"),
        ],
        "rag": [(END, "Slipping", "Amber to Red")],
        "cases_raised": [
            (
                D(2019, 11, 5),
                f"Case {new} (New in November)",
                "Raised with no organisation named on route Route for alpha",
            )
        ],
        "cases_stepped_up": [
            (D(2019, 11, 10), f"Case {stepped} (Stepped up)", "Stepped up to step 2")
        ],
        "cases_closed": [(D(2019, 11, 20), f"Case {closed} (Closed in November)", "Closed: Done")],
        "decisions": [(D(2019, 11, 7), "D1: Approve the plan", "Decided by Board")],
        "finance": [
            (
                END,
                organisation.short_name,
                "November 2019: year-to-date actual (300) against plan (200); forecast outturn "
                "(3,300), was (3,100) in October 2019 (£'000)",
            )
        ],
        "people": [
            (D(2019, 11, 1), "Pat Jones", "Joined Board as member"),
            (D(2019, 11, 30), "Sam Lee", "Stood down from Board: Retired"),
        ],
    }


def test_nothing_changed_in_a_quiet_week(system, changes_in_november):
    assert changes_between(system, D(2019, 11, 21), D(2019, 11, 28)).count == 0


def test_one_day_and_links_to_each_record(system, changes_in_november):
    day = changes_between(system, D(2019, 11, 7), D(2019, 11, 7))
    assert _listed(day) == {
        "decisions": [(D(2019, 11, 7), "D1: Approve the plan", "Decided by Board")]
    }
    (decision,) = [c for s in day.sections for c in s.changes]
    assert decision.link == ("governance:meeting-detail", (changes_in_november["meeting"].pk,))


def _page(client, system, **params):
    return client.get(reverse("reports:changes", args=[system.slug]), params)


def test_the_page_lists_and_links_and_downloads_them(
    client, regulator, system, changes_in_november
):
    client.force_login(regulator)
    response = _page(client, system, **{"from": "2019-11-01", "to": "2019-11-30"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "What changed from 1 November 2019 to 30 November 2019" in page
    moved = changes_in_november["moved"].pk
    assert f'href="/s/alpha/milestones/{moved}/">Moved</a>' in page
    assert "12 changes." in page
    download = _page(client, system, **{"from": "2019-11-01", "to": "2019-11-30", "format": "csv"})
    text = b"".join(download.streaming_content).decode()
    assert f"http://testserver/s/alpha/milestones/{moved}/" in text
    assert "Stood down from Board: Retired" in text and "Too early" not in text


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"from": "2019-12-01", "to": "2019-11-01"}, "from"),
        ({"from": "1 Nov 2019"}, "from"),
        ({"to": "2019-02-30"}, "to"),
    ],
)
def test_bad_dates_are_a_400_naming_the_parameter(client, office, system, params, name):
    client.force_login(office)
    response = _page(client, system, **params)
    assert response.status_code == 400
    assert f"<strong>{name}</strong>" in response.content.decode()


def test_queries_do_not_grow_with_the_changes(no_scope, system, changes_in_november, office):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            changes_between(system, START, END)
        return len(queries)

    before = count()
    ws = changes_in_november["moved"].workstream
    for n in range(3):
        factories.MilestoneFactory(
            workstream=ws, title=f"Also done {n}", baseline_on=END, completed_on=END
        )
        data.raise_case(
            data.route(system, office, name=f"Route {n}"),
            office,
            D(2019, 11, 6),
            subject_text=f"Also new {n}",
        )
    assert count() == before
    # Milestones, their baselines and updates; re-baselines; cases raised and their events;
    # decisions; positions; memberships; partnerships.
    assert before == 10


def test_the_monthly_reports_since_last_month_is_the_same_list(system, changes_in_november):
    snapshot = build_snapshot(system, NOVEMBER)
    found = changes_between(system, START, END)
    assert snapshot["since_last_month"] == [
        {
            "key": section.key,
            "heading": section.heading,
            "changes": [
                {"on": c.on.isoformat(), "record": c.record, "text": c.text}
                for c in section.changes
            ],
        }
        for section in found.sections
    ]
    body = render_to_string("reports/includes/report_body.html", {"snapshot": snapshot})
    assert '<section id="since-last-month"' in body
    assert "Stood down from Board: Retired" in body and "Too early" not in body
