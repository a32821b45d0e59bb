from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from core import as_recorded, authz
from core.exports import export_response, requested_format
from core.history import history_download
from core.ordering import page_ordering
from core.pages import system_view
from core.params import parse_choice, parse_page
from governance import querysets, recorded
from governance.calendar import for_calendar, meetings_calendar
from governance.exports import COMMITTEES, MEMBERSHIPS
from governance.history import committee_history
from governance.models import Committee, Membership

ORDERS = {"name": "name", "kind": "kind", "stage": "stage"}


def _committees(request, system):
    return authz.scoped(request.user, Committee).filter(system=system)


@system_view
@as_recorded.recordable
def committee_list(request, system):
    """The committees with the quorum rule of the terms in force; as recorded on a past date
    (``?recorded_on=``, core.as_recorded), the committees and their terms as they then stood."""
    day = request.recorded_on
    visible = _committees(request, system)
    if day is None:
        committees = querysets.committees_for_list(visible)
    else:
        committees = as_recorded.as_recorded(visible, day).select_related("reports_to")
    kind = parse_choice(request, "kind", Committee.Kind.choices)
    if kind:
        committees = committees.filter(kind=kind)
    order = ORDERS[parse_choice(request, "order", ORDERS, default="name")]
    committees = committees.order_by(*page_ordering(order, model=Committee))
    today = request.as_at
    file_format = requested_format(request)
    if file_format:
        in_words = [("Kind", dict(Committee.Kind.choices).get(kind, "")), ("Sort by", order)]
        if parse_choice(request, "table", ["memberships"]):
            members = as_recorded.records(request, authz.scoped(request.user, Membership))
            return export_response(
                request,
                MEMBERSHIPS,
                querysets.memberships_for_export(members, committees),
                file_format=file_format,
                filters=[(label, value) for label, value in in_words[:1] if value],
                row=as_recorded.instance_of,
            )
        if day is not None:
            committees = recorded.committees(committees, day)
        return export_response(
            request,
            COMMITTEES,
            committees,
            file_format=file_format,
            filters=[(label, value) for label, value in in_words if value],
            row=lambda c: (c, querysets.terms_in_force(c.terms.all(), today)),
        )
    page = Paginator(committees, 25).get_page(parse_page(request))
    shown = page.object_list if day is None else recorded.committees(page.object_list, day)
    rows = [(c, querysets.terms_in_force(c.terms.all(), today)) for c in shown]
    context = {"rows": rows, "page": page, "kinds": Committee.Kind.choices, "kind": kind}
    return render(request, "governance/committee_list.html", context)


@system_view
@as_recorded.recordable
def committee_detail(request, system, pk: int):
    """A committee; as recorded on a past date (``?recorded_on=``, core.as_recorded), with its
    terms, members, meetings (their quorum from the attendance then recorded) and delegations
    as they then stood, and its history to that day, read-only."""
    committee = authz.get_visible_or_404(
        request.user,
        querysets.committees_for_list(_committees(request, system)),
        pk=pk,
    )
    day = request.recorded_on
    if day is not None:
        now, committee = (
            committee,
            as_recorded.version_of(_committees(request, system), pk, day, "reports_to"),
        )
        if committee is None:
            back = reverse("governance:committee-detail", args=[system.slug, pk])
            return as_recorded.not_yet_recorded(request, now, back=back)
        committee = recorded.committee(committee, day)
        meetings = committee.meetings.all()
        memberships = list(committee.memberships.all())
        delegations = committee.delegations.all()
    else:
        history = history_download(request, committee, lambda: committee_history(committee, None))
        if history:
            return history
        meetings = querysets.meetings_for_list(committee.meetings.all())
        memberships = list(querysets.committee_detail_memberships(committee))
        delegations = committee.delegations.select_related("from_organisation")
    today = request.as_at
    terms_today = querysets.terms_in_force(committee.terms.all(), today)
    context = {
        "committee": committee,
        "terms_today": terms_today,
        "quorum_parts": querysets.quorum_parts(terms_today, memberships, today),
        "memberships": memberships,
        "meetings": list(querysets.meeting_quorums(meetings, today)),
        "delegations": delegations,
        **as_recorded.record_history(
            request, committee, rows=lambda limit: committee_history(committee, limit), limit=100
        ),
    }
    return render(request, "governance/committee_detail.html", context)


@system_view
def committee_calendar(request, system, pk: int):
    """An iCalendar feed of the committee's meetings, for members to subscribe to in Outlook."""
    committee = authz.get_visible_or_404(request.user, _committees(request, system), pk=pk)
    meetings = for_calendar(committee.meetings.all())
    body = meetings_calendar(committee, meetings, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="committee-{committee.pk}.ics"'
    return response
