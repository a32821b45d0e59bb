"""The role questions pages ask of core.authz, answered for each standing user: one per role in
the system, a platform operator, and another system's programme office (who is refused in this
system as if they held no role at all). Milestones and cases are read by attribute, so plain
objects stand in for them."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from core import authz
from core.roles import Role

pytestmark = pytest.mark.django_db

USERS = ["office", "lead", "chair", "regulator", "outsider", "operator"]


@pytest.fixture
def operator(db):
    return get_user_model().objects.create_superuser(username="olive", password="password")


@pytest.fixture
def users(request):
    return {name: request.getfixturevalue(name) for name in USERS}


def _answers(users, ask) -> dict[str, bool]:
    return {name: ask(user) for name, user in users.items()}


def test_who_records_progress_at_all(users, system):
    assert _answers(users, lambda u: authz.can_record_progress(u, system)) == {
        "office": True,
        "lead": True,
        "chair": False,
        "regulator": False,
        "outsider": False,
        "operator": True,
    }


def test_who_records_progress_on_a_milestone_of_the_leads_organisation(users, system, organisation):
    milestone = SimpleNamespace(responsible_organisation_id=organisation.pk)
    assert _answers(users, lambda u: authz.can_record_progress_on(u, system, milestone)) == {
        "office": True,
        "lead": True,
        "chair": False,
        "regulator": False,
        "outsider": False,
        "operator": True,
    }


def test_a_partner_lead_records_no_progress_on_another_organisations_or_no_ones_milestone(
    lead, office, system, partner
):
    for milestone in (
        SimpleNamespace(responsible_organisation_id=partner.pk),
        SimpleNamespace(responsible_organisation_id=None),
    ):
        assert not authz.can_record_progress_on(lead, system, milestone)
        assert authz.can_record_progress_on(office, system, milestone)


def test_only_a_partner_lead_reports_progress_on_one_organisation_only(users, system, organisation):
    assert _answers(users, lambda u: authz.progress_organisation_id(u, system)) == {
        "office": None,
        "lead": organisation.pk,
        "chair": None,
        "regulator": None,
        "outsider": None,
        "operator": None,
    }


def test_who_responds_to_a_case_raised_with_the_leads_organisation(users, system, organisation):
    case = SimpleNamespace(organisation_id=organisation.pk)
    assert _answers(users, lambda u: authz.can_respond_to_case(u, system, case)) == {
        "office": True,
        "lead": True,
        "chair": False,
        "regulator": False,
        "outsider": False,
        "operator": True,
    }


def test_a_partner_lead_responds_to_no_case_of_another_organisation_or_of_none(
    lead, office, system, partner
):
    for case in (
        SimpleNamespace(organisation_id=partner.pk),
        SimpleNamespace(organisation_id=None),
    ):
        assert not authz.can_respond_to_case(lead, system, case)
        assert authz.can_respond_to_case(office, system, case)


def test_who_raises_resolves_steps_up_and_closes_cases(users, system):
    case = SimpleNamespace(organisation_id=None)
    assert _answers(users, lambda u: authz.can_manage_case(u, system, case)) == {
        "office": True,
        "lead": False,
        "chair": False,
        "regulator": False,
        "outsider": False,
        "operator": True,
    }


def test_who_flags_a_case_for_the_chairs_report(users, system):
    case = SimpleNamespace(organisation_id=None)
    assert _answers(users, lambda u: authz.can_flag_case(u, system, case)) == {
        "office": True,
        "lead": False,
        "chair": True,
        "regulator": False,
        "outsider": False,
        "operator": True,
    }


def test_another_systems_office_is_answered_for_its_own_system(outsider, other_system):
    case = SimpleNamespace(organisation_id=None)
    assert authz.can_record_progress(outsider, other_system)
    assert authz.can_manage_case(outsider, other_system, case)
    assert authz.can_respond_to_case(outsider, other_system, case)


def test_only_platform_operators_grant_the_regulator_role(users):
    every = set(Role.values)
    assert _answers(users, lambda u: set(authz.grantable_roles(u))) == {
        "office": every - {Role.REGULATOR},
        "lead": every - {Role.REGULATOR},
        "chair": every - {Role.REGULATOR},
        "regulator": every - {Role.REGULATOR},
        "outsider": every - {Role.REGULATOR},
        "operator": every,
    }


def test_an_inactive_account_is_answered_as_no_one(office, system):
    office.is_active = False
    milestone = SimpleNamespace(responsible_organisation_id=None)
    assert not authz.can_record_progress(office, system)
    assert not authz.can_record_progress_on(office, system, milestone)


def test_role_holders_are_of_that_role_in_that_system_only(users, system, other_system):
    def holders(of, role):
        return {row["user_id"] for row in authz.role_holder_ids(of, role)}

    assert holders(system, Role.REGULATOR) == {users["regulator"].pk}
    assert holders(system, Role.PROGRAMME_OFFICE) == {users["office"].pk}
    assert holders(other_system, Role.PROGRAMME_OFFICE) == {users["outsider"].pk}
    assert holders(other_system, Role.CHAIR) == set()
