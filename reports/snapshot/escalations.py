"""Escalation cases as they stood at the cut-off, rebuilt from each case's event log.

A case's status and step at the cut-off are those after its last event logged on or before it.
A case keyed in later than it happened (every event after the cut-off, though raised before it)
stands as it was raised. A case with no events at all stands as it is now.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from core.dates import add_days
from escalation.models import CaseEvent, EscalationCase, EscalationStep
from escalation.querysets import CASE_RELATED, response_overdue
from escalation.rules import ACTIVE, CaseAction
from reports.snapshot.common import Period, iso, local_date, organisation_label

AGE_BANDS = ((30, "under 30 days"), (90, "30 to 89 days"), (None, "90 days or more"))


@dataclass(frozen=True)
class CaseState:
    """What escalation.querysets.response_overdue reads, as it stood at a cut-off."""

    status: str
    step: EscalationStep
    step_since: date
    has_response: bool

    @property
    def response_due_on(self) -> date | None:
        days = self.step.response_due_days
        return add_days(self.step_since, days) if days is not None else None

    @property
    def is_open(self) -> bool:
        return self.status in ACTIVE


def fetch(system, period: Period) -> tuple[list[EscalationCase], dict]:
    """Cases raised by the cut-off with their events, and every step of the system's routes by
    (route, order) with whom it escalates to (three queries)."""
    cases = list(
        EscalationCase.objects.filter(route__system=system, raised_on__lte=period.cutoff)
        .select_related(*CASE_RELATED)
        .prefetch_related(Prefetch("events", queryset=CaseEvent.objects.order_by("at", "pk")))
        .order_by("pk")
    )
    steps = {
        (step.route_id, step.order): step
        for step in EscalationStep.objects.filter(route__system=system).select_related(
            "escalate_to_committee", "escalate_to_organisation"
        )
    }
    return cases, steps


def state_at(case: EscalationCase, period: Period, steps: dict) -> CaseState:
    events = list(case.events.all())
    logged = [e for e in events if e.at < period.end] or events[:1]
    responded = case.responded_on is not None and case.responded_on <= period.cutoff
    has_response = case.has_response and responded
    if not logged:
        # The step from ``steps``, whose escalation targets are already fetched.
        step = steps.get((case.route_id, case.current_step.order), case.current_step)
        return CaseState(case.status, step, case.step_since, has_response)
    last = logged[-1]
    step = steps.get((case.route_id, last.step_order), case.current_step)
    if step.pk == case.current_step_id:
        since = case.step_since
    else:
        step_ups = [e for e in logged if e.action == CaseAction.STEP_UP]
        since = local_date(step_ups[-1].at) if step_ups else case.raised_on
    return CaseState(last.to_status, step, since, has_response)


def _age_band(days: int) -> str:
    return next(label for limit, label in AGE_BANDS if limit is None or days < limit)


def _row(case: EscalationCase, state: CaseState, period: Period) -> dict:
    due = state.response_due_on
    return {
        "id": case.pk,
        "reference": f"Case {case.pk}",
        "subject": case.subject_label,
        "organisation": organisation_label(case.organisation),
        "route": case.route.name,
        "step": state.step.order,
        "escalate_to": state.step.escalate_to_label,
        "status": state.status,
        "raised_on": iso(case.raised_on),
        "age_days": case.age_days(period.cutoff),
        "response_due": iso(due),
        "response_overdue": response_overdue(state, period.cutoff),
        "reason": case.reason,
    }


@dataclass(frozen=True)
class _Line:
    case: EscalationCase
    state: CaseState
    was_open: bool  # at the previous month's cut-off
    row: dict

    @property
    def by_step(self) -> tuple:
        return (self.state.step.order, self.case.raised_on, self.case.pk)


def section(system, period: Period) -> tuple[dict, dict[int, str]]:
    """The escalations section, and every case's status at the cut-off by id (for the changes)."""
    cases, steps = fetch(system, period)
    earlier = period.previous
    lines = []
    for case in cases:
        state = state_at(case, period, steps)
        was_open = case.raised_on <= earlier.cutoff and state_at(case, earlier, steps).is_open
        lines.append(_Line(case, state, was_open, _row(case, state, period)))
    open_lines = sorted(
        (line for line in lines if line.state.is_open), key=lambda line: line.by_step
    )
    new = sorted(
        (line for line in lines if period.contains(line.case.raised_on)),
        key=lambda line: (line.case.raised_on, line.case.pk),
    )
    # The flag marks a case for the coming report, so it is read as it is now; a case flagged
    # long ago and closed before the month began no longer belongs in it.
    flagged = sorted(
        (
            line
            for line in lines
            if line.case.flagged_for_chair
            and (line.state.is_open or line.was_open or period.contains(line.case.raised_on))
        ),
        key=lambda line: line.by_step,
    )
    labels: dict[int, list[str]] = {}
    for (_, order), step in sorted(steps.items()):
        label = step.escalate_to_label
        if label not in labels.setdefault(order, []):
            labels[order].append(label)
    open_steps = [line.state.step.order for line in open_lines]
    ages = [_age_band(line.row["age_days"]) for line in open_lines]
    by_step = [
        {"step": order, "escalate_to": "; ".join(labels[order]), "count": open_steps.count(order)}
        for order in sorted(labels)
    ]
    result = {
        "open": [line.row for line in open_lines],
        "new": [line.row for line in new],
        "by_step": by_step,
        "by_age": [{"band": label, "count": ages.count(label)} for _, label in AGE_BANDS],
        "flagged": [line.row for line in flagged],
    }
    return result, {line.case.pk: line.state.status for line in lines}
