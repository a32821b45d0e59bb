"""The system dashboard: the landing page, for every role, at a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.scoping import scope
from escalation import services as escalation_services
from escalation.models import EscalationCase
from governance import services as governance_services
from milestones import services as milestone_services
from reports.charts import rag_bar_svg
from reports.dashboard import LISTED
from tests import factories

pytestmark = pytest.mark.django_db


def test_landing_page_is_the_dashboard(client, office, system):
    client.force_login(office)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard", args=[system.slug])


def test_user_without_access_is_told_so(client, db):
    client.force_login(factories.UserFactory())
    assert "do not have access" in client.get("/").content.decode()


def test_switching_system(client, office, system, other_system):
    client.force_login(office)
    response = client.get(reverse("reports:switch-system"), {"system": other_system.slug})
    assert response["Location"] == reverse("reports:home")  # not one of theirs


def _populate(system, office, count):
    today = date.today()
    with scope([system]):
        workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
        # Agreements awaiting a signature: the dashboard counts them, reading no party.
        organisation = factories.OrganisationFactory()
        factories.PartnershipFactory(system=system, organisation=organisation)
        route = escalation_services.route_create(
            actor=office,
            system=system,
            name=f"Route {count}",
            steps=[{"order": 1, "escalate_to_role": "Executive Programme Director"}],
        )
        for n in range(count):
            milestone = milestone_services.milestone_create(
                actor=office,
                workstream=workstream,
                title=f"Milestone {n}",
                baseline_on=today - timedelta(days=n - 5),
                is_key=True,
            )
            escalation_services.case_raise(
                actor=office,
                route=route,
                reason="Late",
                raised_on=today,
                milestone=milestone,
            )
            meeting = factories.MeetingFactory(
                committee=factories.CommitteeFactory(system=system), held_on=today
            )
            factories.AttendanceFactory(
                meeting=meeting, person=factories.PersonFactory(system=system)
            )
            agreement = factories.AgreementFactory(system=system, title=f"MoU {n}", status="draft")
            governance_services.party_add(
                actor=office, agreement=agreement, organisation=organisation
            )
            escalation_services.risk_create(
                actor=office,
                system=system,
                reference=f"R{n}",
                title="Risk",
                category="financial",
                likelihood=3,
                impact=4,
            )


@pytest.mark.parametrize("rows", [5, 50])
def test_dashboard_queries_do_not_grow(client, office, system, rows, django_assert_num_queries):
    _populate(system, office, rows)
    client.force_login(office)
    url = reverse("reports:dashboard", args=[system.slug])
    # session, user, accesses, system; the milestones' figures in one query grouped by RAG (the
    # RAG counts, the key ones red or amber with their worst slippage, those due soon), then the
    # first ten key ones red or amber and the first ten due soon (rows, with RAG and the late
    # ones' slippage annotated in SQL, milestones.rag); the open cases, the first three at each
    # step with the step's count; the agreements not ended, with whether a party is yet to sign
    # (one query: no party read); terms due for review; open risks; meetings in the two months,
    # their attendance (rows), their committees' terms, memberships (rows); the finance
    # headline's control totals; the header's systems; and the first visit's session save
    # (savepoint, update, release).
    # A prefetch with nothing to fetch (quorum requirements) costs no query.
    # The person's task count (core.due): the role holders once, then one query for each kind
    # of deadline that can be a programme office's (eight: not the chair's draft reports nor
    # the regulators' published ones), whatever the date.
    with django_assert_num_queries(29):
        response = client.get(url)
    assert response.status_code == 200
    assert "Milestones by RAG" in response.content.decode()
    # Overdue from the sixth on (due today is not yet overdue): counted, ten listed, red first.
    data = response.context["data"]
    assert data.late_key_count == max(rows - 6, 0)
    assert [m.title for m, _ in data.late_key] == [
        f"Milestone {n}" for n in range(rows - 1, 5, -1)
    ][:LISTED]
    assert data.late_key_worst == (rows - 6 if rows > 6 else None)
    # Every case is at step 1: all counted, the first three named (raised the same day: by id).
    ((step, count, listed),) = data.cases_by_step
    assert (step, count) == (1, rows)
    with scope([system]):
        first = list(EscalationCase.objects.order_by("pk").values_list("pk", flat=True)[:3])
    assert [case.pk for case in listed] == first


def test_dashboard_figures_link_to_the_lists_behind_them(client, office, system):
    _populate(system, office, 2)
    client.force_login(office)
    page = client.get(reverse("reports:dashboard", args=[system.slug])).content.decode()
    assert f"/s/{system.slug}/milestones/?rag=red" in page
    assert f"/s/{system.slug}/escalations/?step=1" in page
    assert f"/s/{system.slug}/risks/?order=-band" in page


def test_rag_chart_is_accessible_svg():
    svg = rag_bar_svg({"red": 3, "green": 1})
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Red 3, Amber 0, On track 1, Complete 0" in svg
