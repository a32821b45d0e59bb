"""Record a meeting's decisions and actions, and mark actions done (programme office)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from core import authz
from core.once import submitted_once
from core.pages import system_view
from governance import services
from governance.forms import ActionCompleteForm, ActionForm, DecisionForm
from governance.models import Action, Meeting
from governance.views.editing import people, posted, require_office, save


def _meeting(request, system, pk: int) -> Meeting:
    return authz.get_visible_or_404(
        request.user,
        authz.scoped(request.user, Meeting)
        .filter(committee__system=system)
        .select_related("committee"),
        pk=pk,
    )


def _to_meeting(system, meeting_id: int):
    return redirect("governance:meeting-detail", slug=system.slug, pk=meeting_id)


@system_view
@submitted_once
def decision_create(request, system, pk: int):
    meeting = _meeting(request, system, pk)
    require_office(request, system)
    form = DecisionForm(posted(request))
    decision = save(
        request,
        form,
        lambda data: services.decision_record(actor=request.user, meeting=meeting, **data),
    )
    if decision is not None:
        messages.success(request, f"Decision recorded: {decision.title}.")
        return _to_meeting(system, meeting.pk)
    return render(request, "governance/decision_form.html", {"form": form, "meeting": meeting})


@system_view
@submitted_once
def action_create(request, system, pk: int):
    meeting = _meeting(request, system, pk)
    require_office(request, system)
    form = ActionForm(posted(request), people=people(request, system))
    action = save(
        request,
        form,
        lambda data: services.action_create(actor=request.user, meeting=meeting, **data),
    )
    if action is not None:
        messages.success(request, "Action added.")
        return _to_meeting(system, meeting.pk)
    return render(request, "governance/action_form.html", {"form": form, "meeting": meeting})


@system_view
def action_complete(request, system, pk: int):
    """The meeting page posts here from each open action's "Mark done" form; this page shows
    the form on its own, to say what was wrong or for a browser that lands on it."""
    action = authz.get_visible_or_404(
        request.user,
        authz.scoped(request.user, Action)
        .filter(meeting__committee__system=system)
        .select_related("meeting__committee", "owner__organisation"),
        pk=pk,
    )
    require_office(request, system)
    form = ActionCompleteForm(posted(request))
    done = save(
        request,
        form,
        lambda data: services.action_complete(actor=request.user, action=action, **data),
    )
    if done is not None:
        messages.success(request, f"Action marked done: {done}.")
        return _to_meeting(system, done.meeting_id)
    context = {"form": form, "action": action, "meeting": action.meeting}
    return render(request, "governance/action_complete.html", context)
