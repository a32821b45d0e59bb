"""A meeting's minutes: the page that shows a version against the agenda, and the programme
office's steps (draft, amend, circulate, approve at a later meeting, correct).

Confidential (part B) entries are shown only to those ``governance.confidential`` allows."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import authz
from core.history import history_download, history_rows
from core.pages import system_view
from core.params import parse_id
from governance import confidential
from governance import services_minutes as services
from governance.forms_minutes import (
    MinutesApproveForm,
    MinutesCirculateForm,
    MinutesCorrectForm,
    MinutesEditForm,
)
from governance.minutes_reads import (
    approving_meetings,
    entries_to_write,
    status_line,
    visible_entries,
)
from governance.models import Meeting, Minutes
from governance.views.editing import posted, require_office, save


def _meeting(request, system, pk: int) -> Meeting:
    meetings = authz.scoped(request.user, Meeting).filter(committee__system=system)
    return authz.get_visible_or_404(request.user, meetings.select_related("committee"), pk=pk)


def _minutes(request, system, pk: int) -> Minutes:
    minutes = authz.scoped(request.user, Minutes).filter(meeting__committee__system=system)
    return authz.get_visible_or_404(
        request.user,
        minutes.select_related("meeting__committee", "approved_at", "supersedes"),
        pk=pk,
    )


def _to_minutes(system, minutes: Minutes, *, version: bool = False):
    response = redirect("governance:minutes-detail", slug=system.slug, pk=minutes.meeting_id)
    if version:
        response["Location"] += f"?version={minutes.version}"
    return response


@system_view
def minutes_detail(request, system, pk: int):
    """The minutes of one meeting, a version at a time (the latest unless ``?version=``)."""
    meeting = _meeting(request, system, pk)
    versions = list(
        Minutes.objects.filter(meeting=meeting)
        .select_related("approved_at", "approval", "supersedes")
        .order_by("-version")
    )
    wanted = parse_id(request, "version")
    shown = next((v for v in versions if wanted is None or v.version == wanted), None)
    if wanted is not None and shown is None:
        raise Http404("No such version of these minutes.")
    if shown is not None and (
        download := history_download(request, shown, lambda: history_rows(shown, None))
    ):
        return download
    context = {
        "meeting": meeting,
        "versions": versions,
        "shown": shown,
        "status": status_line(shown) if shown else "",
        "superseded_by": next((v for v in versions if shown and v.supersedes_id == shown.pk), None),
        "may_confide": confidential.may_see_confidential(request.user, meeting),
        "can_administer": authz.can_administer(request.user, system),
    }
    if shown is not None:
        context.update(
            entries=list(visible_entries(request.user, shown)),
            attendances=meeting.attendances.select_related(
                "person__organisation", "deputising_for__person"
            ),
            decisions=meeting.decisions.all(),
            actions=meeting.actions.select_related("owner__organisation"),
            history=history_rows(shown),
            history_downloads=True,
        )
    return render(request, "governance/minutes_detail.html", context)


@require_POST
@system_view
def minutes_draft(request, system, pk: int):
    meeting = _meeting(request, system, pk)
    require_office(request, system)
    try:
        minutes = services.minutes_draft(actor=request.user, meeting=meeting)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("governance:minutes-detail", slug=system.slug, pk=meeting.pk)
    messages.success(request, "Draft minutes started, one entry per agenda item.")
    return redirect("governance:minutes-edit", slug=system.slug, pk=minutes.pk)


def _form_page(request, template: str, minutes: Minutes, form, **extra):
    context = {
        "form": form,
        "minutes": minutes,
        "meeting": minutes.meeting,
        "status": status_line(minutes),
        "history": history_rows(minutes),
        **extra,
    }
    return render(request, template, context)


@system_view
def minutes_edit(request, system, pk: int):
    minutes = _minutes(request, system, pk)
    require_office(request, system)
    if minutes.is_frozen:
        messages.error(request, services.frozen_message(minutes))
        return _to_minutes(system, minutes, version=True)
    # Items added to the agenda since the draft are offered unsaved; saving makes their entries.
    entries = entries_to_write(request.user, minutes)
    form = MinutesEditForm(
        posted(request), minutes=minutes, entries=entries, initial={"summary": minutes.summary}
    )
    saved = save(
        request,
        form,
        lambda data: services.minutes_amend(
            actor=request.user,
            minutes=minutes,
            summary=data["summary"],
            discussions=form.discussions(),
            new_discussions=form.new_discussions(),
            reason=data["reason"],
        ),
    )
    if saved is not None:
        messages.success(request, f"Minutes saved (version {saved.version}).")
        return _to_minutes(system, saved, version=True)
    return _form_page(request, "governance/minutes_edit.html", minutes, form)


@system_view
def minutes_circulate(request, system, pk: int):
    minutes = _minutes(request, system, pk)
    require_office(request, system)
    form = MinutesCirculateForm(posted(request), initial={"circulated_on": date.today()})
    saved = save(
        request,
        form,
        lambda data: services.minutes_circulate(actor=request.user, minutes=minutes, **data),
    )
    if saved is not None:
        messages.success(request, f"Minutes circulated on {saved.circulated_on:%-d %B %Y}.")
        return _to_minutes(system, saved, version=True)
    return _form_page(request, "governance/minutes_circulate.html", minutes, form)


@system_view
def minutes_approve(request, system, pk: int):
    """Approve circulated minutes at a later meeting (``?at=`` chooses it, from that meeting's
    page)."""
    minutes = _minutes(request, system, pk)
    require_office(request, system)
    meetings = approving_meetings(minutes, date.today())
    form = MinutesApproveForm(
        posted(request), meetings=meetings, initial={"at": parse_id(request, "at")}
    )
    saved = save(
        request,
        form,
        lambda data: services.minutes_approve(actor=request.user, minutes=minutes, **data),
    )
    if saved is not None:
        messages.success(request, f"Minutes approved: {saved.approval.title}.")
        return _to_minutes(system, saved, version=True)
    return _form_page(request, "governance/minutes_approve.html", minutes, form)


@system_view
def minutes_correct(request, system, pk: int):
    minutes = _minutes(request, system, pk)
    require_office(request, system)
    form = MinutesCorrectForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.minutes_correct(actor=request.user, approved=minutes, **data),
    )
    if saved is not None:
        messages.success(
            request,
            f"Version {saved.version} started: it replaces version {minutes.version} once "
            "it is approved.",
        )
        return redirect("governance:minutes-edit", slug=system.slug, pk=saved.pk)
    return _form_page(request, "governance/minutes_correct.html", minutes, form)
