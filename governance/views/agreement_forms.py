"""Create and edit agreements, their parties and signatures, commitments and versions
(programme office)."""

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import redirect, render

from core import authz
from core.history import history_rows
from core.once import submitted_once
from core.pages import system_view
from core.record_pages import current_values
from core.stale import EditGuard
from governance import services
from governance.forms import (
    AgreementEditForm,
    AgreementForm,
    CommitmentForm,
    PartyForm,
    PartySignForm,
    VersionForm,
    initial_from,
)
from governance.models import Agreement, Party
from governance.views.editing import partners, people, posted, require_office, save


def _agreement(request, system, pk: int) -> Agreement:
    return authz.get_visible_or_404(
        request.user, authz.scoped(request.user, Agreement).filter(system=system), pk=pk
    )


def _to_detail(system, agreement_id: int):
    return redirect("governance:agreement-detail", slug=system.slug, pk=agreement_id)


@system_view
@submitted_once
def agreement_create(request, system):
    require_office(request, system)
    form = AgreementForm(posted(request))
    agreement = save(
        request,
        form,
        lambda data: services.agreement_create(actor=request.user, system=system, **data),
    )
    if agreement is not None:
        messages.success(request, f"{agreement} added.")
        return _to_detail(system, agreement.pk)
    return render(request, "governance/agreement_form.html", {"form": form})


@system_view
def agreement_edit(request, system, pk: int):
    agreement = _agreement(request, system, pk)
    require_office(request, system)
    guard = EditGuard(request, agreement)
    form = guard.attach(
        AgreementEditForm(posted(request), initial=current_values(agreement, AgreementEditForm))
    )
    title = agreement.title  # the heading keeps the saved title if the change is refused
    saved = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.agreement_update(actor=request.user, agreement=agreement, **data)
        ),
    )
    if saved is not None:
        messages.success(request, f"Changes to {saved} saved.")
        return _to_detail(system, saved.pk)
    context = {
        "form": form,
        "agreement": agreement,
        "title": title,
        "history": history_rows(agreement),
    }
    return render(request, "governance/agreement_form.html", context)


@system_view
@submitted_once
def party_create(request, system, pk: int):
    agreement = _agreement(request, system, pk)
    require_office(request, system)
    form = PartyForm(posted(request), organisations=partners(request, system))
    party = save(
        request,
        form,
        lambda data: services.party_add(actor=request.user, agreement=agreement, **data),
    )
    if party is not None:
        messages.success(request, f"{party.organisation} added as a party.")
        return _to_detail(system, agreement.pk)
    return render(request, "governance/party_form.html", {"form": form, "agreement": agreement})


@system_view
def party_sign(request, system, pk: int):
    party = authz.get_visible_or_404(
        request.user,
        authz.scoped(request.user, Party)
        .filter(agreement__system=system)
        .select_related("agreement", "organisation"),
        pk=pk,
    )
    require_office(request, system)
    guard = EditGuard(request, party)
    form = guard.attach(
        PartySignForm(
            posted(request),
            people=people(request, system),
            initial=initial_from(party, PartySignForm),
        )
    )
    signed = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.party_sign(actor=request.user, party=party, **data)
        ),
    )
    if signed is not None:
        messages.success(request, f"Signature recorded for {signed.organisation}.")
        return _to_detail(system, signed.agreement_id)
    context = {"form": form, "party": party, "agreement": party.agreement}
    return render(request, "governance/party_sign.html", context)


@system_view
@submitted_once
def commitment_create(request, system, pk: int):
    agreement = _agreement(request, system, pk)
    require_office(request, system)
    last = agreement.commitments.aggregate(last=Max("number"))["last"]
    form = CommitmentForm(
        posted(request),
        organisations=partners(request, system),
        initial={"number": (last or 0) + 1},
    )
    commitment = save(
        request,
        form,
        lambda data: services.commitment_add(actor=request.user, agreement=agreement, **data),
    )
    if commitment is not None:
        messages.success(request, f"Commitment {commitment.number} added.")
        return _to_detail(system, agreement.pk)
    context = {"form": form, "agreement": agreement}
    return render(request, "governance/commitment_form.html", context)


@system_view
@submitted_once
def version_create(request, system, pk: int):
    agreement = _agreement(request, system, pk)
    require_office(request, system)
    form = VersionForm(posted(request))
    version = save(
        request,
        form,
        lambda data: services.agreement_version_add(
            actor=request.user, agreement=agreement, **data
        ),
    )
    if version is not None:
        messages.success(request, f"Version {version.number} added.")
        return _to_detail(system, agreement.pk)
    return render(request, "governance/version_form.html", {"form": form, "agreement": agreement})
