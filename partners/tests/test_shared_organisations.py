"""An organisation that is a partner in several systems is theirs all: one system's programme
office changes its role there, never the shared record the other systems read."""

import pytest
from django.core.exceptions import ValidationError

from partners import services
from partners.models import Organisation, Partnership
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(organisation, other_system):
    factories.PartnershipFactory(system=other_system, organisation=organisation)
    return organisation


def form(organisation, **changes) -> dict:
    return {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "ods_code": organisation.ods_code,
        "kind": organisation.kind,
        "statutory": "on" if organisation.statutory else "",
        "role": "Provider",
        "scope_note": "",
        **changes,
    }


def test_one_systems_office_cannot_rename_a_shared_organisation(client, office, shared, in_scope):
    client.force_login(office)
    url = f"/s/alpha/partners/{shared.pk}/edit/"
    page = client.get(url)
    assert page.context["form"].fields["name"].disabled
    response = client.post(url, form(shared, name="Renamed", short_name="REN"))
    assert response.status_code == 302  # the role here is saved; the shared record is not
    shared.refresh_from_db()
    assert shared.name != "Renamed" and shared.short_name != "REN"
    assert shared.partnerships.get(system__slug="alpha").role == "Provider"


def test_the_service_refuses_it_whatever_the_form(office, shared, system):
    partnership = Partnership._base_manager.get(organisation=shared, system=system)
    with pytest.raises(ValidationError):
        services.partner_update(
            actor=office,
            partnership=partnership,
            **{**form(shared, name="Renamed"), "statutory": shared.statutory},
        )
    assert Organisation.objects.get(pk=shared.pk).name != "Renamed"


def test_an_organisation_of_one_system_is_its_offices_to_change(client, office, organisation):
    client.force_login(office)
    client.post(f"/s/alpha/partners/{organisation.pk}/edit/", form(organisation, name="Renamed"))
    organisation.refresh_from_db()
    assert organisation.name == "Renamed"


def test_a_platform_operator_changes_a_shared_organisation(client, shared):
    admin = factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    client.post(f"/s/alpha/partners/{shared.pk}/edit/", form(shared, name="Renamed"))
    shared.refresh_from_db()
    assert shared.name == "Renamed"
