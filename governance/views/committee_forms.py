"""Create and edit committees, their terms of reference and their members (programme office)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from core import authz
from core.once import submitted_once
from core.pages import system_view
from core.stale import EditGuard
from governance import services
from governance.forms import (
    CommitteeForm,
    CommitteeStandDownForm,
    MembershipForm,
    TermsForm,
    initial_from,
)
from governance.models import Committee, TermsOfReference
from governance.views.editing import partners, people, posted, require_office, save


def _committees(request, system):
    return authz.scoped(request.user, Committee).filter(system=system)


def _committee(request, system, pk: int) -> Committee:
    return authz.get_visible_or_404(request.user, _committees(request, system), pk=pk)


def _to_detail(system, committee_id: int):
    return redirect("governance:committee-detail", slug=system.slug, pk=committee_id)


@system_view
@submitted_once
def committee_create(request, system):
    require_office(request, system)
    form = CommitteeForm(posted(request), committees=_committees(request, system))
    committee = save(
        request,
        form,
        lambda data: services.committee_create(actor=request.user, system=system, **data),
    )
    if committee is not None:
        messages.success(request, f"{committee} added.")
        return _to_detail(system, committee.pk)
    return render(request, "governance/committee_form.html", {"form": form})


@system_view
def committee_edit(request, system, pk: int):
    committee = _committee(request, system, pk)
    require_office(request, system)
    # A committee cannot report to itself; a longer loop is the service's to refuse.
    guard = EditGuard(request, committee)
    form = guard.attach(
        CommitteeForm(
            posted(request),
            committees=_committees(request, system).exclude(pk=committee.pk),
            initial=initial_from(committee, CommitteeForm),
        )
    )
    name = committee.name  # the heading keeps the saved name if the change is refused
    saved = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.committee_update(actor=request.user, committee=committee, **data)
        ),
    )
    if saved is not None:
        messages.success(request, f"Changes to {saved} saved.")
        return _to_detail(system, saved.pk)
    context = {"form": form, "committee": committee, "name": name}
    return render(request, "governance/committee_form.html", context)


@system_view
def committee_stand_down(request, system, pk: int):
    committee = _committee(request, system, pk)
    require_office(request, system)
    if committee.is_stood_down:
        messages.info(request, f"{committee} stood down and is kept as it was.")
        return _to_detail(system, committee.pk)
    form = CommitteeStandDownForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.committee_stand_down(actor=request.user, committee=committee, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} stood down. It is kept, with its meetings.")
        return _to_detail(system, saved.pk)
    return render(
        request, "governance/committee_stand_down.html", {"form": form, "committee": committee}
    )


def _terms_initial(latest: TermsOfReference | None) -> dict:
    """Start a new version from the quorum rule of the latest one: most versions change little."""
    if latest is None:
        return {}
    initial = {
        "minimum_total": latest.quorum_minimum_total,
        "deputies": latest.deputies,
        "chair_or_vice_chair": latest.quorum_chair_or_vice_chair,
        "fraction_numerator": latest.quorum_fraction_numerator,
        "fraction_denominator": latest.quorum_fraction_denominator,
        "named_role": latest.quorum_named_role,
        "conflicted_not_counted": latest.conflicted_not_counted,
        "quorum_text": latest.quorum_text,
    }
    for requirement in latest.quorum_requirements.all():
        initial[f"{TermsForm.REQUIREMENT_PREFIX}{requirement.organisation_id}"] = (
            requirement.minimum_present
        )
    return initial


@system_view
@submitted_once
def terms_create(request, system, pk: int):
    committee = _committee(request, system, pk)
    require_office(request, system)
    latest = committee.terms.prefetch_related("quorum_requirements").first()
    form = TermsForm(
        posted(request),
        organisations=partners(request, system),
        initial=_terms_initial(latest),
    )
    terms = save(
        request,
        form,
        lambda _: services.terms_create(
            actor=request.user, committee=committee, **form.service_kwargs()
        ),
    )
    if terms is not None:
        messages.success(request, f"Terms of reference version {terms.version} added.")
        return _to_detail(system, committee.pk)
    context = {"form": form, "committee": committee, "latest": latest}
    return render(request, "governance/terms_form.html", context)


@system_view
@submitted_once
def membership_create(request, system, pk: int):
    committee = _committee(request, system, pk)
    require_office(request, system)
    form = MembershipForm(
        posted(request),
        people=people(request, system),
        organisations=partners(request, system),
    )
    membership = save(
        request,
        form,
        lambda data: services.membership_add(actor=request.user, committee=committee, **data),
    )
    if membership is not None:
        messages.success(
            request, f"{membership.person} added as {membership.get_role_display().lower()}."
        )
        return _to_detail(system, committee.pk)
    return render(
        request, "governance/membership_form.html", {"form": form, "committee": committee}
    )
