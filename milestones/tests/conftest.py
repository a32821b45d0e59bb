"""Fixtures shared by the milestones test modules."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from milestones import services
from milestones.tests.api_helpers import TODAY, build_plan
from tests import factories


@pytest.fixture
def workstream(system):
    plan = factories.PlanFactory(system=system, amber_tolerance_days=30)
    return factories.WorkstreamFactory(plan=plan, code="C", name="Urgent and emergency care")


@pytest.fixture
def milestone(workstream, office, organisation, in_scope):
    """Due in two months, the lead's organisation responsible: on track."""
    return services.milestone_create(
        actor=office,
        workstream=workstream,
        title="Same Day Emergency Care 12 hours a day, 7 days a week",
        baseline_on=TODAY + timedelta(days=60),
        responsible_organisation=organisation,
        is_key=True,
    )


@pytest.fixture
def partner_milestone(workstream, office, partner, in_scope):
    """Another partner's milestone, due in three months."""
    return services.milestone_create(
        actor=office,
        workstream=workstream,
        title="Integrated discharge hub",
        baseline_on=TODAY + timedelta(days=90),
        responsible_organisation=partner,
    )


@pytest.fixture
def theirs(other_system, office, in_scope):
    plan = factories.PlanFactory(system=other_system)
    workstream = factories.WorkstreamFactory(plan=plan, name="Beta workstream")
    return services.milestone_create(
        actor=office, workstream=workstream, title="Beta milestone", baseline_on=TODAY
    )


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The rate limit counts per token id in the cache; ids recur from test to test."""
    cache.clear()


@pytest.fixture
def api(client):
    def get(path, token, **params):
        return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {token}")

    return get


@pytest.fixture
def token_of(request, office):
    """A token for a standing user (by fixture name), issued by the programme office."""
    return lambda role: factories.api_token(request.getfixturevalue(role))


@pytest.fixture
def ours(system, office, organisation, in_scope):
    return build_plan(system, office, organisation)
