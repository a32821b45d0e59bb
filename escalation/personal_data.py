"""What escalation holds about people: risks they own, cases their account raised and what it
recorded in a case's log (core.subject_access)."""

from core.subject_access import Subject, section
from escalation.models import CaseEvent, EscalationCase, Risk


@section("Risks they own", order=40)
def risks(subject: Subject) -> list[dict]:
    rows = Risk.objects.filter(owner__in=subject.person_ids, **subject.in_systems("system"))
    return [{"Reference": r.reference, "Risk": r.title} for r in rows.order_by("reference")]


@section("Escalations they raised", order=41)
def cases(subject: Subject) -> list[dict]:
    if subject.user is None:
        return []
    rows = EscalationCase.objects.filter(
        raised_by=subject.user, **subject.in_systems("route__system")
    )
    return [
        {"Case": str(c), "Raised on": c.raised_on, "Reason": c.reason}
        for c in rows.order_by("raised_on", "pk")
    ]


@section("Escalation log entries they made", order=42)
def events(subject: Subject) -> list[dict]:
    if subject.user is None:
        return []
    rows = CaseEvent.objects.filter(by=subject.user, **subject.in_systems("case__route__system"))
    return [
        {"Case": str(e.case), "Action": e.get_action_display(), "At": e.at, "Note": e.note}
        for e in rows.select_related("case").order_by("at", "pk")
    ]
