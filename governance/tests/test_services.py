from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import Agreement, Delegation
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_committee_cannot_report_to_itself_through_others(office, system, in_scope):
    board = services.committee_create(actor=office, system=system, name="Board", kind="board")
    group = services.committee_create(
        actor=office, system=system, name="Group", kind="group", reports_to=board
    )
    with pytest.raises(ValidationError) as error:
        services.committee_update(actor=office, committee=board, reports_to=group)
    assert "reports_to" in error.value.message_dict


def test_a_committee_reports_within_its_own_system(office, system, other_system, in_scope):
    theirs = factories.CommitteeFactory(system=other_system)
    with pytest.raises(ValidationError):
        services.committee_create(
            actor=office, system=system, name="Group", kind="group", reports_to=theirs
        )


def test_committee_names_are_unique_in_a_system(office, system, in_scope):
    services.committee_create(actor=office, system=system, name="Board", kind="board")
    with pytest.raises(ValidationError) as error:
        services.committee_create(actor=office, system=system, name="Board", kind="board")
    assert "already has a committee with this name" in str(error.value)


def test_quorum_requirement_must_name_a_partner(office, system, in_scope):
    committee = factories.CommitteeFactory(system=system)
    with pytest.raises(ValidationError):
        services.terms_create(
            actor=office,
            committee=committee,
            version="1.0",
            effective_from=date(2017, 4, 1),
            requirements={factories.OrganisationFactory(): 1},
        )
    assert not committee.terms.exists()  # nothing half-saved


def test_notice_of_withdrawal_is_given_once(office, system, organisation, in_scope):
    agreement = factories.AgreementFactory(system=system, withdrawal_notice_days=30)
    party = services.party_add(actor=office, agreement=agreement, organisation=organisation)
    services.party_give_withdrawal_notice(actor=office, party=party, given_on=date(2017, 9, 1))
    assert party.is_party_on(date(2017, 9, 30))
    assert not party.is_party_on(date(2017, 10, 1))
    with pytest.raises(ValidationError):
        services.party_give_withdrawal_notice(actor=office, party=party, given_on=date(2017, 9, 2))


def test_signing_needs_a_signatory_of_the_system(office, system, other_system, organisation):
    agreement = factories.AgreementFactory(system=system)
    stranger = factories.PersonFactory(system=other_system)
    with pytest.raises(ValidationError):
        services.party_sign(
            actor=office,
            party=factories.PartyFactory(agreement=agreement, organisation=organisation),
            signatory=stranger,
            signed_on=date(2015, 7, 31),
        )


def test_who_is_to_sign_is_recorded_before_signing(
    office, system, other_system, organisation, in_scope
):
    """A draft names who is to sign (C&P MoU: "the CEOs/Accountable Officers and Chairs of"
    the partners, seed 004) before anyone signs; once signed, only a signing changes it."""
    agreement = factories.AgreementFactory(system=system)
    party = factories.PartyFactory(agreement=agreement, organisation=organisation)
    post = factories.PersonFactory(system=system, name="", title="CEO and Chair")
    services.party_name_signatory(actor=office, party=party, signatory=post)
    party.refresh_from_db()
    assert (party.signatory, party.signed_on) == (post, None)
    with pytest.raises(ValidationError):
        services.party_name_signatory(
            actor=office, party=party, signatory=factories.PersonFactory(system=other_system)
        )
    services.party_sign(actor=office, party=party, signatory=post, signed_on=date(2017, 12, 1))
    with pytest.raises(ValidationError):
        services.party_name_signatory(actor=office, party=party, signatory=post)


def test_expiry_is_derived_not_stored(office, system, in_scope):
    agreement = services.agreement_create(
        actor=office,
        system=system,
        title="MoU",
        kind="mou",
        status="in_effect",
        effective_on=date(2017, 4, 1),
        expires_on=date(2021, 3, 31),
    )
    assert agreement.status_on(date(2021, 4, 1)) == "expired"
    assert Agreement.objects.get(pk=agreement.pk).status == "in_effect"
    assert agreement.history.count() == 1


def test_an_agreement_cannot_expire_before_it_starts(office, system, in_scope):
    with pytest.raises(ValidationError):
        services.agreement_create(
            actor=office,
            system=system,
            title="MoU",
            kind="mou",
            effective_on=date(2021, 4, 1),
            expires_on=date(2021, 3, 31),
        )


def test_an_action_is_not_done_before_its_meeting(office, system, in_scope):
    meeting = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=date(2018, 3, 1)
    )
    action = services.action_create(actor=office, meeting=meeting, description="Circulate paper")
    with pytest.raises(ValidationError):
        services.action_complete(actor=office, action=action, completed_on=date(2018, 2, 1))
    services.action_complete(actor=office, action=action, completed_on=date(2018, 3, 8))
    assert action.status == "done"


def test_only_a_statutory_body_delegates(office, system, partner, in_scope):
    committee = factories.CommitteeFactory(system=system)
    partner.statutory = False
    partner.save()
    with pytest.raises(ValidationError):
        services.delegation_create(
            actor=office, committee=committee, from_organisation=partner, functions="Everything"
        )


def test_delegation_takes_effect_only_when_brought_into_effect(
    office, system, organisation, in_scope
):
    committee = factories.CommitteeFactory(system=system)
    delegation = services.delegation_create(
        actor=office, committee=committee, from_organisation=organisation, functions="Primary care"
    )
    assert not delegation.is_delegated_on(date(2019, 1, 1))
    services.delegation_bring_into_effect(
        actor=office, delegation=delegation, effective_from=date(2018, 4, 1)
    )
    assert delegation.status == Delegation.Status.IN_EFFECT
    assert delegation.is_delegated_on(date(2019, 1, 1))


def test_an_action_does_not_fall_due_before_its_meeting(office, system, in_scope):
    meeting = factories.MeetingFactory(
        committee=factories.CommitteeFactory(system=system), held_on=date(2017, 3, 14)
    )
    with pytest.raises(ValidationError) as early:
        services.action_create(
            actor=office, meeting=meeting, description="Circulate", due_on=date(2016, 1, 1)
        )
    assert early.value.message_dict == {
        "due_on": ["An action cannot fall due before the meeting that set it (14 March 2017)."]
    }
    action = services.action_create(
        actor=office, meeting=meeting, description="Circulate", due_on=date(2017, 3, 14)
    )
    with pytest.raises(ValidationError, match="fall due before"):
        services.action_update(actor=office, action=action, due_on=date(2017, 3, 13))
    action.refresh_from_db()
    assert action.due_on == date(2017, 3, 14)
