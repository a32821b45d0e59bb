"""Escalation responses due and cases that may step up (core.due kinds in escalation/due.py)."""

from datetime import date

import pytest

from core import due
from core.scoping import unscoped
from escalation.models import EscalationCase
from tests import factories
from tests.record_factories import EscalationCaseFactory

pytestmark = pytest.mark.django_db

AS_AT = date(2019, 7, 10)


@pytest.fixture
def route(system):
    route = factories.EscalationRouteFactory(system=system)
    first = factories.EscalationStepFactory(
        route=route,
        order=1,
        response_due_days=14,
        step_up_after_days=None,
        step_up_after_months=1,
    )
    last = factories.EscalationStepFactory(route=route, order=2, response_due_days=None)
    return route, {1: first, 2: last}


def _case(route, order=1, **fields):
    route, steps = route
    return EscalationCaseFactory(route=route, current_step=steps[order], **fields)


def _found(kind, system):
    return due.due_as_at(AS_AT, system_ids=[system.pk], only=[kind])


def test_a_response_is_due_two_weeks_after_the_step_for_the_organisation_asked(
    system, organisation, lead, office, route
):
    overdue = _case(route, step_since=date(2019, 6, 20), organisation=organisation)  # due 4 July
    soon = _case(route, step_since=date(2019, 7, 5))  # due 19 July: no organisation, the office
    _case(route, step_since=date(2019, 7, 1), status="responded")
    _case(route, step_since=date(2019, 6, 1), status="resolved")
    _case(route, order=2, step_since=date(2019, 6, 1))  # this step asks for no response

    found = _found("escalation_response", system)

    assert [(item.key, item.due_on, item.user_ids) for item in found] == [
        (f"escalation.escalationcase:{overdue.pk}", date(2019, 7, 4), {lead.pk}),
        (f"escalation.escalationcase:{soon.pk}", date(2019, 7, 19), {office.pk}),
    ]
    assert found[0].url == f"/s/{system.slug}/escalations/{overdue.pk}/"
    assert due.kind("escalation_response").essential


def test_the_step_up_is_offered_to_the_office_after_more_than_one_month(system, office, route):
    ready = _case(route, step_since=date(2019, 6, 5))  # may step up from 6 July
    soon = _case(route, step_since=date(2019, 6, 20))  # from 21 July
    _case(route, step_since=date(2019, 6, 30))  # from 31 July: beyond 14 days
    _case(route, order=2, step_since=date(2019, 1, 1))  # the last step: nowhere to go
    _case(route, step_since=date(2019, 5, 1), status="closed")

    found = _found("case_step_up", system)

    assert [(item.key, item.due_on, item.state(AS_AT)) for item in found] == [
        (f"escalation.escalationcase:{ready.pk}", date(2019, 7, 6), due.State.OVERDUE),
        (f"escalation.escalationcase:{soon.pk}", date(2019, 7, 21), due.State.SOON),
    ]
    assert all(item.user_ids == {office.pk} for item in found)
    # Offered, never taken: the route records no rule to step up by itself.
    with unscoped():
        assert EscalationCase.objects.get(pk=ready.pk).current_step_id == ready.current_step_id


@pytest.mark.parametrize("kind", ["escalation_response", "case_step_up"])
def test_a_fixed_number_of_queries_however_many_cases(
    system, office, route, kind, django_assert_num_queries
):
    for _ in range(4):
        _case(route, step_since=date(2019, 6, 5), organisation=factories.OrganisationFactory())

    # 1. the role holders of the system, 2. the cases with their route, step and subject
    with django_assert_num_queries(2):
        found = _found(kind, system)
    assert len(found) == 4
