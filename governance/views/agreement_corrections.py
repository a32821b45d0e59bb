"""Correct and end agreements, correct signatures, remove parties that have not signed, correct
and withdraw commitments, and add, correct and revoke delegations (programme office).

Nothing here deletes: an ended agreement, a removed party, a withdrawn commitment and a revoked
delegation are kept, labelled, with the reason; a correction keeps the old values in the
record's history, with its reason if one is given."""

from django.contrib import messages
from django.db import models
from django.shortcuts import redirect, render

from core import authz
from core.history import history_rows
from core.once import submitted_once
from core.pages import system_view
from core.stale import EditGuard
from governance import services
from governance.forms import (
    AgreementEndForm,
    CommitmentEditForm,
    DelegationEditForm,
    DelegationForm,
    ReasonForm,
    RevokeForm,
    SignatureEditForm,
    correction_initial,
)
from governance.models import Agreement, Commitment, Committee, Delegation, Party
from governance.views.editing import partners, people, posted, require_office, save


def _get(request, system, model: type[models.Model], pk: int, *related: str):
    """The record in this system the user may see (404 for another system's)."""
    path = "system" if model in (Agreement, Committee) else model.system_path
    queryset = authz.scoped(request.user, model).filter(**{path: system}).select_related(*related)
    return authz.get_visible_or_404(request.user, queryset, pk=pk)


def _to_agreement(system, agreement_id: int):
    return redirect("governance:agreement-detail", slug=system.slug, pk=agreement_id)


def _to_committee(system, committee_id: int):
    return redirect("governance:committee-detail", slug=system.slug, pk=committee_id)


def _page(request, form, record, *, heading, submit, agreement=None, committee=None, **extra):
    context = {
        "form": form,
        "record": record,
        "kind": type(record).__name__.lower() if record is not None else "",
        "agreement": agreement,
        "committee": committee,
        "history": history_rows(record) if record is not None else [],
        "heading": heading,
        "submit": submit,
        **extra,
    }
    return render(request, "governance/agreement_correction_form.html", context)


@system_view
@submitted_once
def agreement_end(request, system, pk: int):
    agreement = _get(request, system, Agreement, pk)
    require_office(request, system)
    form = AgreementEndForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.agreement_terminate(actor=request.user, agreement=agreement, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} ended. It is kept, labelled terminated.")
        return _to_agreement(system, saved.pk)
    return _page(
        request,
        form,
        agreement,
        agreement=agreement,
        heading="End the agreement",
        intro="The agreement is kept, labelled terminated, with the date and why it ended.",
        submit="End agreement",
    )


@system_view
def signature_correct(request, system, pk: int):
    party = _get(request, system, Party, pk, "agreement", "organisation", "signatory")
    require_office(request, system)
    guard = EditGuard(request, party)
    form = guard.attach(
        SignatureEditForm(
            posted(request),
            people=people(request, system),
            initial=correction_initial(party, SignatureEditForm),
        )
    )
    saved = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.party_signature_update(actor=request.user, party=party, **data)
        ),
    )
    if saved is not None:
        messages.success(request, f"Signature for {saved.organisation} corrected.")
        return _to_agreement(system, saved.agreement_id)
    party.refresh_from_db()
    return _page(
        request,
        form,
        party,
        agreement=party.agreement,
        heading="Correct a signature",
        submit="Save changes",
    )


@system_view
@submitted_once
def party_remove(request, system, pk: int):
    party = _get(request, system, Party, pk, "agreement", "organisation")
    require_office(request, system)
    form = ReasonForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.party_withdraw(actor=request.user, party=party, **data),
    )
    if saved is not None:
        messages.success(
            request, f"{saved.organisation} removed as a party. It is kept, labelled removed."
        )
        return _to_agreement(system, saved.agreement_id)
    return _page(
        request,
        form,
        party,
        agreement=party.agreement,
        heading="Remove a party",
        intro="Only a party that has not signed can be removed; one that has signed leaves by "
        "giving notice. The party is kept, labelled removed, with the reason.",
        submit="Remove party",
    )


@system_view
def commitment_correct(request, system, pk: int):
    commitment = _get(request, system, Commitment, pk, "agreement")
    require_office(request, system)
    guard = EditGuard(request, commitment)
    initial = correction_initial(commitment, CommitmentEditForm)
    initial["owners"] = [owner.organisation_id for owner in commitment.owners.all()]
    form = guard.attach(
        CommitmentEditForm(
            posted(request), organisations=partners(request, system), initial=initial
        )
    )
    saved = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.commitment_update(actor=request.user, commitment=commitment, **data)
        ),
    )
    if saved is not None:
        messages.success(request, f"Commitment {saved.number} corrected.")
        return _to_agreement(system, saved.agreement_id)
    commitment.refresh_from_db()
    return _page(
        request,
        form,
        commitment,
        agreement=commitment.agreement,
        heading="Correct a commitment",
        submit="Save changes",
    )


@system_view
@submitted_once
def commitment_withdraw(request, system, pk: int):
    commitment = _get(request, system, Commitment, pk, "agreement")
    require_office(request, system)
    form = ReasonForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.commitment_withdraw(
            actor=request.user, commitment=commitment, **data
        ),
    )
    if saved is not None:
        messages.success(
            request, f"Commitment {saved.number} withdrawn. It is kept, labelled withdrawn."
        )
        return _to_agreement(system, saved.agreement_id)
    return _page(
        request,
        form,
        commitment,
        agreement=commitment.agreement,
        heading="Withdraw a commitment",
        intro="The commitment is kept, labelled withdrawn, with the reason.",
        submit="Withdraw commitment",
    )


@system_view
@submitted_once
def delegation_create(request, system, pk: int):
    committee = _get(request, system, Committee, pk)
    require_office(request, system)
    form = DelegationForm(posted(request), organisations=partners(request, system))
    saved = save(
        request,
        form,
        lambda data: services.delegation_create(actor=request.user, committee=committee, **data),
    )
    if saved is not None:
        messages.success(request, f"Delegation from {saved.from_organisation} added.")
        return _to_committee(system, committee.pk)
    return _page(
        request,
        form,
        None,
        committee=committee,
        heading="Add a delegation",
        submit="Add delegation",
    )


@system_view
def delegation_correct(request, system, pk: int):
    delegation = _get(request, system, Delegation, pk, "committee", "from_organisation")
    require_office(request, system)
    guard = EditGuard(request, delegation)
    form = guard.attach(
        DelegationEditForm(
            posted(request),
            organisations=partners(request, system),
            initial=correction_initial(delegation, DelegationEditForm),
        )
    )
    saved = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.delegation_update(actor=request.user, delegation=delegation, **data)
        ),
    )
    if saved is not None:
        messages.success(request, f"Delegation from {saved.from_organisation} corrected.")
        return _to_committee(system, saved.committee_id)
    delegation.refresh_from_db()
    return _page(
        request,
        form,
        delegation,
        committee=delegation.committee,
        heading="Correct a delegation",
        submit="Save changes",
    )


@system_view
@submitted_once
def delegation_revoke(request, system, pk: int):
    delegation = _get(request, system, Delegation, pk, "committee", "from_organisation")
    require_office(request, system)
    form = RevokeForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.delegation_revoke(actor=request.user, delegation=delegation, **data),
    )
    if saved is not None:
        messages.success(
            request, f"Delegation from {saved.from_organisation} revoked. It is kept, labelled."
        )
        return _to_committee(system, saved.committee_id)
    return _page(
        request,
        form,
        delegation,
        committee=delegation.committee,
        heading="Revoke a delegation",
        intro="The delegation is kept, labelled revoked, with the date and the reason.",
        submit="Revoke delegation",
    )
