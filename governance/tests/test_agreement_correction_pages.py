"""The pages that end an agreement, correct a signature, remove a party, correct and withdraw a
commitment and add, correct and revoke a delegation: bad input is shown next to its field with
nothing changed, and what is ended or withdrawn stays on its page, labelled, with the reason."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.scoping import scope
from governance import services
from governance.models import Delegation
from governance.tests.form_helpers import error_next_to

pytestmark = pytest.mark.django_db


def _url(name, world, pk):
    return reverse(f"governance:{name}", args=[world.system.slug, pk])


def _agreement_page(client, world) -> str:
    return client.get(_url("agreement-detail", world, world.mou.pk)).content.decode()


def _committee_page(client, world) -> str:
    return client.get(_url("committee-detail", world, world.board.pk)).content.decode()


def test_the_office_ends_an_agreement_and_it_shows_terminated_with_why(client, office, world):
    client.force_login(office)
    response = client.post(
        _url("agreement-end", world, world.mou.pk),
        {"terminated_on": "2019-03-31", "reason": "Replaced by the ICS"},
    )
    assert response.status_code == 302
    html = _agreement_page(client, world)
    assert "Terminated</strong> on 31 March 2019" in html
    assert "Why it ended: Replaced by the ICS" in html
    assert "Reason: Replaced by the ICS" in html  # in the history of changes


def test_ending_without_a_reason_is_refused_next_to_it(client, office, world):
    client.force_login(office)
    response = client.post(_url("agreement-end", world, world.mou.pk), {"terminated_on": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert error_next_to(html, "reason") and error_next_to(html, "terminated_on")
    world.mou.refresh_from_db()
    assert world.mou.status == "draft"


def test_the_agreement_correction_keeps_its_reason(client, office, world):
    client.force_login(office)
    response = client.post(
        _url("agreement-edit", world, world.mou.pk),
        {"title": "PAG Memorandum", "kind": "mou", "status": "draft", "reason": "Title as signed"},
    )
    assert response.status_code == 302
    html = _agreement_page(client, world)
    assert "PAG Memorandum" in html and "Reason: Title as signed" in html


def _sign(world, office):
    with scope([world.system]):
        services.party_sign(
            actor=office, party=world.party, signatory=world.ann, signed_on=date(2018, 3, 1)
        )


def test_a_signature_is_corrected_from_the_agreement_page(client, office, world):
    _sign(world, office)
    client.force_login(office)
    assert _url("signature-edit", world, world.party.pk) in _agreement_page(client, world)
    response = client.post(
        _url("signature-edit", world, world.party.pk),
        {"signatory": world.col.pk, "signed_on": "2018-03-02", "reason": "Deputy signed"},
    )
    assert response.status_code == 302
    world.party.refresh_from_db()
    assert (world.party.signatory, world.party.signed_on) == (world.col, date(2018, 3, 2))
    assert "Reason: Deputy signed" in _agreement_page(client, world)


def test_a_signature_without_its_date_is_refused_next_to_it(client, office, world):
    _sign(world, office)
    client.force_login(office)
    response = client.post(
        _url("signature-edit", world, world.party.pk),
        {"signatory": world.col.pk, "signed_on": ""},
    )
    assert error_next_to(response.content.decode(), "signed_on")
    world.party.refresh_from_db()
    assert world.party.signatory == world.ann


def test_an_unsigned_party_removed_is_kept_and_labelled(client, office, world):
    client.force_login(office)
    assert _url("party-remove", world, world.party.pk) in _agreement_page(client, world)
    response = client.post(
        _url("party-remove", world, world.party.pk), {"reason": "Added in error"}
    )
    assert response.status_code == 302
    html = _agreement_page(client, world)
    assert world.organisation.name in html
    assert "Removed</strong>" in html and "Added in error" in html


def test_a_signed_party_cannot_be_removed(client, office, world):
    _sign(world, office)
    client.force_login(office)
    assert _url("party-remove", world, world.party.pk) not in _agreement_page(client, world)
    response = client.post(_url("party-remove", world, world.party.pk), {"reason": "Leaving"})
    assert "giving notice" in error_next_to(response.content.decode(), "reason")
    world.party.refresh_from_db()
    assert world.party.withdrawn_on is None


def _commitment(world):
    with scope([world.system]):
        return world.mou.commitments.get()


def test_a_commitment_is_corrected_with_its_owners(client, office, world):
    commitment = _commitment(world)
    client.force_login(office)
    response = client.post(
        _url("commitment-edit", world, commitment.pk),
        {
            "number": 1,
            "text": "Share data monthly",
            "owners": [world.partner.pk],
            "reason": "As signed",
        },
    )
    assert response.status_code == 302
    html = _agreement_page(client, world)
    assert "Share data monthly" in html
    assert f"({world.partner.short_name})" in html
    assert "Reason: As signed" in html


def test_a_commitment_with_a_taken_number_is_refused_and_unchanged(client, office, world):
    commitment = _commitment(world)
    with scope([world.system]):
        services.commitment_add(actor=office, agreement=world.mou, number=2, text="Report")
    client.force_login(office)
    response = client.post(
        _url("commitment-edit", world, commitment.pk), {"number": 2, "text": "Changed"}
    )
    assert error_next_to(response.content.decode(), "number")
    commitment.refresh_from_db()
    assert (commitment.number, commitment.text) == (1, "Share data")


def test_a_withdrawn_commitment_stays_labelled_with_the_reason(client, office, world):
    commitment = _commitment(world)
    client.force_login(office)
    blank = client.post(_url("commitment-withdraw", world, commitment.pk), {"reason": ""})
    assert error_next_to(blank.content.decode(), "reason")
    response = client.post(
        _url("commitment-withdraw", world, commitment.pk), {"reason": "A duplicate"}
    )
    assert response.status_code == 302
    html = _agreement_page(client, world)
    assert "Withdrawn</strong> Share data" in html and "A duplicate" in html
    assert _url("commitment-edit", world, commitment.pk) not in html


def test_a_delegation_is_added_corrected_and_revoked_from_the_committee_page(client, office, world):
    client.force_login(office)
    assert _url("delegation-create", world, world.board.pk) in _committee_page(client, world)
    response = client.post(
        _url("delegation-create", world, world.board.pk),
        {
            "from_organisation": world.organisation.pk,
            "functions": "Commissioning",
            "status": "in_effect",
            "effective_from": "2018-04-01",
        },
    )
    assert response.status_code == 302
    with scope([world.system]):
        delegation = Delegation.objects.get()
    response = client.post(
        _url("delegation-edit", world, delegation.pk),
        {
            "from_organisation": world.organisation.pk,
            "functions": "Primary care commissioning",
            "status": "in_effect",
            "effective_from": "2018-04-01",
            "reason": "As minuted",
        },
    )
    assert response.status_code == 302
    response = client.post(
        _url("delegation-revoke", world, delegation.pk),
        {"revoked_on": "2019-04-01", "reason": "Taken back by the board"},
    )
    assert response.status_code == 302
    html = _committee_page(client, world)
    assert "Primary care commissioning" in html and "revoked from 1 April 2019" in html
    assert "Reason: Taken back by the board" in html
    assert _url("delegation-edit", world, delegation.pk) not in html


def test_a_delegation_in_effect_without_a_date_is_refused_and_nothing_saved(client, office, world):
    client.force_login(office)
    response = client.post(
        _url("delegation-create", world, world.board.pk),
        {"from_organisation": world.organisation.pk, "functions": "x", "status": "in_effect"},
    )
    assert response.status_code == 200
    assert error_next_to(response.content.decode(), "effective_from")
    with scope([world.system]):
        assert not Delegation.objects.exists()


def test_a_revocation_before_the_delegation_took_effect_is_refused(client, office, world):
    with scope([world.system]):
        delegation = services.delegation_create(
            actor=office,
            committee=world.board,
            from_organisation=world.organisation,
            functions="Commissioning",
            status="in_effect",
            effective_from=date(2018, 4, 1),
        )
    client.force_login(office)
    response = client.post(
        _url("delegation-revoke", world, delegation.pk),
        {"revoked_on": "2018-01-01", "reason": "x"},
    )
    assert error_next_to(response.content.decode(), "revoked_on")
    delegation.refresh_from_db()
    assert delegation.status == "in_effect"


def test_a_refused_notice_is_shown_in_its_partys_row_with_what_was_typed(client, office, world):
    """A notice of 31 September is refused next to its own boxes, in its party's row, the day,
    month and year kept, and the summary names the party and links to them."""
    client.force_login(office)
    url = _url("party-withdrawal", world, world.party.pk)
    response = client.post(
        url, {"given_on_day": "31", "given_on_month": "9", "given_on_year": "2017"}
    )
    html = response.content.decode()
    parties = html.split('<tbody class="nhsuk-table__body">', 1)[1]
    row = parties.split(world.organisation.name, 1)[1].split("</tr>", 1)[0]
    assert "nhsuk-form-group--error" in row and "nhsuk-error-message" in row
    assert 'value="31"' in row and 'value="2017"' in row
    summary = html.split('id="withdrawal-errors"', 1)[1].split("</div></div>", 1)[0]
    assert f"{world.organisation}:" in summary and 'href="#id_given_on_day"' in summary
    world.party.refresh_from_db()
    assert world.party.withdrawal_notice_given_on is None


def test_a_removed_party_gives_no_notice(office, world):
    with scope([world.system]):
        services.party_withdraw(actor=office, party=world.party, reason="Added in error")
        with pytest.raises(ValidationError, match="removed"):
            services.party_give_withdrawal_notice(
                actor=office, party=world.party, given_on=date(2018, 6, 1)
            )
