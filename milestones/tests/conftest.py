"""Fixtures shared by the milestones test modules."""

from datetime import timedelta

import pytest

from governance import services as governance_services
from milestones import services
from milestones.tests.api_helpers import TODAY, build_plan
from tests import factories


@pytest.fixture
def plan(system):
    return factories.PlanFactory(system=system, title="Alpha STP plan", amber_tolerance_days=30)


@pytest.fixture
def workstream(plan):
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


@pytest.fixture
def api(client):
    def get(path, token, **params):
        return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {token}")

    return get


@pytest.fixture
def token_of(user_for, office):
    """A token for the standing user of a role (or the outsider)."""
    return lambda role: factories.api_token(user_for(role))


@pytest.fixture
def ours(system, office, organisation, in_scope):
    return build_plan(system, office, organisation)


@pytest.fixture
def gateway(plan, office, in_scope):
    return services.gateway_create(actor=office, plan=plan, number=1, name="Design")


@pytest.fixture
def sro(system, organisation):
    return factories.PersonFactory(system=system, name="Jane Smith", organisation=organisation)


@pytest.fixture
def commitment(system, office, in_scope):
    agreement = factories.AgreementFactory(system=system, title="Memorandum of understanding")
    return governance_services.commitment_add(
        actor=office, agreement=agreement, number=3, text="Deliver the urgent care plan."
    )


@pytest.fixture
def their_records(other_system, office, in_scope):
    """Another system's plan, gateway, workstream, milestone and person."""
    plan = factories.PlanFactory(system=other_system, title="Beta plan")
    workstream = factories.WorkstreamFactory(plan=plan, name="Beta workstream")
    return {
        "plan": plan,
        "gateway": services.gateway_create(actor=office, plan=plan, number=1, name="Beta gate"),
        "workstream": workstream,
        "milestone": services.milestone_create(
            actor=office, workstream=workstream, title="Beta milestone", baseline_on=TODAY
        ),
        "person": factories.PersonFactory(system=other_system, name="Beta Person"),
    }
