"""Agreements ended, signatures corrected, unsigned parties removed, commitments corrected and
withdrawn, delegations corrected and revoked: through the services, each kept with its reason,
and a refused change writes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.scoping import scope
from governance import services
from governance.models import Agreement, CommitmentOwner, Delegation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(world, office):
    with scope([world.system]):
        return services.party_sign(
            actor=office, party=world.party, signatory=world.ann, signed_on=date(2018, 3, 1)
        )


def test_an_agreement_ended_is_kept_terminated_with_its_reason(world, office):
    with scope([world.system]):
        services.agreement_terminate(
            actor=office,
            agreement=world.mou,
            terminated_on=date(2019, 3, 31),
            reason="Replaced by the ICS",
        )
        world.mou.refresh_from_db()
        assert world.mou.current_status == Agreement.Status.TERMINATED
        assert world.mou.terminated_reason == "Replaced by the ICS"
        assert world.mou.history.first().history_change_reason == "Replaced by the ICS"
        with pytest.raises(ValidationError, match="already ended"):
            services.agreement_terminate(
                actor=office, agreement=world.mou, terminated_on=date(2019, 4, 1), reason="Again"
            )


def test_an_agreement_cannot_end_without_a_reason_or_before_it_took_effect(world, office):
    with scope([world.system]):
        world.mou.effective_on = date(2018, 1, 1)
        world.mou.save()
        before = world.mou.history.count()
        with pytest.raises(ValidationError) as blank:
            services.agreement_terminate(
                actor=office, agreement=world.mou, terminated_on=date(2019, 1, 1), reason=" "
            )
        assert "reason" in blank.value.message_dict
        with pytest.raises(ValidationError) as early:
            services.agreement_terminate(
                actor=office, agreement=world.mou, terminated_on=date(2017, 1, 1), reason="x"
            )
        assert "terminated_on" in early.value.message_dict
        world.mou.refresh_from_db()
        assert world.mou.status == Agreement.Status.DRAFT
        assert world.mou.history.count() == before


def test_an_ended_agreement_corrected_to_another_status_is_no_longer_ended(world, office):
    with scope([world.system]):
        services.agreement_terminate(
            actor=office, agreement=world.mou, terminated_on=date(2019, 3, 31), reason="Error"
        )
        services.agreement_update(
            actor=office, agreement=world.mou, status="in_effect", reason="Ended in error"
        )
        world.mou.refresh_from_db()
        assert (world.mou.terminated_on, world.mou.terminated_reason) == (None, "")
        assert world.mou.history.first().history_change_reason == "Ended in error"


def test_a_signature_is_corrected_with_the_reason_in_its_history(world, office, signed):
    with scope([world.system]):
        services.party_signature_update(
            actor=office,
            party=signed,
            signatory=world.col,
            signed_on=date(2018, 3, 2),
            reason="Signed by the deputy",
        )
        signed.refresh_from_db()
        assert (signed.signatory, signed.signed_on) == (world.col, date(2018, 3, 2))
        latest, previous = signed.history.all()[:2]
        assert latest.history_change_reason == "Signed by the deputy"
        assert previous.signatory_id == world.ann.pk


def test_a_signature_by_another_systems_person_is_refused(world, office, signed, other_system):
    stranger = factories.PersonFactory(system=other_system)
    with scope([world.system]):
        with pytest.raises(ValidationError) as error:
            services.party_signature_update(actor=office, party=signed, signatory=stranger)
        assert "signatory" in error.value.message_dict
        signed.refresh_from_db()
        assert signed.signatory == world.ann


def test_an_unsigned_partys_signature_is_recorded_not_corrected(world, office):
    with scope([world.system]), pytest.raises(ValidationError, match="not signed"):
        services.party_signature_update(actor=office, party=world.party, signed_on=date.today())


def test_an_unsigned_party_is_removed_and_kept_with_the_reason(world, office):
    with scope([world.system]):
        services.party_withdraw(actor=office, party=world.party, reason="Added in error")
        world.party.refresh_from_db()
        assert world.party.withdrawn_on == date.today()
        assert world.party.withdrawn_reason == "Added in error"
        assert world.mou.parties.count() == 1
        with pytest.raises(ValidationError, match="removed"):
            services.party_withdraw(actor=office, party=world.party, reason="Again")


def test_a_party_that_has_signed_is_not_removed(world, office, signed):
    with scope([world.system]):
        with pytest.raises(ValidationError, match="giving notice"):
            services.party_withdraw(actor=office, party=signed, reason="Leaving")
        signed.refresh_from_db()
        assert signed.withdrawn_on is None


def test_a_commitment_is_corrected_with_its_owners(world, office):
    with scope([world.system]):
        commitment = world.mou.commitments.get()
        services.commitment_update(
            actor=office,
            commitment=commitment,
            text="Share data monthly",
            owners=[world.organisation],
            reason="As signed",
        )
        services.commitment_update(
            actor=office, commitment=commitment, owners=[world.partner], reason="Council's"
        )
        commitment.refresh_from_db()
        assert commitment.text == "Share data monthly"
        assert [o.organisation for o in commitment.owners.all()] == [world.partner]
        removed = CommitmentOwner.history.filter(history_type="-").get()
        assert (removed.organisation_id, removed.history_change_reason) == (
            world.organisation.pk,
            "Council's",
        )


def test_a_commitment_owned_by_a_non_partner_is_refused_and_nothing_changes(world, office):
    outsider = factories.OrganisationFactory()
    with scope([world.system]):
        commitment = world.mou.commitments.get()
        with pytest.raises(ValidationError) as error:
            services.commitment_update(
                actor=office, commitment=commitment, text="Changed", owners=[outsider]
            )
        assert "owners" in error.value.message_dict
        commitment.refresh_from_db()
        assert commitment.text == "Share data"
        assert not commitment.owners.exists()


def test_a_withdrawn_commitment_is_kept_and_cannot_be_corrected(world, office):
    with scope([world.system]):
        commitment = world.mou.commitments.get()
        services.commitment_withdraw(actor=office, commitment=commitment, reason="Duplicate")
        commitment.refresh_from_db()
        assert (commitment.withdrawn_on, commitment.withdrawn_reason) == (
            date.today(),
            "Duplicate",
        )
        with pytest.raises(ValidationError, match="withdrawn"):
            services.commitment_update(actor=office, commitment=commitment, text="Changed")


def _delegation(world, office):
    return services.delegation_create(
        actor=office,
        committee=world.board,
        from_organisation=world.organisation,
        functions="Commissioning",
        status="in_effect",
        effective_from=date(2018, 4, 1),
    )


def test_a_delegation_is_corrected_then_revoked_and_kept(world, office):
    with scope([world.system]):
        delegation = _delegation(world, office)
        services.delegation_update(
            actor=office, delegation=delegation, functions="Primary care", reason="As minuted"
        )
        services.delegation_revoke(
            actor=office, delegation=delegation, revoked_on=date(2019, 4, 1), reason="Ended"
        )
        delegation.refresh_from_db()
        assert delegation.functions == "Primary care"
        assert delegation.status == Delegation.Status.REVOKED
        assert delegation.revoked_reason == "Ended"
        assert delegation.is_delegated_on(date(2019, 3, 31))
        assert not delegation.is_delegated_on(date(2019, 4, 1))
        with pytest.raises(ValidationError, match="revoked"):
            services.delegation_update(actor=office, delegation=delegation, functions="x")


def test_a_delegation_cannot_be_revoked_before_it_took_effect(world, office):
    with scope([world.system]):
        delegation = _delegation(world, office)
        with pytest.raises(ValidationError) as error:
            services.delegation_revoke(
                actor=office, delegation=delegation, revoked_on=date(2018, 1, 1), reason="x"
            )
        assert "revoked_on" in error.value.message_dict
        with pytest.raises(ValidationError) as status:
            services.delegation_update(actor=office, delegation=delegation, status="revoked")
        assert "status" in status.value.message_dict
        delegation.refresh_from_db()
        assert delegation.status == Delegation.Status.IN_EFFECT
