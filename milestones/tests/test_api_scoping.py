"""The milestones endpoints: every role reads its own system's rows only, and filters leak nothing
of another system."""

import pytest

from core.roles import Role
from milestones.tests.api_helpers import ENDPOINTS, MODELS, build_plan
from tests import factories
from tests.permissions.api_scoping import (
    check_other_system_sees_own_rows_only,
    check_reads_own_system_only,
    url,
)
from tests.permissions.roles import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_system, outsider, in_scope):
    return build_plan(other_system, outsider, title="Beta plan")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_every_role_reads_own_system_only(api, token_of, role, prefix, ours, theirs, system):
    check_reads_own_system_only(
        api, token_of(role), prefix, MODELS[prefix], ours[prefix], theirs[prefix], system
    )


@pytest.mark.parametrize("prefix", ENDPOINTS)
def test_the_other_system_sees_its_own_rows_only(api, token_of, prefix, ours, theirs):
    check_other_system_sees_own_rows_only(
        api, token_of("outsider"), prefix, ours[prefix], theirs[prefix]
    )


@pytest.mark.parametrize(
    ("prefix", "param", "key"),
    [
        ("plans", "system", None),
        ("gateways", "system", None),
        ("gateways", "plan", "plans"),
        ("workstreams", "plan", "plans"),
        ("milestones", "system", None),
        ("milestones", "workstream", "workstreams"),
        ("progress-updates", "milestone", "milestones"),
        ("progress-updates", "system", None),
    ],
)
def test_a_filter_cannot_name_another_systems_object(
    api, token_of, prefix, param, key, ours, theirs, other_system
):
    value = other_system.pk if key is None else theirs[key].pk
    response = api(url(prefix), token_of(Role.REGULATOR), **{param: value})
    assert response.status_code == 400
    assert param in response.json()


def test_an_organisation_in_both_systems_filters_to_own_rows_only(
    api, token_of, system, other_system, office, outsider, in_scope
):
    shared = factories.OrganisationFactory(name="Shared Ambulance Service")
    factories.PartnershipFactory(system=system, organisation=shared)
    factories.PartnershipFactory(system=other_system, organisation=shared)
    mine = build_plan(system, office, shared)
    build_plan(other_system, outsider, shared, title="Beta plan")
    token = token_of(Role.REGULATOR)
    rows = api(url("milestones"), token, responsible_organisation=shared.pk).json()["results"]
    assert [row["id"] for row in rows] == [mine["milestones"].pk]
    rows = api(url("workstreams"), token, lead_organisation=shared.pk).json()["results"]
    assert [row["id"] for row in rows] == [mine["workstreams"].pk]
    other_only = factories.OrganisationFactory(name="Beta Trust")
    factories.PartnershipFactory(system=other_system, organisation=other_only)
    response = api(url("milestones"), token, responsible_organisation=other_only.pk)
    assert response.status_code == 400
