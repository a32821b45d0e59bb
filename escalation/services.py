"""Writes for escalation routes, cases and risks. Every case transition is logged with who/when."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import delete_tracked, save_tracked, update_tracked
from core.services import check_changes, required_reason
from escalation.models import (
    CaseEvent,
    EscalationCase,
    EscalationRoute,
    EscalationStep,
    Risk,
    RiskMilestone,
    RiskWorkstream,
)
from escalation.querysets import party_kinds
from escalation.routing import PartyKind, check_route
from escalation.rules import ACTIVE, CaseAction, CaseStatus, check_step_up_on, next_status
from milestones.models import Milestone, Workstream
from partners.models import Partnership, System


def parties(system: System) -> list[PartyKind]:
    """The organisations party to ``system`` now, with their kinds: what routing reads."""
    return party_kinds(Partnership.objects.filter(system=system))


@transaction.atomic
def route_create(
    *, actor, system: System, name: str, steps: Iterable[dict] = (), reason: str = "", **fields
) -> EscalationRoute:
    """A route and its ordered steps (each a dict of EscalationStep fields, ``order`` included).

    It covers the items of a party, or of a kind of organisation a party is (escalation.routing:
    routing by organisation kind, West Norfolk JWA footnote 1)."""
    covers = fields.get("covers_organisation")
    check_route(
        parties=parties(system),
        covers_organisation_id=covers.pk if covers is not None else None,
        covers_organisation_kind=fields.get("covers_organisation_kind", ""),
    )
    route = EscalationRoute(system=system, name=name, **fields)
    save_tracked(route, actor=actor, reason=reason)
    for step in steps:
        step_add(actor=actor, route=route, reason=reason, **step)
    return route


@transaction.atomic
def step_add(
    *, actor, route: EscalationRoute, order: int, reason: str = "", **fields
) -> EscalationStep:
    """A step of the route; one to a regulator only where its route applies (a regulator of NHS
    trusts only where an NHS trust is party)."""
    committee = fields.get("escalate_to_committee")
    if committee is not None and committee.system_id != route.system_id:
        raise ValidationError({"escalate_to_committee": "Choose a committee in this system."})
    organisation = fields.get("escalate_to_organisation")
    if organisation is not None:
        check_route(parties=parties(route.system), escalates_to_ids=[organisation.pk])
    step = EscalationStep(route=route, order=order, **fields)
    return save_tracked(step, actor=actor, reason=reason)


# Correcting and withdrawing routes, and keeping their steps in order ------------------------------
#
# A route's steps are numbered 1..n with no gap and no repeat (the step_unique_order constraint
# holds the "no repeat"; these services hold the "no gap"). Once a case has been raised on a
# route its steps keep their places, since each case's event log names the step it was at by
# number: a step may still be corrected, or added at the end.

# What a route's correction may change. Never the system, nor the withdrawal (route_withdraw).
ROUTE_EDITABLE = {
    "name",
    "agreement",
    "clause",
    "covers_organisation",
    "covers_organisation_kind",
    "covers_workstream",
    "covers_commitment",
    "source",
}
# What a step's correction may change. Never its route, nor its place (step_move).
STEP_EDITABLE = {
    "escalate_to_committee",
    "escalate_to_organisation",
    "escalate_to_role",
    "response_required",
    "response_due_days",
    "step_up_after_days",
    "step_up_after_months",
}


def _check_route_open(route: EscalationRoute) -> None:
    if route.withdrawn_on is not None:
        raise ValidationError(
            f"This route was withdrawn on {route.withdrawn_on:%-d %B %Y} and is kept as it was."
        )


def _check_step_targets(route: EscalationRoute, fields: dict) -> None:
    committee = fields.get("escalate_to_committee")
    if committee is not None and committee.system_id != route.system_id:
        raise ValidationError({"escalate_to_committee": "Choose a committee in this system."})
    organisation = fields.get("escalate_to_organisation")
    if organisation is not None:
        check_route(parties=parties(route.system), escalates_to_ids=[organisation.pk])


def _locked_steps(route: EscalationRoute) -> list[EscalationStep]:
    """The route's steps in order, their route's row held until the transaction ends, so two
    people reordering at once take turns rather than both numbering from the same list."""
    list(EscalationRoute._base_manager.select_for_update().filter(pk=route.pk).values("pk"))
    return list(EscalationStep._base_manager.filter(route=route).order_by("order", "pk"))


def _check_steps_movable(route: EscalationRoute) -> None:
    cases = EscalationCase._base_manager.filter(route=route).count()
    if cases:
        raise ValidationError(
            f"{cases} case{'s have' if cases != 1 else ' has'} been raised on this route, so its "
            "steps keep their places: correct a step, add one at the end, or withdraw the route "
            "and set up a new one."
        )


@transaction.atomic
def route_update(*, actor, route: EscalationRoute, reason: str = "", **changes) -> EscalationRoute:
    """Correct a route; its history keeps the old values, who, when and why."""
    check_changes("route_update", changes, ROUTE_EDITABLE)
    _check_route_open(route)
    covers = changes.get("covers_organisation", route.covers_organisation)
    check_route(
        parties=parties(route.system),
        covers_organisation_id=covers.pk if covers is not None else None,
        covers_organisation_kind=changes.get(
            "covers_organisation_kind", route.covers_organisation_kind
        ),
    )
    agreement = changes.get("agreement")
    if agreement is not None and agreement.system_id != route.system_id:
        raise ValidationError({"agreement": "Choose an agreement of this system."})
    update_tracked(route, actor=actor, reason=reason, **changes)
    return route


@transaction.atomic
def route_withdraw(*, actor, route: EscalationRoute, reason: str) -> EscalationRoute:
    """Withdraw a route: kept and labelled, no longer offered for new cases. Its open cases are
    closed or withdrawn first, so none is left following a route that no longer applies."""
    reason = required_reason(reason, "Say why the route is being withdrawn.")
    _check_route_open(route)
    active = EscalationCase._base_manager.filter(route=route, status__in=ACTIVE).count()
    if active:
        raise ValidationError(
            {
                "reason": f"{active} open case{'s follow' if active != 1 else ' follows'} this "
                "route: close or withdraw them before withdrawing the route."
            }
        )
    update_tracked(
        route,
        actor=actor,
        reason=reason,
        withdrawn_on=timezone.localdate(),
        withdrawal_reason=reason,
    )
    return route


@transaction.atomic
def step_append(*, actor, route: EscalationRoute, reason: str = "", **fields) -> EscalationStep:
    """A new last step of the route."""
    check_changes("step_append", fields, STEP_EDITABLE)
    _check_route_open(route)
    steps = _locked_steps(route)
    return step_add(actor=actor, route=route, order=len(steps) + 1, reason=reason, **fields)


@transaction.atomic
def step_update(*, actor, step: EscalationStep, reason: str = "", **changes) -> EscalationStep:
    """Correct what a step asks for; its place is changed by step_move."""
    check_changes("step_update", changes, STEP_EDITABLE)
    _check_route_open(step.route)
    _check_step_targets(step.route, changes)
    update_tracked(step, actor=actor, reason=reason, **changes)
    return step


def _renumber(steps: list[EscalationStep], *, actor, reason: str) -> None:
    """Number ``steps`` 1..n in the order given. Those that move are first parked past the end
    (no history: a parked place is never a state anyone sees), so no two share a place on the
    way; each then records its move once, from its old place to its new one."""
    moving = [(n, step) for n, step in enumerate(steps, start=1) if step.order != n]
    park = max(max((step.order for step in steps), default=0), len(steps)) + 1
    for offset, (_, step) in enumerate(moving):
        EscalationStep._base_manager.filter(pk=step.pk).update(order=park + offset)
    for n, step in moving:
        update_tracked(step, actor=actor, reason=reason, order=n)


@transaction.atomic
def step_move(*, actor, step: EscalationStep, up: bool, reason: str = "") -> EscalationStep:
    """Move a step one place up (earlier) or down (later), swapping it with its neighbour."""
    route = step.route
    _check_route_open(route)
    _check_steps_movable(route)
    steps = _locked_steps(route)
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(steps):
        where = "first" if up else "last"
        raise ValidationError(f"Step {index + 1} is already the {where} step.")
    steps[index], steps[other] = steps[other], steps[index]
    _renumber(steps, actor=actor, reason=reason.strip() or "Steps reordered")
    step.refresh_from_db()
    return step


@transaction.atomic
def step_remove(*, actor, step: EscalationStep, reason: str) -> None:
    """Remove a step from a route no case has followed; the steps after it move up one place.
    Its history keeps what it was, and who removed it, when and why."""
    reason = required_reason(reason, "Say why the step is being removed.")
    route = step.route
    _check_route_open(route)
    _check_steps_movable(route)
    steps = _locked_steps(route)
    if len(steps) == 1:
        raise ValidationError(
            {"reason": "A route needs at least one step: withdraw the route instead."}
        )
    remaining = [s for s in steps if s.pk != step.pk]
    delete_tracked(step, actor=actor, reason=reason)
    _renumber(remaining, actor=actor, reason="Steps renumbered")


def _log(case: EscalationCase, *, actor, action: str, from_status: str, note: str = "") -> None:
    event = CaseEvent(
        case=case,
        action=action,
        from_status=from_status,
        to_status=case.status,
        step_order=case.current_step.order,
        by=actor,
        at=timezone.now(),
        note=note,
    )
    save_tracked(event, actor=actor)


@transaction.atomic
def case_raise(
    *,
    actor,
    route: EscalationRoute,
    reason: str,
    raised_on: date,
    milestone: Milestone | None = None,
    commitment=None,
    risk: Risk | None = None,
    subject_text: str = "",
    organisation=None,
) -> EscalationCase:
    """Raise a case at the route's first step; a step that requires a response awaits one."""
    subjects = [s for s in (milestone, commitment, risk) if s is not None]
    if len(subjects) > 1:
        raise ValidationError("A case has one subject: a milestone, a commitment or a risk.")
    if not subjects and not subject_text.strip():
        raise ValidationError({"subject_text": "Say what is being escalated."})
    reason = required_reason(reason, "Say why it is being escalated.")
    _not_after_today(raised_on=raised_on)
    if route.withdrawn_on is not None:
        raise ValidationError({"route": "This route has been withdrawn: choose another."})
    first_step = route.steps.order_by("order").first()
    if first_step is None:
        raise ValidationError({"route": "This route has no steps to escalate through."})
    kind = (
        EscalationCase.SubjectKind.MILESTONE
        if milestone
        else EscalationCase.SubjectKind.COMMITMENT
        if commitment
        else EscalationCase.SubjectKind.RISK
        if risk
        else EscalationCase.SubjectKind.OTHER
    )
    if organisation is None and milestone is not None:
        organisation = milestone.responsible_organisation
    if organisation is None:
        organisation = route.covers_organisation
    status = CaseStatus.AWAITING_RESPONSE if first_step.response_required else CaseStatus.OPEN
    case = EscalationCase(
        route=route,
        current_step=first_step,
        step_since=raised_on,
        subject_kind=kind,
        milestone=milestone,
        commitment=commitment,
        risk=risk,
        subject_text=subject_text.strip(),
        organisation=organisation,
        raised_by=actor,
        raised_on=raised_on,
        reason=reason,
        status=status,
    )
    save_tracked(case, actor=actor)
    _log(case, actor=actor, action=CaseAction.RAISE, from_status="", note=case.reason)
    return case


def _not_after_today(**dates: date) -> None:
    """What has happened (a case raised, a response received) happened by today."""
    today = date.today()
    errors = {
        name: "Enter a date that is today or earlier." for name, d in dates.items() if d > today
    }
    if errors:
        raise ValidationError(errors)


def _transition(case: EscalationCase, *, actor, action: str, note: str = "", **changes):
    from_status = case.status
    status = next_status(
        case.status,
        action,
        response_required=bool(case.current_step.response_required.strip()),
        has_response=case.has_response,
    )
    update_tracked(case, actor=actor, status=status, **changes)
    _log(case, actor=actor, action=action, from_status=from_status, note=note)
    return case


@transaction.atomic
def case_respond(
    *,
    actor,
    case: EscalationCase,
    reasons: str,
    mitigations: str,
    responded_on: date,
    revised_timetable: str = "",
) -> EscalationCase:
    """The structured response: the reasons and the mitigations, and a revised delivery timetable
    if applicable (West Norfolk JWA s.4, item 2: "c) revised delivery timetable (if
    applicable)"), so the timetable may be left out."""
    errors = {
        field: f"Give the {label}."
        for field, label, value in (
            ("reasons", "reasons for non-delivery", reasons),
            ("mitigations", "mitigations", mitigations),
        )
        if not value.strip()
    }
    if errors:
        raise ValidationError(errors)
    _not_after_today(responded_on=responded_on)
    return _transition(
        case,
        actor=actor,
        action=CaseAction.RESPOND,
        response_reasons=reasons.strip(),
        response_mitigations=mitigations.strip(),
        response_revised_timetable=revised_timetable.strip(),
        responded_on=responded_on,
    )


@transaction.atomic
def case_resolve(*, actor, case: EscalationCase, note: str = "") -> EscalationCase:
    return _transition(case, actor=actor, action=CaseAction.RESOLVE, note=note)


@transaction.atomic
def case_step_up(*, actor, case: EscalationCase, on: date, note: str = "") -> EscalationCase:
    """Move to the route's next step; its clock starts again and any earlier response is kept."""
    next_step = case.route.steps.filter(order__gt=case.current_step.order).order_by("order").first()
    if next_step is None:
        raise ValidationError("This case is already at the last step of its route.")
    check_step_up_on(
        on,
        step_since=case.step_since,
        step_up_after_days=case.current_step.step_up_after_days,
        step_up_after_months=case.current_step.step_up_after_months,
        today=date.today(),
    )
    return _transition(
        case,
        actor=actor,
        action=CaseAction.STEP_UP,
        note=note,
        current_step=next_step,
        step_since=on,
    )


@transaction.atomic
def case_close(*, actor, case: EscalationCase, note: str) -> EscalationCase:
    if not note.strip():
        raise ValidationError({"note": "Say why the case is being closed."})
    return _transition(case, actor=actor, action=CaseAction.CLOSE, note=note.strip())


@transaction.atomic
def case_withdraw(*, actor, case: EscalationCase, note: str) -> EscalationCase:
    """Withdraw a case raised in error or overtaken by events: kept, labelled, with the reason."""
    if not note.strip():
        raise ValidationError({"note": "Say why the case is being withdrawn."})
    return _transition(case, actor=actor, action=CaseAction.WITHDRAW, note=note.strip())


@transaction.atomic
def case_flag(*, actor, case: EscalationCase, flagged: bool, note: str = "") -> EscalationCase:
    """Flag (or unflag) the case for the chair's report to the regulators."""
    if case.flagged_for_chair == flagged:
        return case
    update_tracked(case, actor=actor, flagged_for_chair=flagged)
    action = CaseAction.FLAG if flagged else CaseAction.UNFLAG
    _log(case, actor=actor, action=action, from_status=case.status, note=note)
    return case


def _check_rating(*, grade: str, likelihood: int | None, impact: int | None) -> None:
    """A risk is rated as its register rates it: H / M / L, or likelihood and impact together
    (a score needs both), or not yet; never a grade and a score at once."""
    if grade and (likelihood is not None or impact is not None):
        raise ValidationError(
            {"grade": "Rate the risk H / M / L or by likelihood and impact, not both."}
        )
    if (likelihood is None) != (impact is None):
        missing = "impact" if impact is None else "likelihood"
        raise ValidationError({missing: f"Give the {missing} too: a score needs both."})


def _link_workstreams(*, actor, risk: Risk, workstreams: Iterable[Workstream]) -> None:
    for workstream in workstreams:
        if workstream.plan.system_id != risk.system_id:
            raise ValidationError({"workstreams": "Choose workstreams in this system."})
        save_tracked(RiskWorkstream(risk=risk, workstream=workstream), actor=actor)


@transaction.atomic
def risk_create(
    *,
    actor,
    system: System,
    reference: str,
    title: str,
    category: str,
    workstreams: Iterable[Workstream] = (),
    milestones: Iterable[Milestone] = (),
    reason: str = "",
    **fields,
) -> Risk:
    _check_rating(
        grade=fields.get("grade", ""),
        likelihood=fields.get("likelihood"),
        impact=fields.get("impact"),
    )
    risk = save_tracked(
        Risk(system=system, reference=reference, title=title, category=category, **fields),
        actor=actor,
        reason=reason,
    )
    _link_workstreams(actor=actor, risk=risk, workstreams=workstreams)
    for milestone in milestones:
        if milestone.workstream.plan.system_id != system.pk:
            raise ValidationError({"milestones": "Choose milestones in this system."})
        save_tracked(RiskMilestone(risk=risk, milestone=milestone), actor=actor)
    return risk


# What a risk's correction may change. Never the system (a risk does not move between
# systems), nor the status: closing, withdrawing and reopening each say why.
RISK_EDITABLE = {
    "reference",
    "title",
    "description",
    "category",
    "owner",
    "owner_organisation",
    "grade",
    "likelihood",
    "impact",
    "mitigations",
    "review_on",
    "source",
}


@transaction.atomic
def risk_update(
    *,
    actor,
    risk: Risk,
    reason: str = "",
    workstreams: Iterable[Workstream] | None = None,
    **changes,
) -> Risk:
    """Correct a risk (a reason is optional); ``workstreams``, if given, replaces its links."""
    check_changes("risk_update", changes, RISK_EDITABLE)
    # A form strips its text; a stored text with spaces around it (as loaded from a paper)
    # is not corrected by being shown and sent back.
    changes = {
        name: value
        for name, value in changes.items()
        if not (isinstance(value, str) and value.strip() == str(getattr(risk, name)).strip())
    }
    rating = {f: changes.get(f, getattr(risk, f)) for f in ("grade", "likelihood", "impact")}
    _check_rating(**rating)
    update_tracked(risk, actor=actor, reason=reason, **changes)
    if workstreams is not None:
        wanted = {w.pk: w for w in workstreams}
        for link in risk.workstream_links.all():
            if link.workstream_id not in wanted:
                delete_tracked(link, actor=actor, reason=reason)
            wanted.pop(link.workstream_id, None)
        _link_workstreams(actor=actor, risk=risk, workstreams=wanted.values())
    return risk


def _check_open(risk: Risk, doing: str) -> None:
    if risk.status != Risk.Status.OPEN:
        raise ValidationError(
            f"This risk is {risk.get_status_display().lower()}: only an open risk can be {doing}."
        )


@transaction.atomic
def risk_review(
    *,
    actor,
    risk: Risk,
    review_on: date | None,
    grade: str,
    likelihood: int | None,
    impact: int | None,
    mitigations: str,
    note: str = "",
) -> Risk:
    """Record a review of an open risk: its rating and mitigations as reviewed, and when it is
    next to be reviewed. A review is recorded in the history even when nothing changed."""
    _check_open(risk, "reviewed")
    _check_rating(grade=grade, likelihood=likelihood, impact=impact)
    risk.grade, risk.likelihood, risk.impact = grade, likelihood, impact
    risk.mitigations, risk.review_on = mitigations.strip(), review_on
    note = note.strip()
    return save_tracked(risk, actor=actor, reason=f"Reviewed: {note}" if note else "Reviewed")


def _set_status(*, actor, risk: Risk, status: str, reason: str, why: str) -> Risk:
    reason = required_reason(reason, why)
    update_tracked(risk, actor=actor, reason=reason, status=status)
    return risk


@transaction.atomic
def risk_close(*, actor, risk: Risk, reason: str) -> Risk:
    """Close an open risk (it no longer threatens delivery); it stays in the register."""
    _check_open(risk, "closed")
    return _set_status(
        actor=actor,
        risk=risk,
        status=Risk.Status.CLOSED,
        reason=reason,
        why="Say why the risk is being closed.",
    )


@transaction.atomic
def risk_withdraw(*, actor, risk: Risk, reason: str) -> Risk:
    """Withdraw a risk recorded in error: never deleted, it stays in the register, labelled."""
    if risk.status == Risk.Status.WITHDRAWN:
        raise ValidationError("This risk is already withdrawn.")
    return _set_status(
        actor=actor,
        risk=risk,
        status=Risk.Status.WITHDRAWN,
        reason=reason,
        why="Say why the risk is being withdrawn.",
    )


@transaction.atomic
def risk_reopen(*, actor, risk: Risk, reason: str) -> Risk:
    """Open a closed or withdrawn risk again (closed too soon, or withdrawn by mistake)."""
    if risk.status == Risk.Status.OPEN:
        raise ValidationError("This risk is already open.")
    return _set_status(
        actor=actor,
        risk=risk,
        status=Risk.Status.OPEN,
        reason=reason,
        why="Say why the risk is being reopened.",
    )
