"""Update services change only the fields they offer: never the system, never an unknown field,
and a refused call writes nothing (not even the allowed fields passed with it)."""

import pytest

from core.authz import system_id_of
from core.scoping import unscoped
from escalation import services as escalation_services
from governance import services as governance_services
from milestones import services as milestone_services
from partners import services as partner_services
from tests import factories

pytestmark = pytest.mark.django_db


def _committee(system):
    record = factories.CommitteeFactory(system=system, name="Partnership Board")
    return record, lambda **c: governance_services.committee_update(committee=record, **c)


def _agreement(system):
    record = factories.AgreementFactory(system=system, title="Memorandum of understanding")
    return record, lambda **c: governance_services.agreement_update(agreement=record, **c)


def _risk(system):
    record = factories.RiskFactory(system=system, title="Workforce gaps")
    return record, lambda **c: escalation_services.risk_update(risk=record, **c)


def _person(system):
    record = factories.PersonFactory(system=system, name="Sam Example")
    return record, lambda **c: partner_services.person_update(person=record, **c)


def _partnership(system):
    record = factories.PartnershipFactory(system=system, role="Partner")
    return record, lambda **c: partner_services.partnership_update(partnership=record, **c)


def _workstream(system):
    record = factories.WorkstreamFactory(plan__system=system, name="Urgent care")
    return record, lambda **c: milestone_services.workstream_update(workstream=record, **c)


# (make the record and its update, an allowed field, and a value for it)
UPDATES = {
    "committee_update": (_committee, "name", "Renamed board"),
    "agreement_update": (_agreement, "title", "Renamed agreement"),
    "risk_update": (_risk, "title", "Renamed risk"),
    "person_update": (_person, "name", "Renamed person"),
    "partnership_update": (_partnership, "role", "Renamed role"),
    "workstream_update": (_workstream, "name", "Renamed workstream"),
}


@pytest.mark.parametrize("service", UPDATES)
@pytest.mark.parametrize("refused", ["system", "colour"])
def test_an_update_refuses_a_field_it_does_not_offer_and_saves_nothing(
    service, refused, system, other_system, office
):
    make, allowed, value = UPDATES[service]
    record, update = make(system)
    before = getattr(record, allowed)
    with unscoped(), pytest.raises(TypeError, match=refused):
        update(actor=office, **{allowed: value, refused: other_system})
    record.refresh_from_db()
    assert getattr(record, allowed) == before
    assert system_id_of(record) == system.pk
    assert record.history.count() == 1  # only its creation


def test_an_organisation_update_refuses_an_unknown_field(office):
    organisation = factories.OrganisationFactory(name="Alpha Trust")
    with unscoped(), pytest.raises(TypeError, match="partnerships"):
        partner_services.organisation_update(
            actor=office, organisation=organisation, name="Beta Trust", partnerships=[]
        )
    organisation.refresh_from_db()
    assert organisation.name == "Alpha Trust"


@pytest.mark.parametrize("service", UPDATES)
def test_an_update_still_changes_the_fields_it_offers(service, system, office):
    make, allowed, value = UPDATES[service]
    record, update = make(system)
    with unscoped():
        update(actor=office, **{allowed: value})
    record.refresh_from_db()
    assert getattr(record, allowed) == value
