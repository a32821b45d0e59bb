"""The dashboard's agreements: "awaiting signatures" asks no removed party to sign (a party
recorded in error, or that never signed, is removed: kept, labelled, awaited no more), and an
agreement terminated or superseded expires no more."""

from datetime import date, timedelta

import pytest

from core.scoping import scope
from governance import services
from reports import dashboard
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_agreement_whose_unsigned_party_was_removed_awaits_nothing(
    office, system, organisation, partner
):
    with scope([system]):
        removed = factories.AgreementFactory(system=system, title="PAG MoU", status="draft")
        party = services.party_add(actor=office, agreement=removed, organisation=organisation)
        services.party_withdraw(actor=office, party=party, reason="Never will sign")
        waiting = factories.AgreementFactory(system=system, title="Estates MoU", status="draft")
        services.party_add(actor=office, agreement=waiting, organisation=partner)
        data = dashboard.build(office, system, date.today())
    assert [a.pk for a in data.agreements_unsigned] == [waiting.pk]


def test_a_terminated_agreement_is_not_counted_as_expiring(office, system):
    soon = date.today() + timedelta(days=30)
    with scope([system]):
        expiring = factories.AgreementFactory(
            system=system, title="Estates MoU", status="in_effect", expires_on=soon
        )
        ended = factories.AgreementFactory(
            system=system, title="Ended MoU", status="in_effect", expires_on=soon
        )
        services.agreement_terminate(
            actor=office,
            agreement=ended,
            terminated_on=date.today() - timedelta(days=1),
            reason="Replaced by the ICS constitution",
        )
        data = dashboard.build(office, system, date.today())
    assert [a.pk for a in data.agreements_expiring] == [expiring.pk]
