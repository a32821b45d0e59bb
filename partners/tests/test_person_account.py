"""A person's entry in the people register is linked to the account that signs in: by the
programme office on the person's page, or on taking up an invitation sent to the entry's
address. The link is what lets a committee member see its confidential business."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import Role
from core.scoping import scope
from partners import services
from partners.models import Access, Person
from tests import factories

pytestmark = pytest.mark.django_db


def _invite_and_accept(office, system, email, user):
    with scope([system]):
        invitation = services.invitation_create(
            actor=office, system=system, email=email, role=Role.CHAIR
        )
    return services.invitation_accept(invitation=invitation, user=user)


def test_taking_up_an_invitation_links_the_one_entry_with_that_address(office, system):
    with scope([system]):
        person = factories.PersonFactory(system=system, email="Sam.Example@nhs.net")
        factories.PersonFactory(system=system, email="other@nhs.net")
    sam = factories.UserFactory(username="sam", email="sam.example@nhs.net")
    _invite_and_accept(office, system, sam.email, sam)
    person.refresh_from_db()
    assert person.user == sam
    record = person.history.first()
    assert record.history_user == sam
    assert record.history_change_reason == "Linked on accepting an invitation"


def test_two_entries_with_the_address_are_left_for_the_office(office, system):
    with scope([system]):
        factories.PersonFactory(system=system, email="sam@nhs.net")
        factories.PersonFactory(system=system, email="sam@nhs.net", title="Deputy")
    sam = factories.UserFactory(username="sam", email="sam@nhs.net")
    _invite_and_accept(office, system, sam.email, sam)
    assert not Person._base_manager.filter(user=sam).exists()


def test_an_entry_in_another_system_is_never_linked(office, system, other_system):
    with scope([other_system]):
        elsewhere = factories.PersonFactory(system=other_system, email="sam@nhs.net")
    sam = factories.UserFactory(username="sam", email="sam@nhs.net")
    _invite_and_accept(office, system, sam.email, sam)
    elsewhere.refresh_from_db()
    assert elsewhere.user is None


def test_the_office_links_an_account_with_access_on_the_persons_page(client, office, chair, system):
    with scope([system]):
        person = factories.PersonFactory(system=system, name="Carol Chair")
    client.force_login(office)
    url = reverse("partners:person-edit", args=[system.slug, person.pk])
    page = client.get(url)
    assert f'<option value="{chair.pk}">' in page.content.decode()
    response = client.post(url, {"name": "Carol Chair", "title": "Director", "user": chair.pk})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == chair


def test_an_account_without_access_here_is_refused(client, office, outsider, system):
    with scope([system]):
        person = factories.PersonFactory(system=system, name="Carol Chair")
    client.force_login(office)
    url = reverse("partners:person-edit", args=[system.slug, person.pk])
    assert f'value="{outsider.pk}"' not in client.get(url).content.decode()
    response = client.post(url, {"name": "Carol Chair", "user": outsider.pk})
    assert response.status_code == 200
    assert "Choose one of the options offered" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None
    # The service refuses it too, whatever the form offered.
    with pytest.raises(ValidationError, match="access to this system"), scope([system]):
        services.person_update(actor=office, person=person, user=outsider)


def test_an_ended_access_is_no_account_to_link(office, chair, system):
    Access.objects.filter(user=chair).update(ends_on="2000-01-01")
    with scope([system]):
        person = factories.PersonFactory(system=system)
        with pytest.raises(ValidationError, match="access to this system"):
            services.person_update(actor=office, person=person, user=chair)


def test_one_account_one_entry_per_system(office, chair, system):
    with scope([system]):
        first = factories.PersonFactory(system=system, user=chair)
        second = factories.PersonFactory(system=system)
        with pytest.raises(ValidationError, match="already linked"):
            services.person_update(actor=office, person=second, user=chair)
        # Saving the first again with its own account is no conflict.
        services.person_update(actor=office, person=first, user=chair, title="Chair")
