"""Who may do what in the admin: roles are granted only within the systems one administers (the
regulator role only by superusers), no one ends their own access or a system's last programme
office's, and shared records change only by superusers. (That an inline row cannot bring in another
system's record is tested on a committee, in tests/test_admin_scoping.py.)"""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import authz
from core.roles import Role
from partners import services
from partners.models import Access, Organisation, System
from tests import factories

pytestmark = pytest.mark.django_db


def _staff(user):
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.fixture
def staff_office(office):
    return _staff(office)


@pytest.fixture
def operator(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


def _grant(client, **fields):
    data = {"user": "", "system": "", "role": "", "organisation": ""}
    data.update({k: getattr(v, "pk", v) for k, v in fields.items()})
    return client.post(reverse("admin:partners_access_add"), data)


def _errors(response) -> str:
    return str(response.context["adminform"].form.errors)


def test_an_office_grants_roles_in_its_own_system(client, staff_office, system, organisation):
    access = Access.objects.create(user=factories.UserFactory(), system=system, role=Role.CHAIR)
    client.force_login(staff_office)
    url = reverse("admin:partners_access_change", args=[access.pk])
    data = {"user": access.user_id, "system": system.pk, "role": Role.PARTNER_LEAD}
    response = client.post(url, {**data, "organisation": organisation.pk})
    assert response.status_code == 302, _errors(response)
    access.refresh_from_db()
    assert (access.role, access.organisation) == (Role.PARTNER_LEAD, organisation)


def test_an_office_cannot_grant_a_role_in_another_system(
    client, staff_office, system, other_system
):
    colleague = factories.UserFactory()
    Access.objects.create(user=colleague, system=system, role=Role.CHAIR)
    client.force_login(staff_office)
    response = _grant(client, user=colleague, system=other_system, role=Role.CHAIR)
    assert response.status_code == 200
    assert "system" in response.context["adminform"].form.errors
    assert not Access.objects.filter(user=colleague, system=other_system).exists()


def test_only_a_superuser_grants_the_regulator_role(client, staff_office, operator, system):
    with_access = Access.objects.create(
        user=factories.UserFactory(), system=system, role=Role.CHAIR
    )
    client.force_login(staff_office)
    page = client.get(reverse("admin:partners_access_add")).content.decode()
    assert 'value="regulator"' not in page
    url = reverse("admin:partners_access_change", args=[with_access.pk])
    data = {"user": with_access.user_id, "system": system.pk, "role": Role.REGULATOR}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors
    with_access.refresh_from_db()
    assert with_access.role == Role.CHAIR
    client.force_login(operator)
    assert client.post(url, data).status_code == 302
    with_access.refresh_from_db()
    assert with_access.role == Role.REGULATOR


def test_the_regulator_rule_is_authz(staff_office, operator, system):
    assert not authz.can_grant_role(staff_office, system, Role.REGULATOR)
    assert authz.can_grant_role(staff_office, system, Role.CHAIR)
    assert authz.can_grant_role(operator, system, Role.REGULATOR)


def test_a_regulators_access_is_changed_only_by_a_superuser(client, staff_office, system):
    regulator = Access.objects.create(
        user=factories.UserFactory(), system=system, role=Role.REGULATOR
    )
    client.force_login(staff_office)
    url = reverse("admin:partners_access_change", args=[regulator.pk])
    assert client.get(url).status_code == 200  # read only
    response = client.post(url, {"user": regulator.user_id, "system": system.pk, "role": "chair"})
    assert response.status_code == 403
    delete = reverse("admin:partners_access_delete", args=[regulator.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Access.objects.get(pk=regulator.pk).role == Role.REGULATOR


def test_no_one_ends_their_own_access(client, staff_office, system):
    Access.objects.create(
        user=_staff(factories.UserFactory()), system=system, role=Role.PROGRAMME_OFFICE
    )
    own = staff_office.accesses.get()
    client.force_login(staff_office)
    delete = reverse("admin:partners_access_delete", args=[own.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:partners_access_change", args=[own.pk])
    data = {"user": staff_office.pk, "system": system.pk, "role": Role.CHAIR}
    assert client.post(change, data).status_code == 403
    assert Access.objects.get(pk=own.pk).role == Role.PROGRAMME_OFFICE
    with pytest.raises(ValidationError, match="own access"):
        services.access_revoke(actor=staff_office, access=own)


def test_no_one_ends_the_last_programme_offices_access(client, staff_office, operator, system):
    last = staff_office.accesses.get()
    client.force_login(operator)
    delete = reverse("admin:partners_access_delete", args=[last.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:partners_access_change", args=[last.pk])
    response = client.post(change, {"user": staff_office.pk, "system": system.pk, "role": "chair"})
    assert response.status_code == 200
    assert "last programme office" in response.content.decode()
    with pytest.raises(ValidationError, match="last programme office"):
        services.access_revoke(actor=operator, access=last)
    with pytest.raises(ValidationError, match="last programme office"):
        services.access_grant(actor=operator, user=staff_office, system=system, role=Role.CHAIR)
    assert Access.objects.get(pk=last.pk).role == Role.PROGRAMME_OFFICE
    # With a second programme office, the first may go.
    services.access_grant(
        actor=operator, user=factories.UserFactory(), system=system, role=Role.PROGRAMME_OFFICE
    )
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Access.objects.filter(pk=last.pk).exists()


def test_the_access_list_shows_only_the_offices_systems(client, staff_office, other_system):
    theirs = Access.objects.create(
        user=factories.UserFactory(username="stranger"), system=other_system, role=Role.CHAIR
    )
    client.force_login(staff_office)
    page = client.get(reverse("admin:partners_access_changelist")).content.decode()
    assert "alice" in page
    assert reverse("admin:partners_access_change", args=[theirs.pk]) not in page
    assert "stranger" not in page


def test_shared_organisations_change_only_by_superusers(
    client, staff_office, operator, organisation
):
    url = reverse("admin:partners_organisation_change", args=[organisation.pk])
    data = {
        "name": "Renamed",
        "short_name": "R",
        "ods_code": "",
        "kind": "nhs_trust",
        "statutory": "on",
    }
    client.force_login(staff_office)
    assert client.get(url).status_code == 200  # it may read it
    assert client.post(url, data).status_code == 403
    assert client.get(reverse("admin:partners_organisation_add")).status_code == 403
    assert Organisation.objects.get(pk=organisation.pk).name != "Renamed"
    client.force_login(operator)
    assert client.post(url, data).status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).name == "Renamed"


def test_systems_change_only_by_superusers(client, staff_office, system):
    client.force_login(staff_office)
    url = reverse("admin:partners_system_change", args=[system.pk])
    data = {
        "slug": "moved",
        "name": "Moved",
        "short_name": "M",
        "region": "london",
        "stage": "stp",
        "active": "on",
        "partnerships-TOTAL_FORMS": 0,
        "partnerships-INITIAL_FORMS": 0,
    }
    assert client.post(url, data).status_code == 403
    assert System.objects.get(pk=system.pk).slug == "alpha"


def test_who_may_change_an_access(staff_office, operator, system, other_system):
    chair = Access.objects.create(user=factories.UserFactory(), system=system, role=Role.CHAIR)
    regulator = Access.objects.create(
        user=factories.UserFactory(), system=system, role=Role.REGULATOR
    )
    elsewhere = Access.objects.create(
        user=factories.UserFactory(), system=other_system, role=Role.CHAIR
    )
    own = staff_office.accesses.get()
    assert authz.administered_system_ids(staff_office) == {system.pk}
    assert authz.can_change_access(staff_office, chair)
    assert not authz.can_change_access(staff_office, regulator)
    assert not authz.can_change_access(staff_office, elsewhere)
    assert not authz.can_change_access(staff_office, own)
    assert authz.can_change_access(operator, regulator)
    assert authz.can_change_access(operator, own)
