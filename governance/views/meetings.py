from dataclasses import replace
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from core import as_recorded, authz
from core.exports import export_response, requested_format
from core.forms import add_service_error
from core.history import history_download
from core.once import submitted_once
from core.ordering import page_ordering
from core.pages import require, system_view
from core.params import parse_choice, parse_id, parse_page
from governance import querysets, recorded, services
from governance.exports import ATTENDANCE, MEETINGS, attendance_rows
from governance.forms import DeputyForm, MeetingForm
from governance.history import meeting_history
from governance.models import Attendance, Committee, Meeting, Membership
from governance.views import papers
from governance.views.declarations import declarations_context

STATUSES = dict(Attendance.Status.choices)


def _meetings(request, system):
    return authz.scoped(request.user, Meeting).filter(committee__system=system)


@system_view
def meeting_list(request, system):
    """Meetings, newest first, each with its quorum outcome; filter by committee and period."""
    meetings = querysets.meetings_for_list(_meetings(request, system)).order_by(
        *page_ordering("-held_on", model=Meeting)
    )
    committee = parse_id(request, "committee")
    if committee is not None:
        meetings = meetings.filter(committee_id=committee)
    period = parse_choice(request, "period", ["past", "upcoming"])
    today = request.as_at
    if period == "past":
        meetings = meetings.filter(held_on__lte=today)
    elif period == "upcoming":
        meetings = meetings.filter(held_on__gt=today).order_by(
            *page_ordering("held_on", model=Meeting)
        )
    file_format = requested_format(request)
    if file_format:
        committees = authz.scoped(request.user, Committee).filter(system=system)
        in_words = [
            ("Committee", str(committees.filter(pk=committee).first() or "") if committee else ""),
            ("When", {"past": "Held", "upcoming": "Upcoming"}.get(period, "")),
        ]
        return export_response(
            request,
            MEETINGS,
            meetings,
            file_format=file_format,
            filters=[(label, value) for label, value in in_words if value],
            row=lambda meeting: (meeting, querysets.meeting_quorum(meeting, today)),
        )
    page = Paginator(meetings, 25).get_page(parse_page(request))
    rows = list(querysets.meeting_quorums(page, today))
    context = {
        "rows": rows,
        "page": page,
        "committees": authz.scoped(request.user, Committee).filter(system=system),
        "committee": "" if committee is None else str(committee),
        "period": period,
    }
    return render(request, "governance/meeting_list.html", context)


@system_view
@submitted_once
def meeting_create(request, system):
    require(authz.can_administer(request.user, system))
    committees = authz.scoped(request.user, Committee).filter(system=system, stood_down_on=None)
    form = MeetingForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{meeting} added.")
            return redirect("governance:meeting-attendance", slug=system.slug, pk=meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form})


def _meeting(request, system, pk: int) -> Meeting:
    return authz.get_visible_or_404(
        request.user,
        querysets.meeting_detail(_meetings(request, system)).select_related("committee"),
        pk=pk,
    )


def _quorum_context(meeting: Meeting, as_at) -> dict:
    """The quorum panel as at the page's date (not yet held before the meeting): the outcome
    rule by rule, and the terms it was judged by."""
    outcome = querysets.meeting_quorum(meeting, as_at)
    terms = querysets.terms_in_force(meeting.committee.terms.all(), meeting.held_on)
    return {"meeting": meeting, "outcome": outcome, "terms": terms}


@system_view
@as_recorded.recordable
def meeting_detail(request, system, pk: int):
    meeting = _meeting(request, system, pk)
    if request.recorded_on is not None:
        return _recorded_meeting(request, system, meeting)
    if download := history_download(request, meeting, lambda: meeting_history(meeting, None)):
        return download
    context = {
        **_quorum_context(meeting, request.as_at),
        "actions": [(a, a.is_overdue_on(request.as_at)) for a in meeting.actions.all()],
        **as_recorded.record_history(
            request, meeting, rows=lambda limit: meeting_history(meeting, limit), limit=100
        ),
        **papers.agenda_context(request.user, meeting),
        "today": date.today(),  # the "Mark done" forms' default completion date
        **declarations_context(request, meeting),
    }
    return render(request, "governance/meeting_detail.html", context)


def _recorded_meeting(request, system, now: Meeting):
    """The meeting as recorded at the end of ``request.recorded_on`` (core.as_recorded): its
    details, attendance and quorum, and the decisions and actions recorded at it, as they then
    stood, with its history to that day; read-only. Its agenda, papers, minutes and
    declarations are on its page as it is now."""
    day = request.recorded_on
    meeting = as_recorded.version_of(_meetings(request, system), now.pk, day)
    if meeting is None:
        back = reverse("governance:meeting-detail", args=[system.slug, now.pk])
        return as_recorded.not_yet_recorded(request, now, back=back)
    committees = authz.scoped(request.user, Committee).filter(system=system)
    committee = as_recorded.version_of(committees, meeting.committee_id, day) or now.committee
    meeting = recorded.meeting(meeting, day, committee)
    context = {
        **_quorum_context(meeting, request.as_at),
        "actions": [(a, a.is_overdue_on(request.as_at)) for a in meeting.actions.all()],
        **as_recorded.record_history(
            request, now, rows=lambda limit: meeting_history(now, limit), limit=100
        ),
    }
    return render(request, "governance/meeting_detail.html", context)


def _member_rows(meeting: Meeting) -> list[tuple[Membership, str]]:
    """Members current on the meeting date, each with the attendance recorded so far."""
    recorded = {a.person_id: a.status for a in meeting.attendances.all()}
    members = querysets.members_on(meeting)
    return [(m, recorded.get(m.person_id, "")) for m in members]


@system_view
def meeting_attendance(request, system, pk: int):
    """Attendance on one page. With htmx each choice is saved as it is made and the quorum
    panel redraws; without JavaScript the whole form is saved at once."""
    meeting = _meeting(request, system, pk)
    may_edit = authz.can_administer(request.user, system)
    deputy_form = DeputyForm(meeting=meeting)
    if request.method == "POST":
        require(may_edit)
        if request.POST.get("action") == "deputy":
            deputy_form = DeputyForm(request.POST, meeting=meeting)
            if deputy_form.is_valid() and _record(request, deputy_form, meeting):
                return redirect("governance:meeting-attendance", slug=system.slug, pk=pk)
        else:
            rows = {m.pk: m for m, _ in _member_rows(meeting)}
            chosen = {
                rows[int(key.split("-", 1)[1])]: value
                for key, value in request.POST.items()
                if key.startswith("status-")
                and key.split("-", 1)[1].isdigit()
                and int(key.split("-", 1)[1]) in rows
                and value in STATUSES
            }
            try:
                with transaction.atomic():
                    for membership, status in chosen.items():
                        services.attendance_record(
                            actor=request.user,
                            meeting=meeting,
                            person=membership.person,
                            status=status,
                        )
            except ValidationError as error:
                # A meeting not yet held (its date is after today): say so on the page.
                for message in error.messages:
                    messages.error(request, message)
            else:
                meeting = _meeting(request, system, pk)
                if request.headers.get("HX-Request"):
                    return render(
                        request,
                        "governance/_quorum_panel.html",
                        _quorum_context(meeting, request.as_at),
                    )
                messages.success(request, "Attendance saved.")
                return redirect("governance:meeting-detail", slug=system.slug, pk=pk)
    file_format = requested_format(request)
    if file_format and request.method == "GET":
        rows = attendance_rows(querysets.members_on(meeting), meeting.attendances.all())
        spec = replace(ATTENDANCE, register=f"attendance-{meeting.held_on.isoformat()}")
        filters = [("Meeting", f"{meeting.committee.name}, {meeting.held_on:%-d %B %Y}")]
        return export_response(request, spec, rows, file_format=file_format, filters=filters)
    context = {
        **_quorum_context(meeting, request.as_at),
        "rows": _member_rows(meeting),
        "statuses": Attendance.Status.choices,
        "may_edit": may_edit,
        "deputy_form": deputy_form,
        "deputies": [a for a in meeting.attendances.all() if a.deputising_for_id],
    }
    return render(request, "governance/meeting_attendance.html", context)


def _record(request, form: DeputyForm, meeting: Meeting) -> bool:
    try:
        services.attendance_record(
            actor=request.user,
            meeting=meeting,
            person=form.cleaned_data["person"],
            status=Attendance.Status.PRESENT,
            deputising_for=form.cleaned_data["deputising_for"],
            chair_agreed=form.cleaned_data["chair_agreed"],
        )
    except ValidationError as error:
        add_service_error(form, error)
        return False
    messages.success(request, f"{form.cleaned_data['person']} recorded as a deputy.")
    return True
