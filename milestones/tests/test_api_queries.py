"""The milestones endpoints cost a fixed number of queries however many rows they return."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.roles import Role
from milestones.models import (
    Baseline,
    Dependency,
    Gateway,
    ProgressUpdate,
)
from milestones.rag import Rag
from milestones.tests.api_helpers import ENDPOINTS, TODAY
from tests import factories
from tests.permissions.api_scoping import url

pytestmark = pytest.mark.django_db


def grow(system, n: int) -> None:
    """n rows of every milestones model, each milestone with two baselines and a dependency."""
    user = get_user_model().objects.get(username="alice")
    for i in range(n):
        plan = factories.PlanFactory(system=system)
        Gateway(plan=plan, number=1, name=f"Gateway {i}").save()
        workstream = factories.WorkstreamFactory(
            plan=plan, sro=factories.PersonFactory(system=system)
        )
        earlier = factories.MilestoneFactory(workstream=workstream)
        # Green today: due on its baseline, in the future (the earlier one is long overdue).
        milestone = factories.MilestoneFactory(
            workstream=workstream,
            baseline_on=TODAY + timedelta(days=i + 7),
            forecast_on=TODAY + timedelta(days=i + 7),
        )
        for days in (0, 7):
            Baseline(
                milestone=milestone,
                baseline_on=TODAY + timedelta(days=days),
                set_by=user,
                set_at=timezone.now(),
            ).save()
        Dependency(milestone=milestone, depends_on=earlier).save()
        ProgressUpdate(
            milestone=milestone,
            month=TODAY.replace(day=1),
            narrative="On track",
            rag=Rag.GREEN,
            reported_by=user,
            reported_at=timezone.now(),
        ).save()


# Every request: the token, joined to its user and the user's accesses (the systems in scope).
# A token used within the minute writes nothing (its first use is counted in partners' API
# tests), so each test uses its token once before counting. Then the page and each prefetch.
REQUEST = 1
PAGE_QUERIES = {
    "plans": 1,  # plans
    "gateways": 1,  # gateways
    "workstreams": 1,  # workstreams joined to their SRO
    # milestones joined to their workstream's plan (for RAG); their baselines and
    # dependencies (one statement)
    "milestones": 2,
    "progress-updates": 1,  # updates
}


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_a_page_costs_the_same_queries_for_2_or_20_rows(
    api, token_of, prefix, system, django_assert_num_queries
):
    token = token_of(Role.REGULATOR)
    api(url(prefix), token)  # its first use, recorded
    for n, total in ((2, 2), (18, 20)):
        grow(system, n)
        with django_assert_num_queries(REQUEST + PAGE_QUERIES[prefix]):
            rows = api(url(prefix), token).json()["results"]
        assert len(rows) >= total


def test_filtering_by_rag_adds_no_query_however_many_rows(
    api, token_of, system, django_assert_num_queries
):
    token = token_of(Role.REGULATOR)
    api(url("milestones"), token)  # its first use, recorded
    for n, total in ((2, 2), (18, 20)):
        grow(system, n)
        # The request, then the page as above: RAG is filtered in SQL (milestones.rag).
        with django_assert_num_queries(REQUEST + PAGE_QUERIES["milestones"]):
            rows = api(url("milestones"), token, rag=["green", "amber"]).json()["results"]
        assert len(rows) == total and {row["rag"] for row in rows} == {"green"}


def test_naming_a_system_costs_no_query(api, token_of, system, django_assert_num_queries):
    """The system filter is checked against the accesses already read for the request."""
    token = token_of(Role.REGULATOR)
    grow(system, 2)
    api(url("milestones"), token)  # its first use, recorded
    with django_assert_num_queries(REQUEST + PAGE_QUERIES["milestones"]):
        rows = api(url("milestones"), token, system=system.pk).json()["results"]
    assert len(rows) == 4
    assert api(url("milestones"), token, system="abc").status_code == 400


def test_the_browsable_api_offers_every_filter_choice(client, token_of, ours):
    """Choices are only read when a filter is given, except for the form the browsable API
    draws."""
    response = client.get(
        url("milestones"),
        HTTP_ACCEPT="text/html",
        HTTP_AUTHORIZATION=f"Bearer {token_of(Role.PARTNER_LEAD)}",
    )
    assert response.status_code == 200
    assert str(ours["workstreams"]) in response.content.decode()
