"""Milestone pages cost the same number of queries however many rows they show."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from core.scoping import scope
from milestones import services
from milestones.tests.page_helpers import TODAY, url
from milestones.views_monthly import UPDATE_PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db


# Query counts -----------------------------------------------------------------------------------


def make_milestones(office, system, organisation, count: int) -> None:
    plan = factories.PlanFactory(system=system)
    workstreams = [factories.WorkstreamFactory(plan=plan, name=f"Workstream {n}") for n in range(2)]
    with scope([system]):
        for n in range(count):
            milestone = services.milestone_create(
                actor=office,
                workstream=workstreams[n % 2],
                title=f"Milestone {n}",
                baseline_on=TODAY + timedelta(days=n),
                responsible_organisation=organisation,
                is_key=n % 3 == 0,
            )
            services.progress_update_record(
                actor=office, milestone=milestone, month=TODAY, narrative=f"Update {n}"
            )


# Every page costs: the session, the user, the user's accesses (core.authz, once per request),
# the system from the URL, the header's list of the user's systems, and saving the session (which
# remembers the system): savepoint, update, release.
REQUEST = 8


@pytest.mark.parametrize("count", [5, 50])
def test_milestone_list_queries_are_constant(
    client, office, system, organisation, count, django_assert_num_queries
):
    make_milestones(office, system, organisation, count)
    client.force_login(office)
    # REQUEST, then: the filter form's workstreams and organisations (2); the RAG counts, grouped
    # in SQL (1); the paginator's count (1); the page's milestones with RAG and slippage
    # annotated, workstream and organisation joined (1).
    with django_assert_num_queries(REQUEST + 5):
        response = client.get(url(system, "milestone-list"), {"order": "-slippage", "key": "1"})
    assert response.status_code == 200


def test_milestone_list_fetches_only_the_page(client, office, system, organisation):
    """RAG is filtered, sorted and paged in SQL: 60 green milestones, and the database returns
    the 25 shown (the counts come back as one row per status, not per milestone)."""
    make_milestones(office, system, organisation, 60)
    client.force_login(office)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(system, "milestone-list"), {"rag": "green", "order": "-slippage"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 60
    page_query = [q["sql"] for q in queries if "LIMIT" in q["sql"] and "milestone" in q["sql"]]
    assert page_query and all("LIMIT 25" in sql for sql in page_query)


@pytest.mark.parametrize("count", [5, 50])
def test_workstream_list_queries_are_constant(
    client, office, system, organisation, count, django_assert_num_queries
):
    make_milestones(office, system, organisation, count)
    client.force_login(office)
    # REQUEST, then: the workstreams' count for the paginator (1); the workstreams with plan,
    # SRO and lead organisation joined and their milestones counted (1); the page's milestones'
    # RAG counted by workstream in SQL (1).
    with django_assert_num_queries(REQUEST + 3):
        response = client.get(url(system, "workstream-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize("role", [Role.PROGRAMME_OFFICE, Role.PARTNER_LEAD])
def test_monthly_update_queries_are_constant(
    client_for, role, system, organisation, office, count, django_assert_num_queries
):
    make_milestones(office, system, organisation, count)
    client = client_for(role)
    # REQUEST, then: whether the user is responsible for any milestone, to choose whose are
    # shown (1); the filter's workstreams (1) and, for the office, organisations (1); the count
    # for the paginator (1); the page's milestones with workstream, plan and organisation (1);
    # their updates for the month with who reported them (1).
    with django_assert_num_queries(REQUEST + 5 + (role == Role.PROGRAMME_OFFICE)):
        response = client.get(url(system, "monthly-update"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(count, UPDATE_PAGE_SIZE)
