"""Partner pages for every role: what each sees, who may add and change partners and people, and
what the lists cost."""

import html

import pytest
from django.urls import reverse

from core.roles import Role
from core.scoping import scope
from partners import services
from partners.models import Access, Organisation, Partnership, Person
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["office", "lead", "chair", "regulator"]
REFUSED = ["regulator", "lead", "chair"]


def url(system, name: str, **kwargs) -> str:
    return reverse(f"partners:{name}", kwargs={"slug": system.slug, **kwargs})


def error_next_to(page: str, field: str) -> str:
    """The error message shown next to ``field`` (it fails the test if there is none)."""
    marker = f'id="id_{field}-error"'
    assert marker in page, f"no error next to {field}"
    return html.unescape(page.split(marker)[1].split("</span>", 2)[1])


@pytest.fixture
def person(system, organisation):
    return factories.PersonFactory(
        system=system, name="Jane Smith", title="Chief Executive", organisation=organisation
    )


@pytest.fixture
def theirs(other_system):
    """An organisation and a person in the other system only."""
    organisation = factories.OrganisationFactory(name="Beta Community Trust", ods_code="RY9")
    factories.PartnershipFactory(system=other_system, organisation=organisation)
    person = factories.PersonFactory(system=other_system, name="Beta Person")
    return organisation, person


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


# Who sees what ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_partner_pages(request, client, role, system, organisation, person):
    client.force_login(request.getfixturevalue(role))
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
    request, client, role, system, organisation, person
):
    client.force_login(request.getfixturevalue(role))
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


@pytest.mark.parametrize("role", ["regulator", "lead"])
def test_regulator_and_lead_cannot_add_a_partner(request, client, role, system):
    client.force_login(request.getfixturevalue(role))
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


@pytest.mark.parametrize("role", ["regulator", "lead"])
def test_regulator_and_lead_cannot_change_a_partner(request, client, role, system, organisation):
    client.force_login(request.getfixturevalue(role))
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


@pytest.mark.parametrize("role", ["regulator", "lead"])
def test_regulator_and_lead_cannot_add_or_change_people(request, client, role, system, person):
    client.force_login(request.getfixturevalue(role))
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
    assert "Select a valid choice" in error_next_to(response.content.decode(), "organisation")


# Query counts -----------------------------------------------------------------------------------


def make_partners(office, system, count: int) -> None:
    """``count`` partner organisations, each with a person."""
    with scope([system]):
        for n in range(count):
            partnership = services.partner_add(
                actor=office,
                system=system,
                name=f"Partner {n:02}",
                short_name=f"P{n}",
                kind="nhs_trust" if n % 2 else "local_authority",
                role="Partner",
            )
            services.person_create(
                actor=office,
                system=system,
                name=f"Person {n:02}",
                organisation=partnership.organisation,
            )


# Every page costs: the session, the user, the user's accesses (core.authz, once per request),
# the system from the URL, the header's list of the user's systems, and saving the session (which
# remembers the system): savepoint, update, release.
REQUEST = 8


@pytest.mark.parametrize("count", [2, 20])
def test_organisation_list_queries_are_constant(
    client, office, system, count, django_assert_num_queries
):
    make_partners(office, system, count)
    client.force_login(office)
    # REQUEST, then: the partnerships' count for the paginator (1); the page of partnerships with
    # their organisations joined (1); the kinds present, for the filter (1).
    with django_assert_num_queries(REQUEST + 3):
        response = client.get(url(system, "organisation-list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [2, 20])
def test_person_list_queries_are_constant(client, office, system, count, django_assert_num_queries):
    make_partners(office, system, count)
    client.force_login(office)
    # REQUEST, then: the people's count for the paginator (1); the page of people with their
    # organisations joined (1).
    with django_assert_num_queries(REQUEST + 2):
        response = client.get(url(system, "person-list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == count
