"""The authorisation module's predicates and scoped querysets, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from core import authz
from core.roles import Role
from governance.models import Committee
from partners.models import Organisation, System
from tests import factories
from tests.permissions.roles import OUTSIDER, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def committees(system, other_system):
    return (
        factories.CommitteeFactory(system=system, name="Ours"),
        factories.CommitteeFactory(system=other_system, name="Theirs"),
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_its_own_system_only(user_for, role, system, committees):
    user = user_for(role)
    assert list(authz.visible_systems(user)) == [system]
    assert [c.name for c in authz.scoped(user, Committee)] == ["Ours"]


def test_outsider_sees_only_the_other_system(outsider, other_system, committees):
    assert list(authz.visible_systems(outsider)) == [other_system]
    assert [c.name for c in authz.scoped(outsider, Committee)] == ["Theirs"]


def test_another_systems_object_is_not_found(office, committees):
    _, theirs = committees
    with pytest.raises(Http404):
        authz.get_visible_or_404(office, Committee, pk=theirs.pk)


def test_anonymous_user_sees_nothing(committees):
    anonymous = AnonymousUser()
    assert list(authz.visible_systems(anonymous)) == []
    assert list(authz.scoped(anonymous, Committee)) == []


def test_inactive_user_sees_nothing(office, committees):
    office.is_active = False
    office.save()
    office.__dict__.pop("_tracker_accesses", None)
    assert list(authz.scoped(office, Committee)) == []


def test_superuser_sees_every_system(committees, system, other_system):
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    assert set(authz.visible_systems(admin)) == {system, other_system}


@pytest.mark.parametrize(
    ("role", "administer", "commentary"),
    [
        (Role.PROGRAMME_OFFICE, True, True),
        (Role.PARTNER_LEAD, False, False),
        (Role.CHAIR, False, True),
        (Role.REGULATOR, False, False),
        (OUTSIDER, False, False),
    ],
)
def test_who_may_change_what(user_for, system, role, administer, commentary):
    user = user_for(role)
    assert authz.can_administer(user, system) is administer
    assert authz.can_write_commentary(user, system) is commentary


def test_partner_lead_edits_only_their_own_organisations_items(lead, system, organisation, partner):
    assert authz.can_edit_for_organisation(lead, system, organisation)
    assert not authz.can_edit_for_organisation(lead, system, partner)


def test_programme_office_edits_every_organisations_items(office, system, organisation, partner):
    assert authz.can_edit_for_organisation(office, system, partner)


def test_regulator_changes_nothing(regulator, system, committees):
    ours, _ = committees
    assert not authz.can_change(regulator, ours)
    assert not authz.can_edit_for_organisation(regulator, system, factories.OrganisationFactory())


def test_roles_are_reported(office, lead, system):
    assert authz.role_in(office, system) == Role.PROGRAMME_OFFICE
    assert authz.role_label(lead, system) == "Partner lead"
    assert authz.role_in(office, factories.SystemFactory()) is None


def test_organisations_are_visible_where_they_are_partners(office, organisation, other_system):
    elsewhere = factories.OrganisationFactory()
    factories.PartnershipFactory(system=other_system, organisation=elsewhere)
    assert list(authz.scoped(office, Organisation)) == [organisation]


def test_system_queryset_is_the_visible_systems(office, system, other_system):
    assert list(authz.scoped(office, System)) == [system]
