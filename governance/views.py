from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from governance import querysets
from governance.models import Agreement, Committee, Meeting
from partners import authz
from partners.models import System


@login_required
def committee_list(request, slug: str):
    system = authz.get_visible_or_404(request.user, System, slug=slug)
    committees = querysets.committees_for_list(
        authz.scoped(request.user, Committee).filter(system=system)
    )
    today = date.today()
    rows = [(c, querysets.terms_in_force(c.terms.all(), today)) for c in committees]
    return render(request, "governance/committee_list.html", {"system": system, "rows": rows})


@login_required
def committee_detail(request, pk: int):
    committee = authz.get_visible_or_404(
        request.user,
        querysets.committees_for_list(authz.scoped(request.user, Committee)).select_related(
            "system"
        ),
        pk=pk,
    )
    meetings = querysets.meetings_for_list(committee.meetings.all())
    context = {
        "system": committee.system,
        "committee": committee,
        "terms_today": querysets.terms_in_force(committee.terms.all(), date.today()),
        "memberships": querysets.committee_detail_memberships(committee),
        "meetings": [(m, querysets.meeting_quorum(m)) for m in meetings],
        "delegations": committee.delegations.select_related("from_organisation"),
    }
    return render(request, "governance/committee_detail.html", context)


@login_required
def meeting_detail(request, pk: int):
    meeting = authz.get_visible_or_404(
        request.user,
        querysets.meeting_detail(authz.scoped(request.user, Meeting)).select_related(
            "committee__system"
        ),
        pk=pk,
    )
    outcome = querysets.meeting_quorum(meeting)
    organisations = {m.organisation_id: m.organisation for m in meeting.committee.memberships.all()}
    context = {
        "system": meeting.committee.system,
        "meeting": meeting,
        "outcome": outcome,
        "shortfalls": [
            (organisations.get(s.organisation) if s.organisation else None, s)
            for s in outcome.shortfalls
        ],
    }
    return render(request, "governance/meeting_detail.html", context)


@login_required
def agreement_list(request, slug: str):
    system = authz.get_visible_or_404(request.user, System, slug=slug)
    agreements = querysets.agreements_for_list(
        authz.scoped(request.user, Agreement).filter(system=system)
    )
    return render(
        request, "governance/agreement_list.html", {"system": system, "agreements": agreements}
    )


@login_required
def agreement_detail(request, pk: int):
    agreement = authz.get_visible_or_404(
        request.user,
        querysets.agreement_detail(authz.scoped(request.user, Agreement)).select_related("system"),
        pk=pk,
    )
    context = {"system": agreement.system, "agreement": agreement, "today": date.today()}
    return render(request, "governance/agreement_detail.html", context)
