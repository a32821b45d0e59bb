"""Correct and end agreements, correct signatures, remove parties that have not signed, correct
and withdraw commitments, and add, correct and revoke delegations (programme office).

Nothing here deletes: an ended agreement, a removed party, a withdrawn commitment and a revoked
delegation are kept, labelled, with the reason; a correction keeps the old values in the
record's history, with its reason if one is given."""

from django.contrib import messages
from django.shortcuts import redirect

from core.once import submitted_once
from core.pages import system_view
from core.record_pages import ChangePage
from governance import services
from governance.forms import (
    AgreementEndForm,
    CommitmentEditForm,
    DelegationEditForm,
    DelegationForm,
    ReasonForm,
    RevokeForm,
    SignatureEditForm,
)
from governance.models import Agreement, Commitment, Committee, Delegation, Party
from governance.views.editing import (
    change_view,
    get_record,
    partners,
    people,
    posted,
    record_page,
    require_office,
    save,
)


def _people(request, system) -> dict:
    return {"people": people(request, system)}


def _organisations(request, system) -> dict:
    return {"organisations": partners(request, system)}


agreement_end = change_view(
    Agreement,
    ChangePage(
        AgreementEndForm,
        services.agreement_terminate,
        argument="agreement",
        done="{record} ended. It is kept, labelled terminated.",
        heading="End the agreement",
        intro="The agreement is kept, labelled terminated, with the date and why it ended.",
        submit="End agreement",
    ),
)

signature_correct = change_view(
    Party,
    ChangePage(
        SignatureEditForm,
        services.party_signature_update,
        argument="party",
        done="Signature for {record.organisation} corrected.",
        heading="Correct a signature",
        submit="Save changes",
        correct=True,
    ),
    where="agreement",
    related=("agreement", "organisation", "signatory"),
    form_kwargs=_people,
)

party_remove = change_view(
    Party,
    ChangePage(
        ReasonForm,
        services.party_withdraw,
        argument="party",
        done="{record.organisation} removed as a party. It is kept, labelled removed.",
        heading="Remove a party",
        intro="Only a party that has not signed can be removed; one that has signed leaves by "
        "giving notice. The party is kept, labelled removed, with the reason.",
        submit="Remove party",
    ),
    where="agreement",
    related=("agreement", "organisation"),
)

commitment_correct = change_view(
    Commitment,
    ChangePage(
        CommitmentEditForm,
        services.commitment_update,
        argument="commitment",
        done="Commitment {record.number} corrected.",
        heading="Correct a commitment",
        submit="Save changes",
        correct=True,
    ),
    where="agreement",
    related=("agreement",),
    form_kwargs=_organisations,
    initial=lambda commitment: {
        "owners": [owner.organisation_id for owner in commitment.owners.all()]
    },
)

commitment_withdraw = change_view(
    Commitment,
    ChangePage(
        ReasonForm,
        services.commitment_withdraw,
        argument="commitment",
        done="Commitment {record.number} withdrawn. It is kept, labelled withdrawn.",
        heading="Withdraw a commitment",
        intro="The commitment is kept, labelled withdrawn, with the reason.",
        submit="Withdraw commitment",
    ),
    where="agreement",
    related=("agreement",),
)


@system_view
@submitted_once
def delegation_create(request, system, pk: int):
    committee = get_record(request, system, Committee, pk)
    require_office(request, system)
    form = DelegationForm(posted(request), organisations=partners(request, system))
    saved = save(
        request,
        form,
        lambda data: services.delegation_create(actor=request.user, committee=committee, **data),
    )
    if saved is not None:
        messages.success(request, f"Delegation from {saved.from_organisation} added.")
        return redirect("governance:committee-detail", slug=system.slug, pk=committee.pk)
    return record_page(
        request,
        system,
        form,
        None,
        place=committee,
        heading="Add a delegation",
        submit="Add delegation",
    )


delegation_correct = change_view(
    Delegation,
    ChangePage(
        DelegationEditForm,
        services.delegation_update,
        argument="delegation",
        done="Delegation from {record.from_organisation} corrected.",
        heading="Correct a delegation",
        submit="Save changes",
        correct=True,
    ),
    where="committee",
    related=("committee", "from_organisation"),
    form_kwargs=_organisations,
)

delegation_revoke = change_view(
    Delegation,
    ChangePage(
        RevokeForm,
        services.delegation_revoke,
        argument="delegation",
        done="Delegation from {record.from_organisation} revoked. It is kept, labelled.",
        heading="Revoke a delegation",
        intro="The delegation is kept, labelled revoked, with the date and the reason.",
        submit="Revoke delegation",
    ),
    where="committee",
    related=("committee", "from_organisation"),
)
