"""The dashboard's agreements: "awaiting signatures" asks no removed party to sign (a party
recorded in error, or that never signed, is removed: kept, labelled, awaited no more), and an
agreement terminated or superseded expires no more."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

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


def test_an_unsigned_agreement_past_its_expiry_is_counted_as_the_register_lists_it(
    client, office, system, organisation
):
    """Cambridgeshire and Peterborough's draft MoU (seed 004) expired unsigned: the chair's
    report lists its signatures as outstanding, and so do the register and the dashboard's
    count that links to it."""
    with scope([system]):
        expired = factories.AgreementFactory(
            system=system, title="Draft MoU", status="draft", expires_on=date(2021, 3, 31)
        )
        services.party_add(actor=office, agreement=expired, organisation=organisation)
        data = dashboard.build(office, system, date.today())
    assert [a.pk for a in data.agreements_unsigned] == [expired.pk]
    client.force_login(office)
    url = reverse("governance:agreement-list", args=[system.slug])
    listed = client.get(url, {"attention": "unsigned"}).context["page"].object_list
    assert [a.pk for a in listed] == [expired.pk]
