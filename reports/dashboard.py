"""The figures on a system's dashboard, each gathered by a fixed number of queries and computed
by the same functions the registers and the API use."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, Max, Value, When
from django.db.models.functions import Coalesce

from core import authz
from escalation.models import EscalationCase, Risk
from escalation.querysets import open_cases
from governance.models import Agreement, Meeting, TermsOfReference, terms_to_review_on
from governance.querysets import agreements_for_list, meeting_quorums, meetings_for_list
from milestones.models import Milestone
from milestones.querysets import current, filter_milestones, rag_counter, with_rag
from milestones.rag import Rag

# The milestones the dashboard lists by name, of each kind; it counts all of them.
LISTED = 10


@dataclass
class Dashboard:
    rag_counts: Counter
    late_key: list  # the first LISTED key milestones red or amber (red first), with their RAG
    due_soon: list  # the first LISTED due within 30 days (the soonest first), with their RAG
    late_key_count: int
    late_key_worst: int | None  # the most days one of them has slipped
    due_soon_count: int
    cases_by_step: list  # (step order, [cases])
    meetings: list  # (meeting, quorum outcome)
    agreements_unsigned: list
    agreements_expiring: list
    terms_due: list
    top_risks: list


def build(user, system, today: date) -> Dashboard:
    # RAG as at the page's date, counted and picked out in SQL (milestones.rag's expressions).
    milestones = with_rag(
        current(authz.scoped(user, Milestone).filter(workstream__plan__system=system)), today
    ).select_related("workstream", "responsible_organisation")
    late = milestones.filter(is_key=True, as_at_rag__in=[Rag.RED, Rag.AMBER])
    due = filter_milestones(milestones, today=today, due_within=30)
    # Counted by the database; only the rows listed are fetched.
    found = late.order_by().aggregate(n=Count("pk"), worst=Max("as_at_slippage"))
    red_first = Case(When(as_at_rag=Rag.RED, then=Value(0)), default=Value(1))
    by_lateness = (red_first, Coalesce("baseline_on", "forecast_on"), "title", "pk")
    late_key = [(m, Rag(m.as_at_rag)) for m in late.order_by(*by_lateness)[:LISTED]]
    due_soon = [
        (m, Rag(m.as_at_rag)) for m in due.order_by("due_on", "baseline_on", "title", "pk")[:LISTED]
    ]
    cases = list(
        open_cases(authz.scoped(user, EscalationCase).filter(route__system=system)).order_by(
            "current_step__order", "raised_on"
        )
    )
    by_step: dict[int, list] = {}
    for case in cases:
        by_step.setdefault(case.current_step.order, []).append(case)
    meetings = list(
        meetings_for_list(
            authz.scoped(user, Meeting).filter(
                committee__system=system,
                held_on__gte=today - timedelta(days=31),
                held_on__lte=today + timedelta(days=31),
            )
        ).order_by("held_on")
    )
    agreements = list(agreements_for_list(authz.scoped(user, Agreement).filter(system=system)))
    expiring = [
        a
        for a in agreements
        if not a.has_ended and a.expires_on and today <= a.expires_on <= today + timedelta(90)
    ]
    # As the register's "Awaiting signatures" (which the count links to) and the chair's report
    # list them: one past its expiry date unsigned is still unsigned (seed 004's draft MoU).
    unsigned = [
        a
        for a in agreements
        if not a.has_ended and any(p.awaits_signature for p in a.parties.all())
    ]
    terms_due = list(
        authz.scoped(user, TermsOfReference)
        .filter(
            terms_to_review_on(today),
            committee__system=system,
            review_on__lte=today + timedelta(days=30),
        )
        .select_related("committee")
        .order_by("review_on")
    )
    risks = [
        r
        for r in authz.scoped(user, Risk)
        .filter(system=system, status=Risk.Status.OPEN)
        .select_related("owner_organisation")
        if r.band is not None  # scored, or rated H / M / L by its register
    ]
    risks.sort(key=lambda r: r.rank_key)
    return Dashboard(
        rag_counts=rag_counter(milestones),
        late_key=late_key,
        due_soon=due_soon,
        late_key_count=found["n"],
        late_key_worst=found["worst"],
        due_soon_count=due.count(),
        cases_by_step=sorted(by_step.items()),
        meetings=list(meeting_quorums(meetings, today)),
        agreements_unsigned=unsigned,
        agreements_expiring=expiring,
        terms_due=terms_due,
        top_risks=risks[:5],
    )
