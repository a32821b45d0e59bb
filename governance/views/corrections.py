"""Correct, cancel and withdraw meetings, decisions, actions and members (programme office).

Nothing here deletes: a cancelled meeting, a withdrawn decision or action and a member who has
stood down are kept, labelled, with the reason; a correction keeps the old values in the
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
    ActionEditForm,
    DecisionEditForm,
    MeetingEditForm,
    MembershipDatesForm,
    ReasonForm,
    StandDownForm,
    correction_initial,
)
from governance.models import Action, Decision, Meeting, Membership
from governance.views.editing import people, posted, require_office, save


def _get(request, system, model: type[models.Model], pk: int, *related: str):
    """The record in this system the user may see (404 for another system's), with the
    records its page names."""
    queryset = (
        authz.scoped(request.user, model)
        .filter(**{model.system_path: system})
        .select_related(*related)
    )
    return authz.get_visible_or_404(request.user, queryset, pk=pk)


def _to_meeting(system, meeting_id: int):
    return redirect("governance:meeting-detail", slug=system.slug, pk=meeting_id)


def _to_committee(system, committee_id: int):
    return redirect("governance:committee-detail", slug=system.slug, pk=committee_id)


def _page(request, form, record, meeting=None, committee=None, **extra):
    context = {
        "form": form,
        "record": record,
        "kind": type(record).__name__.lower(),
        "meeting": meeting,
        "committee": committee or (meeting.committee if meeting else None),
        "history": history_rows(record),
        **extra,
    }
    return render(request, "governance/correction_form.html", context)


@system_view
def meeting_edit(request, system, pk: int):
    meeting = _get(request, system, Meeting, pk, "committee")
    require_office(request, system)
    guard = EditGuard(request, meeting)
    form = guard.attach(
        MeetingEditForm(posted(request), initial=correction_initial(meeting, MeetingEditForm))
    )
    saved = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.meeting_update(actor=request.user, meeting=meeting, **data)
        ),
    )
    if saved is not None:
        messages.success(request, f"Changes to {saved} saved.")
        return _to_meeting(system, saved.pk)
    meeting.refresh_from_db()  # the caption keeps the saved values if the change is refused
    return _page(
        request,
        form,
        meeting,
        meeting=meeting,
        heading="Correct the meeting",
        submit="Save changes",
    )


@system_view
@submitted_once
def meeting_cancel(request, system, pk: int):
    meeting = _get(request, system, Meeting, pk, "committee")
    require_office(request, system)
    form = ReasonForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.meeting_cancel(actor=request.user, meeting=meeting, **data),
    )
    if saved is not None:
        messages.success(request, f"{saved} cancelled. It is kept, labelled cancelled.")
        return _to_meeting(system, saved.pk)
    return _page(
        request,
        form,
        meeting,
        meeting=meeting,
        heading="Cancel the meeting",
        intro="The meeting is kept, labelled cancelled, with the reason.",
        submit="Cancel meeting",
    )


@system_view
def decision_edit(request, system, pk: int):
    decision = _get(request, system, Decision, pk, "meeting__committee")
    require_office(request, system)
    guard = EditGuard(request, decision)
    form = guard.attach(
        DecisionEditForm(posted(request), initial=correction_initial(decision, DecisionEditForm))
    )
    saved = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.decision_update(actor=request.user, decision=decision, **data)
        ),
    )
    if saved is not None:
        messages.success(request, f"Decision corrected: {saved.title}.")
        return _to_meeting(system, saved.meeting_id)
    decision.refresh_from_db()
    return _page(
        request,
        form,
        decision,
        meeting=decision.meeting,
        heading="Correct a decision",
        submit="Save changes",
    )


@system_view
@submitted_once
def decision_withdraw(request, system, pk: int):
    decision = _get(request, system, Decision, pk, "meeting__committee")
    require_office(request, system)
    form = ReasonForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.decision_withdraw(actor=request.user, decision=decision, **data),
    )
    if saved is not None:
        messages.success(request, f"Decision withdrawn: {saved.title}. It is kept, labelled.")
        return _to_meeting(system, saved.meeting_id)
    return _page(
        request,
        form,
        decision,
        meeting=decision.meeting,
        heading="Withdraw a decision",
        intro="For a decision recorded in error. It is kept, labelled withdrawn, with the reason.",
        submit="Withdraw decision",
    )


@system_view
def action_edit(request, system, pk: int):
    action = _get(request, system, Action, pk, "meeting__committee", "owner__organisation")
    require_office(request, system)
    guard = EditGuard(request, action)
    form = guard.attach(
        ActionEditForm(
            posted(request),
            people=people(request, system),
            initial=correction_initial(action, ActionEditForm),
        )
    )
    saved = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.action_update(actor=request.user, action=action, **data)
        ),
    )
    if saved is not None:
        messages.success(request, f"Action corrected: {saved}.")
        return _to_meeting(system, saved.meeting_id)
    action.refresh_from_db()
    return _page(
        request,
        form,
        action,
        meeting=action.meeting,
        heading="Correct an action",
        submit="Save changes",
    )


@system_view
@submitted_once
def action_withdraw(request, system, pk: int):
    action = _get(request, system, Action, pk, "meeting__committee", "owner__organisation")
    require_office(request, system)
    form = ReasonForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.action_withdraw(actor=request.user, action=action, **data),
    )
    if saved is not None:
        messages.success(request, f"Action withdrawn: {saved}. It is kept, labelled.")
        return _to_meeting(system, saved.meeting_id)
    return _page(
        request,
        form,
        action,
        meeting=action.meeting,
        heading="Withdraw an action",
        intro="For an action recorded in error. It is kept, labelled withdrawn, with the reason. "
        "An action no longer needed can instead be corrected to Cancelled.",
        submit="Withdraw action",
    )


@system_view
def membership_edit(request, system, pk: int):
    membership = _get(request, system, Membership, pk, "committee", "person__organisation")
    require_office(request, system)
    guard = EditGuard(request, membership)
    form = guard.attach(
        MembershipDatesForm(
            posted(request), initial=correction_initial(membership, MembershipDatesForm)
        )
    )
    saved = save(
        request,
        form,
        lambda data: guard.write(
            lambda: services.membership_update(actor=request.user, membership=membership, **data)
        ),
    )
    if saved is not None:
        messages.success(request, f"Dates of {saved.person} corrected.")
        return _to_committee(system, saved.committee_id)
    membership.refresh_from_db()
    return _page(
        request,
        form,
        membership,
        committee=membership.committee,
        heading="Correct a member's dates",
        submit="Save changes",
    )


@system_view
@submitted_once
def membership_stand_down(request, system, pk: int):
    membership = _get(request, system, Membership, pk, "committee", "person__organisation")
    require_office(request, system)
    form = StandDownForm(posted(request))
    saved = save(
        request,
        form,
        lambda data: services.membership_stand_down(
            actor=request.user, membership=membership, **data
        ),
    )
    if saved is not None:
        messages.success(request, f"{saved.person} stood down. The membership is kept.")
        return _to_committee(system, saved.committee_id)
    return _page(
        request,
        form,
        membership,
        committee=membership.committee,
        heading="A member stands down",
        intro="The membership ends on the date given and is kept in the committee's record, "
        "with the reason.",
        submit="Record standing down",
    )
