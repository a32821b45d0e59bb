"""Adding and changing a partner: who may, what is offered, and refused input next to its field."""

import pytest

from core.roles import Role
from core.scoping import scope
from partners.models import Access, Organisation, Partnership
from partners.tests.page_helpers import error_next_to, url

pytestmark = pytest.mark.django_db


def reload_organisation(organisation: Organisation) -> Organisation:
    return Organisation.objects.get(pk=organisation.pk)


def partnership_of(system, organisation) -> Partnership:
    with scope([system]):
        return Partnership.objects.get(system=system, organisation=organisation)


def new_partner(**overrides) -> dict:
    return {
        "name": "Norfolk Community Health and Care NHS Trust",
        "short_name": "NCHC",
        "ods_code": "rY3",
        "kind": "nhs_trust",
        "statutory": "on",
        "role": "Community provider",
        "scope_note": "",
        **overrides,
    }


def edited_partner(organisation, **overrides) -> dict:
    return {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "ods_code": organisation.ods_code,
        "kind": organisation.kind,
        "statutory": "on" if organisation.statutory else "",
        "role": "Acute provider",
        "scope_note": "Appendix 1 only",
        **overrides,
    }


# Adding a partner ------------------------------------------------------------------------------


def test_office_adds_a_new_organisation_as_a_partner(client, office, system):
    client.force_login(office)
    response = client.post(url(system, "organisation-create"), new_partner(), follow=True)
    organisation = Organisation.objects.get(ods_code="RY3")
    assert response.redirect_chain[-1][0] == url(system, "organisation-detail", pk=organisation.pk)
    assert "is now a partner." in response.content.decode()
    assert (organisation.short_name, organisation.kind, organisation.statutory) == (
        "NCHC",
        "nhs_trust",
        True,
    )
    partnership = partnership_of(system, organisation)
    assert partnership.role == "Community provider"
    assert organisation.history.get().history_user == office
    assert partnership.history.get().history_user == office
    assert "History of changes" in response.content.decode()


def test_office_adds_an_organisation_already_partner_in_another_of_their_systems(
    client, office, system, other_system, theirs
):
    their_organisation, _person = theirs
    Access.objects.create(user=office, system=other_system, role=Role.PROGRAMME_OFFICE)
    client.force_login(office)
    form = client.get(url(system, "organisation-create")).content.decode()
    assert their_organisation.name in form.split('id="id_organisation"')[1].split("</select>")[0]
    data = {"organisation": their_organisation.pk, "role": "Community provider", "kind": ""}
    response = client.post(url(system, "organisation-create"), data)
    assert response.status_code == 302
    partnership = partnership_of(system, their_organisation)
    assert partnership.history.get().history_user == office
    assert Organisation.objects.filter(name=their_organisation.name).count() == 1


def test_an_organisation_the_office_cannot_see_is_not_offered(
    client, office, system, organisation, theirs
):
    their_organisation, _person = theirs
    client.force_login(office)
    form = client.get(url(system, "organisation-create")).content.decode()
    assert their_organisation.name not in form
    # Nor is a partner of this system (it already is one).
    assert 'id="id_organisation"' not in form
    response = client.post(url(system, "organisation-create"), {"organisation": organisation.pk})
    assert response.status_code == 200
    with scope([system]):
        assert Partnership.objects.filter(organisation=organisation).count() == 1


@pytest.mark.parametrize("role", [Role.REGULATOR, Role.PARTNER_LEAD])
def test_regulator_and_lead_cannot_add_a_partner(client_for, role, system):
    client = client_for(role)
    response = client.post(url(system, "organisation-create"), new_partner())
    assert response.status_code == 403
    assert not Organisation.objects.filter(ods_code="RY3").exists()


@pytest.mark.parametrize(
    ("ods_code", "message"),
    [("RY-3", "Enter an ODS code"), ("RCX", "Another organisation already has this ODS code.")],
)
def test_a_malformed_or_taken_ods_code_is_shown_next_to_the_field(
    client, office, system, organisation, ods_code, message
):
    organisation.ods_code = "RCX"
    organisation.save()
    client.force_login(office)
    response = client.post(url(system, "organisation-create"), new_partner(ods_code=ods_code))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in error_next_to(page, "ods_code")
    assert "There is a problem" in page
    assert not Organisation.objects.filter(short_name="NCHC").exists()
    with scope([system]):
        assert Partnership.objects.count() == 1


def test_a_new_organisation_needs_its_name_short_name_and_kind(client, office, system):
    client.force_login(office)
    response = client.post(
        url(system, "organisation-create"), new_partner(name="", short_name="", kind="")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the organisation's name" in error_next_to(page, "name")
    assert "short name" in error_next_to(page, "short_name")
    assert "Choose the kind" in error_next_to(page, "kind")
    assert not Organisation.objects.filter(ods_code="RY3").exists()


# Changing a partner ----------------------------------------------------------------------------


def test_office_changes_an_organisation_and_its_role_here(client, office, system, organisation):
    client.force_login(office)
    data = edited_partner(organisation, ods_code="rgn", short_name="AHFT")
    response = client.post(url(system, "organisation-edit", pk=organisation.pk), data, follow=True)
    assert response.redirect_chain[-1][0] == url(system, "organisation-detail", pk=organisation.pk)
    page = response.content.decode()
    assert "updated." in page
    assert "Appendix 1 only" in page
    changed = reload_organisation(organisation)
    assert (changed.ods_code, changed.short_name) == ("RGN", "AHFT")
    assert changed.history.first().history_user == office
    partnership = partnership_of(system, organisation)
    assert (partnership.role, partnership.scope_note) == ("Acute provider", "Appendix 1 only")
    assert partnership.history.first().history_user == office
    # The detail page's history has both: the organisation's and its role's changes.
    history = page.split("History of changes")[1]
    assert "RGN" in history
    assert "Appendix 1 only" in history


def test_the_edit_form_shows_the_current_details(client, office, system, organisation):
    client.force_login(office)
    page = client.get(url(system, "organisation-edit", pk=organisation.pk)).content.decode()
    assert f'value="{organisation.name}"' in page
    assert 'name="statutory" class="nhsuk-checkboxes__input" id="id_statutory" checked' in page


@pytest.mark.parametrize("role", [Role.REGULATOR, Role.PARTNER_LEAD])
def test_regulator_and_lead_cannot_change_a_partner(client_for, role, system, organisation):
    client = client_for(role)
    response = client.post(
        url(system, "organisation-edit", pk=organisation.pk),
        edited_partner(organisation, name="Renamed"),
    )
    assert response.status_code == 403
    assert reload_organisation(organisation).name == organisation.name
    assert partnership_of(system, organisation).role == "Partner"


def test_a_taken_ods_code_on_edit_saves_nothing(client, office, system, organisation, partner):
    partner.ods_code = "RCX"
    partner.save()
    client.force_login(office)
    response = client.post(
        url(system, "organisation-edit", pk=organisation.pk),
        edited_partner(organisation, ods_code="RCX", name="Renamed"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "already has this ODS code" in error_next_to(page, "ods_code")
    assert 'value="Renamed"' in page  # what was typed is kept
    assert reload_organisation(organisation).name == organisation.name
    assert partnership_of(system, organisation).role == "Partner"
