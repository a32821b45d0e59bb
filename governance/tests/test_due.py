"""What governance asks of people: signatures, agreement reviews and expiry, terms of reference
to review, withdrawal notice ending (core.due kinds in governance/due.py)."""

from datetime import date

import pytest

from core import due
from core.roles import Role
from tests import factories
from tests.record_factories import AccessFactory

pytestmark = pytest.mark.django_db

AS_AT = date(2019, 7, 10)


def _found(kind, system=None):
    ids = None if system is None else [system.pk]
    return due.due_as_at(AS_AT, system_ids=ids, only=[kind])


def test_signatures_outstanding_on_agreements_out_for_signature(system, office):
    wanted = factories.AgreementFactory(
        system=system, status="out_for_signature", effective_on=date(2019, 7, 20)
    )
    factories.PartyFactory(agreement=wanted)
    undated = factories.AgreementFactory(system=system, status="out_for_signature")
    factories.PartyFactory(agreement=undated)
    draft = factories.AgreementFactory(system=system, status="draft")
    factories.PartyFactory(agreement=draft)  # a draft is not out for signature yet
    signed = factories.AgreementFactory(system=system, status="in_effect")
    factories.PartyFactory(
        agreement=signed,
        signed_on=date(2019, 6, 1),
        signatory=factories.PersonFactory(system=system),
    )

    found = _found("signature", system)

    assert [(item.key, item.due_on) for item in found] == [
        (f"governance.agreement:{undated.pk}", AS_AT),  # no date given: wanted now
        (f"governance.agreement:{wanted.pk}", date(2019, 7, 20)),
    ]
    assert all(item.user_ids == {office.pk} for item in found)
    assert found[0].url == f"/s/{system.slug}/agreements/{undated.pk}/"


def test_agreement_review_and_expiry_reach_the_office(system, office):
    review = factories.AgreementFactory(system=system, review_on=date(2019, 7, 1))
    expiring = factories.AgreementFactory(system=system, expires_on=date(2019, 7, 24))
    lapsed = factories.AgreementFactory(system=system, expires_on=date(2019, 3, 31))
    factories.AgreementFactory(system=system, expires_on=date(2019, 7, 25))  # beyond 14 days
    factories.AgreementFactory(  # recorded as expired: the office has dealt with it
        system=system, status="expired", expires_on=date(2019, 3, 31)
    )
    factories.AgreementFactory(system=system, status="superseded", review_on=date(2019, 7, 1))

    found = _found("agreement_review", system)

    assert [(item.key, item.due_on, item.state(AS_AT)) for item in found] == [
        (f"governance.agreement:{lapsed.pk}", date(2019, 3, 31), due.State.OVERDUE),
        (f"governance.agreement:{review.pk}", date(2019, 7, 1), due.State.OVERDUE),
        (f"governance.agreement:{expiring.pk}", date(2019, 7, 24), due.State.SOON),
    ]
    assert found[1].title.startswith("Review due: ")
    assert found[2].title.startswith("Expires: ")
    assert all(item.user_ids == {office.pk} for item in found)


def test_only_the_terms_in_force_are_reviewed(system, office):
    committee = factories.CommitteeFactory(system=system)
    factories.TermsOfReferenceFactory(
        committee=committee,
        version="1",
        effective_from=date(2016, 4, 1),
        review_on=date(2017, 3, 1),
    )
    in_force = factories.TermsOfReferenceFactory(
        committee=committee,
        version="2",
        effective_from=date(2017, 4, 1),
        review_on=date(2019, 7, 1),
    )
    factories.TermsOfReferenceFactory(  # not yet in force as at the date
        committee=committee,
        version="3",
        effective_from=date(2019, 9, 1),
        review_on=date(2019, 9, 1),
    )
    stood_down = factories.CommitteeFactory(system=system, stage="stood_down")
    factories.TermsOfReferenceFactory(committee=stood_down, review_on=date(2018, 1, 1))

    found = _found("terms_review", system)

    assert [(item.key, item.state(AS_AT)) for item in found] == [
        (f"governance.termsofreference:{in_force.pk}", due.State.OVERDUE)
    ]
    assert found[0].url == f"/s/{system.slug}/committees/{committee.pk}/"
    assert found[0].user_ids == {office.pk}


def test_a_withdrawal_notice_is_due_when_its_period_runs_out(system, office):
    agreement = factories.AgreementFactory(system=system, withdrawal_notice_days=30)
    ending = factories.PartyFactory(
        agreement=agreement, withdrawal_notice_given_on=date(2019, 6, 20)
    )  # 30 days: ends 20 July
    factories.PartyFactory(  # ended 30 June: no longer a party, nothing to do
        agreement=agreement, withdrawal_notice_given_on=date(2019, 5, 31)
    )
    factories.PartyFactory(  # ends 9 August: not yet
        agreement=agreement, withdrawal_notice_given_on=date(2019, 7, 10)
    )

    found = _found("withdrawal_notice", system)

    assert [(item.key, item.due_on) for item in found] == [
        (f"governance.party:{ending.pk}", date(2019, 7, 20))
    ]
    assert found[0].user_ids == {office.pk}


@pytest.mark.parametrize(
    "kind", ["signature", "agreement_review", "terms_review", "withdrawal_notice"]
)
def test_each_kind_costs_two_queries_however_many_rows(
    system, office, kind, django_assert_num_queries
):
    for _ in range(3):
        agreement = factories.AgreementFactory(
            system=system,
            status="out_for_signature",
            review_on=date(2019, 7, 1),
            withdrawal_notice_days=30,
        )
        factories.PartyFactory(agreement=agreement)
        factories.PartyFactory(agreement=agreement, withdrawal_notice_given_on=date(2019, 6, 20))
        committee = factories.CommitteeFactory(system=system)
        factories.TermsOfReferenceFactory(committee=committee, review_on=date(2019, 7, 1))

    # 1. the rows due (with their system), 2. the programme office's people in those systems
    with django_assert_num_queries(2):
        found = _found(kind, system)
    assert len(found) == 3


def test_another_systems_deadlines_stay_there(system, office):
    other = factories.SystemFactory()
    factories.AgreementFactory(system=other, review_on=date(2019, 7, 1))
    AccessFactory(system=other, role=Role.PROGRAMME_OFFICE)

    assert _found("agreement_review", system) == []
    assert [item.system_id for item in _found("agreement_review")] == [other.pk]
