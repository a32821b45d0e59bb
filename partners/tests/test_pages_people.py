"""Adding and changing people: who may, and refused input next to its field."""

import pytest

from core.roles import Role
from core.scoping import scope
from partners.models import Person
from partners.tests.page_helpers import error_next_to, url

pytestmark = pytest.mark.django_db


# People ----------------------------------------------------------------------------------------


def test_office_adds_a_person(client, office, system, organisation):
    client.force_login(office)
    data = {"name": "Sam Patel", "title": "Director of Finance", "organisation": organisation.pk}
    response = client.post(url(system, "person-create"), data, follow=True)
    assert response.redirect_chain[-1][0] == url(system, "person-list")
    assert "Sam Patel" in response.content.decode()
    with scope([system]):
        person = Person.objects.get(name="Sam Patel")
    assert person.history.get().history_user == office


def test_office_changes_a_person(client, office, system, person, partner):
    client.force_login(office)
    data = {
        "name": "Jane Smith",
        "title": "Chief Operating Officer",
        "organisation": partner.pk,
        "email": "jane.smith@nhs.net",
    }
    response = client.post(url(system, "person-edit", pk=person.pk), data, follow=True)
    assert response.redirect_chain[-1][0] == url(system, "person-list")
    assert "Jane Smith" in response.content.decode()
    with scope([system]):
        changed = Person.objects.get(pk=person.pk)
    assert (changed.title, changed.organisation, changed.email) == (
        "Chief Operating Officer",
        partner,
        "jane.smith@nhs.net",
    )
    assert changed.history.first().history_user == office
    page = client.get(url(system, "person-edit", pk=person.pk)).content.decode()
    assert "Chief Operating Officer" in page.split("History of changes")[1]


@pytest.mark.parametrize("role", [Role.REGULATOR, Role.PARTNER_LEAD])
def test_regulator_and_lead_cannot_add_or_change_people(client_for, role, system, person):
    client = client_for(role)
    assert client.post(url(system, "person-create"), {"name": "Someone"}).status_code == 403
    response = client.post(url(system, "person-edit", pk=person.pk), {"name": "Renamed"})
    assert response.status_code == 403
    with scope([system]):
        assert list(Person.objects.values_list("name", flat=True)) == ["Jane Smith"]


def test_bad_person_details_are_shown_next_to_the_fields(client, office, system, person):
    client.force_login(office)
    data = {"name": "", "title": "", "email": "not an address"}
    response = client.post(url(system, "person-edit", pk=person.pk), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the person's name" in error_next_to(page, "name")
    assert "email address" in error_next_to(page, "email")
    with scope([system]):
        assert Person.objects.get(pk=person.pk).name == "Jane Smith"


def test_an_organisation_outside_the_system_is_not_a_choice_for_a_person(
    client, office, system, person, theirs
):
    their_organisation, _person = theirs
    client.force_login(office)
    data = {"name": "Jane Smith", "organisation": their_organisation.pk}
    response = client.post(url(system, "person-edit", pk=person.pk), data)
    assert response.status_code == 200
    assert "Choose one of the options offered" in error_next_to(
        response.content.decode(), "organisation"
    )
