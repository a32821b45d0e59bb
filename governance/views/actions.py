"""The action log: every action of the system's committees, filtered by status, committee,
owner, "my actions" and overdue (due before today and still open)."""

from datetime import date

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from core import authz
from core.ordering import page_ordering
from core.pages import system_view
from core.params import parse_choice, parse_id, parse_page
from governance.models import Action, Committee
from governance.views.editing import people

WITHDRAWN = "withdrawn"
STATUSES = [*Action.Status.choices, (WITHDRAWN, "Withdrawn")]


def overdue(today: date) -> Q:
    """``Action.is_overdue_on`` as a filter: due before today, open and not withdrawn."""
    return Q(due_on__lt=today, status=Action.Status.OPEN, withdrawn_on__isnull=True)


@system_view
def action_list(request, system):
    """Withdrawn actions are left out unless asked for (status "Withdrawn"); they are kept."""
    today = request.as_at
    actions = (
        authz.scoped(request.user, Action)
        .filter(meeting__committee__system=system)
        .select_related("meeting__committee", "owner__organisation")
        .order_by(*page_ordering("due_on", model=Action))
    )
    status = parse_choice(request, "status", [value for value, _ in STATUSES])
    if status == WITHDRAWN:
        actions = actions.filter(withdrawn_on__isnull=False)
    else:
        actions = actions.filter(withdrawn_on__isnull=True)
        if status:
            actions = actions.filter(status=status)
    committee = parse_id(request, "committee")
    if committee is not None:
        actions = actions.filter(meeting__committee_id=committee)
    owner = parse_id(request, "owner")
    if owner is not None:
        actions = actions.filter(owner_id=owner)
    mine = parse_choice(request, "mine", ["yes"]) == "yes"
    if mine:
        # The owner is a person; a person may be linked to a user account.
        actions = actions.filter(owner__user=request.user)
    is_overdue = parse_choice(request, "overdue", ["yes"]) == "yes"
    if is_overdue:
        actions = actions.filter(overdue(today))
    page = Paginator(actions, 25).get_page(parse_page(request))
    rows = [(a, a.is_overdue_on(today)) for a in page]
    context = {
        "rows": rows,
        "page": page,
        "today": today,
        "statuses": STATUSES,
        "status": status,
        "committees": authz.scoped(request.user, Committee).filter(system=system),
        "committee": "" if committee is None else str(committee),
        "owners": people(request, system).filter(actions__isnull=False).distinct(),
        "owner": "" if owner is None else str(owner),
        "mine": mine,
        "overdue": is_overdue,
        "linked": people(request, system).filter(user=request.user).exists(),
    }
    return render(request, "governance/action_list.html", context)
