import pytest
from django.core.exceptions import ValidationError

from core.roles import Role
from partners import services
from partners.models import Access, Organisation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["RCX", "07J", "X24", "RCX01", "A81001", " rm1 "])
def test_ods_codes_in_the_published_formats_are_accepted(office, code):
    organisation = services.organisation_create(
        actor=office, name=f"Body {code}", short_name="B", kind="nhs_trust", ods_code=code
    )
    assert organisation.ods_code == code.strip().upper()


@pytest.mark.parametrize("code", ["R", "RC", "RCX0", "RCX-1", "ABCDEFG", "R C"])
def test_malformed_ods_codes_are_refused_with_a_message(office, code):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=office, name="Body", short_name="B", kind="nhs_trust", ods_code=code
        )
    assert "Enter an ODS code" in error.value.message_dict["ods_code"][0]


def test_an_ods_code_belongs_to_one_organisation(office):
    services.organisation_create(
        actor=office, name="First", short_name="F", kind="nhs_trust", ods_code="RCX"
    )
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=office, name="Second", short_name="S", kind="nhs_trust", ods_code="RCX"
        )
    assert "already has this ODS code" in str(error.value)


def test_organisations_without_ods_codes_can_coexist(office):
    created = [
        services.organisation_create(actor=office, name=name, short_name=name, kind="other")
        for name in ("Healthwatch Norfolk", "Norfolk County Council")
    ]
    assert [organisation.ods_code for organisation in created] == ["", ""]
    assert Organisation.objects.filter(pk__in=[o.pk for o in created]).count() == 2


def test_a_person_needs_a_name_or_a_post(office, system, in_scope):
    with pytest.raises(ValidationError):
        services.person_create(actor=office, system=system)


def test_partner_lead_must_lead_a_partner_of_the_system(office, system, organisation, in_scope):
    user = factories.UserFactory()
    stranger = factories.OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        services.access_grant(
            actor=office, user=user, system=system, role=Role.PARTNER_LEAD, organisation=stranger
        )
    assert "not a partner" in str(error.value)
    access = services.access_grant(
        actor=office, user=user, system=system, role=Role.PARTNER_LEAD, organisation=organisation
    )
    assert access.history.first().history_user == office


def test_partner_lead_without_an_organisation_is_refused(office, system, in_scope):
    with pytest.raises(ValidationError):
        services.access_grant(
            actor=office, user=factories.UserFactory(), system=system, role=Role.PARTNER_LEAD
        )


def test_granting_again_changes_the_role(office, system, in_scope):
    user = factories.UserFactory()
    services.access_grant(actor=office, user=user, system=system, role=Role.REGULATOR)
    services.access_grant(actor=office, user=user, system=system, role=Role.CHAIR)
    assert Access.objects.get(user=user, system=system).role == Role.CHAIR
