"""Cases at my step: open cases whose current step is addressed to the person's organisation or a
committee they sit on, across their systems, oldest first; a step naming only a role goes to the
programme office; another system's case is never listed."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from escalation.rules import CaseStatus
from partners.models import System
from tests import factories
from tests import record_factories as records
from tests.spreadsheets import read_xlsx

pytestmark = pytest.mark.django_db
URL = reverse("reports:cases-at-my-step")


@pytest.fixture
def steps(system, organisation):
    """A route whose steps go to an organisation, then a committee, then a named role."""
    route = factories.EscalationRouteFactory(system=system, name="Non-delivery")
    committee = factories.CommitteeFactory(system=system, name="Delivery Board")
    return {
        "organisation": factories.EscalationStepFactory(
            route=route, order=1, escalate_to_organisation=organisation, escalate_to_role=""
        ),
        "committee": factories.EscalationStepFactory(
            route=route, order=2, escalate_to_committee=committee, escalate_to_role="The board"
        ),
        "role": factories.EscalationStepFactory(
            route=route, order=3, escalate_to_role="Employing CEO of the SRO"
        ),
    }


def case(step, subject: str, raised_on=datetime.date(2020, 1, 6), **values):
    return records.EscalationCaseFactory(
        route=step.route,
        current_step=step,
        subject_text=subject,
        raised_on=raised_on,
        step_since=raised_on,
        **values,
    )


def listed(client, user, **query) -> list[str]:
    client.force_login(user)
    response = client.get(URL, query)
    assert response.status_code == 200
    return [row.case.subject_text for row in response.context["rows"]]


def test_a_partner_lead_sees_the_cases_at_their_organisations_step(client, lead, steps):
    case(steps["organisation"], "Later", raised_on=datetime.date(2020, 2, 1))
    case(steps["organisation"], "Earlier", raised_on=datetime.date(2019, 12, 1))
    case(steps["organisation"], "Concluded", status=CaseStatus.RESOLVED)
    case(steps["committee"], "At the board")
    case(steps["role"], "For the office")
    assert listed(client, lead) == ["Earlier", "Later"]


def test_a_committee_member_sees_its_cases(client, lead, steps, system):
    case(steps["committee"], "At the board")
    person = factories.PersonFactory(system=system, user=lead)
    committee = steps["committee"].escalate_to_committee
    membership = factories.MembershipFactory(committee=committee, person=person)
    assert "At the board" in listed(client, lead)
    # Once they stand down, the board's cases are no longer theirs.
    membership.ended_on = datetime.date(2019, 1, 1)
    membership.save()
    assert "At the board" not in listed(client, lead, as_at="2020-03-01")


def test_a_step_naming_only_a_role_goes_to_the_programme_office(client, office, steps):
    case(steps["role"], "For the office")
    case(steps["organisation"], "For the trust")
    assert listed(client, office) == ["For the office"]


def test_a_regulator_linked_to_its_organisation_sees_its_step(client, regulator, system):
    monitor = factories.OrganisationFactory(name="Monitor", kind="regulator")
    route = factories.EscalationRouteFactory(system=system)
    step = factories.EscalationStepFactory(route=route, escalate_to_organisation=monitor)
    case(step, "Foundation trust's delivery")
    assert listed(client, regulator) == []  # no person record says where they work
    factories.PersonFactory(system=system, user=regulator, organisation=monitor)
    assert listed(client, regulator) == ["Foundation trust's delivery"]


def test_another_systems_case_is_never_listed(client, lead, organisation, other_system):
    route = factories.EscalationRouteFactory(system=other_system)
    step = factories.EscalationStepFactory(route=route, escalate_to_organisation=organisation)
    case(step, "Elsewhere")
    assert listed(client, lead) == []
    assert "Elsewhere" not in client.get(URL, {"format": "csv"}).getvalue().decode()


def test_due_dates_and_overdue_as_at_the_date(client, lead, steps):
    case(steps["organisation"], "Waiting")  # reached 6 January; 14 days to respond
    client.force_login(lead)
    row = client.get(URL, {"as_at": "2020-01-10"}).context["rows"][0]
    assert (row.due_on, row.overdue) == (datetime.date(2020, 1, 20), False)
    page = client.get(URL, {"as_at": "2020-02-01"})
    assert page.context["rows"][0].overdue
    assert "Overdue" in page.content.decode()


def test_the_download_lists_the_queue(client, lead, steps):
    case(steps["organisation"], "Waiting")
    client.force_login(lead)
    response = client.get(URL, {"format": "csv", "as_at": "2020-02-01"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["Subject"], r["Response due"], r["Response overdue"]) for r in rows] == [
        ("Waiting", "2020-01-20", "Overdue")
    ]
    assert client.get(URL, {"format": "xlsx"}).status_code == 200


def test_the_download_says_the_date_its_rows_are_judged_as_at(client, lead, steps, system):
    # No date asked for: each case as at its system's own date, which the file names, not today.
    System.objects.filter(pk=system.pk).update(opens_as_at=datetime.date(2020, 2, 1))
    case(steps["organisation"], "Waiting")
    client.force_login(lead)
    book = read_xlsx(client.get(URL, {"format": "xlsx"}))
    assert [row[-2:] for row in book.rows] == [["Overdue", datetime.datetime(2020, 2, 1)]]
    assert book.about["As at (reporting date)"] == datetime.datetime(2020, 2, 1)


def test_queries_do_not_grow_with_the_cases(client, office, steps, django_assert_num_queries):
    client.force_login(office)
    case(steps["role"], "One")
    client.get(URL)
    with django_assert_num_queries(7):
        # Session, user, accesses, the header's systems, the systems, the person's records
        # and their memberships, the cases.
        assert len(client.get(URL).context["rows"]) == 1
    for n in range(5):
        case(steps["role"], f"More {n}")
    with django_assert_num_queries(7):
        assert len(client.get(URL).context["rows"]) == 6


def test_the_header_offers_the_queue_to_everyone(client, lead, system):
    client.force_login(lead)
    page = client.get(URL).content.decode()
    assert 'href="/cases-at-my-step/" aria-current="page"' in page
