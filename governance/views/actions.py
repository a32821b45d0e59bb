"""The action log: every action of the system's committees, filtered by status, committee,
owner, "my actions" and overdue (due before today and still open)."""

from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper
from django.shortcuts import render

from core import as_recorded, authz
from core.exports import export_response, requested_format
from core.ordering import page_ordering
from core.pages import system_view
from core.params import parse_choice, parse_id, parse_page
from governance.exports import ACTIONS
from governance.models import Action, Committee, action_overdue_on
from governance.views.editing import people

WITHDRAWN = "withdrawn"
STATUSES = [*Action.Status.choices, (WITHDRAWN, "Withdrawn")]


@system_view
@as_recorded.recordable
def action_list(request, system):
    """Withdrawn actions are left out unless asked for (status "Withdrawn"); they are kept. As
    recorded on a past date (``?recorded_on=``, core.as_recorded), the same filters, overdue
    and download run on the actions as they then stood."""
    today = request.as_at
    file_format = requested_format(request)
    visible = authz.scoped(request.user, Action).filter(meeting__committee__system=system)
    actions = (
        as_recorded.records(request, visible)
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
        actions = actions.filter(action_overdue_on(today))
    if file_format:
        in_words = [
            ("Status", dict(STATUSES).get(status, "")),
            ("Committee", _name(authz.scoped(request.user, Committee), committee)),
            ("Owner", _name(people(request, system), owner)),
            ("My actions", "Yes" if mine else ""),
            ("Overdue only", "Yes" if is_overdue else ""),
        ]
        overdue_now = ExpressionWrapper(action_overdue_on(today), output_field=BooleanField())
        return export_response(
            request,
            ACTIONS,
            actions.annotate(as_at_overdue=overdue_now),
            file_format=file_format,
            filters=[(label, value) for label, value in in_words if value],
            row=as_recorded.instance_of,
        )
    page = Paginator(actions, 25).get_page(parse_page(request))
    rows = [(a, a.is_overdue_on(today)) for a in as_recorded.instances(page)]
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


def _name(queryset, pk: int | None) -> str:
    """A chosen record's name for the export's About sheet ("" when none was chosen)."""
    if pk is None:
        return ""
    return str(queryset.filter(pk=pk).first() or "")
