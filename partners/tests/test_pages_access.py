"""Partner pages: what each role sees, and only the programme office is offered changes."""

import pytest

from core.roles import Role
from partners.tests.page_helpers import url
from tests.permissions.roles import ROLES, all_but

pytestmark = pytest.mark.django_db

REFUSED = all_but(Role.PROGRAMME_OFFICE)


# Who sees what ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_partner_pages(client_for, role, system, organisation, person):
    client = client_for(role)
    pages = {
        url(system, "organisation-list"): organisation.name,
        url(system, "organisation-detail", pk=organisation.pk): "Jane Smith",
        url(system, "person-list"): "Jane Smith",
    }
    for page, shown in pages.items():
        response = client.get(page)
        assert response.status_code == 200, page
        assert shown in response.content.decode(), page


@pytest.mark.parametrize("role", REFUSED)
def test_only_the_programme_office_is_offered_changes(
    client_for, role, system, organisation, person
):
    client = client_for(role)
    for page in (
        url(system, "organisation-list"),
        url(system, "organisation-detail", pk=organisation.pk),
        url(system, "person-list"),
    ):
        body = client.get(page).content.decode().split("</header>")[1]
        assert 'method="post"' not in body, page
        for form in ("organisation-create", "person-create"):
            assert url(system, form) not in body, page
        assert url(system, "organisation-edit", pk=organisation.pk) not in body, page
        assert url(system, "person-edit", pk=person.pk) not in body, page
    for form in (
        url(system, "organisation-create"),
        url(system, "organisation-edit", pk=organisation.pk),
        url(system, "person-create"),
        url(system, "person-edit", pk=person.pk),
    ):
        assert client.get(form).status_code == 403, form


def test_programme_office_is_offered_every_change(client, office, system, organisation, person):
    client.force_login(office)
    partners_page = client.get(url(system, "organisation-list")).content.decode()
    assert url(system, "organisation-create") in partners_page
    detail = client.get(url(system, "organisation-detail", pk=organisation.pk)).content.decode()
    assert url(system, "organisation-edit", pk=organisation.pk) in detail
    assert url(system, "person-edit", pk=person.pk) in detail
    people = client.get(url(system, "person-list")).content.decode()
    assert url(system, "person-create") in people
    assert url(system, "person-edit", pk=person.pk) in people
