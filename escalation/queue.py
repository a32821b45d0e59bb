"""Cases at my step: the open escalation cases whose current step is addressed to the signed-in
person, across the systems they may see, oldest first.

A step is addressed to an organisation, a committee or a named role (``EscalationStep``). It is
the person's when it names their organisation (the one they lead as a partner lead, or the one
their person record gives: the person form's "Signs in as") or a committee they sit on on the
date judged by. A step that names only a role ("Employing CEO of the SRO", "A suitable
regulatory body") names no one who signs in: it goes to the system's programme office
(``rules.asks_programme_office``). Due dates and overdue are the case board's
(``EscalationCase.response_due_on``, ``querysets.response_overdue``).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from core import authz
from escalation.models import EscalationCase
from escalation.querysets import open_cases, response_overdue
from escalation.rules import asks_programme_office
from governance.models import Membership
from partners.models import Person

ORGANISATION, COMMITTEE, OFFICE = "organisation", "committee", "office"
WHY = {
    ORGANISATION: "Your organisation",
    COMMITTEE: "A committee you sit on",
    OFFICE: "Programme office (a named role)",
}


@dataclass(frozen=True)
class QueueRow:
    case: EscalationCase
    system: object
    why: str  # ORGANISATION, COMMITTEE or OFFICE
    due_on: date | None
    overdue: bool
    judged_at: date

    @property
    def why_label(self) -> str:
        return WHY[self.why]

    @property
    def addressed_to(self) -> str:
        return self.case.current_step.escalate_to_label


@dataclass(frozen=True)
class Whom:
    """What makes a step the person's: their organisations, the committees they sit on (by
    id) and the systems whose programme office they are."""

    organisations: frozenset[int]
    committees: frozenset[int]
    office_systems: frozenset[int]

    def why(self, case: EscalationCase) -> str | None:
        step = case.current_step
        if step.escalate_to_organisation_id in self.organisations:
            return ORGANISATION
        if step.escalate_to_committee_id in self.committees:
            return COMMITTEE
        office = case.route.system_id in self.office_systems
        if office and asks_programme_office(
            committee_id=step.escalate_to_committee_id,
            organisation_id=step.escalate_to_organisation_id,
        ):
            return OFFICE
        return None

    def condition(self) -> Q:
        """The same test in SQL, so only the person's cases are read."""
        return (
            Q(current_step__escalate_to_organisation_id__in=self.organisations)
            | Q(current_step__escalate_to_committee_id__in=self.committees)
            | Q(
                route__system_id__in=self.office_systems,
                current_step__escalate_to_organisation__isnull=True,
                current_step__escalate_to_committee__isnull=True,
            )
        )


def whom(user, dates: dict[int, date]) -> Whom:
    """The person's organisations, committees (membership current on its system's date in
    ``dates``, system id -> date) and programme offices in these systems: two queries."""
    system_ids = frozenset(dates)
    organisations = authz.led_organisation_ids(user, system_ids)
    people = list(
        Person.objects.filter(user=user, system_id__in=system_ids).values_list(
            "pk", "organisation_id"
        )
    )
    organisations |= {organisation for _, organisation in people if organisation is not None}
    memberships = Membership.objects.filter(person_id__in=[pk for pk, _ in people])
    committees = {
        membership.committee_id
        for membership in memberships.select_related("committee")
        if membership.committee.system_id in dates
        and membership.is_current_on(dates[membership.committee.system_id])
    }
    offices = authz.programme_office_system_ids(user, system_ids)
    return Whom(frozenset(organisations), frozenset(committees), frozenset(offices))


def cases_at_my_step(user, systems: dict, dates: dict[int, date]) -> list[QueueRow]:
    """The open cases at the person's step in ``systems`` (id -> system), oldest raised first,
    each judged as at its system's date in ``dates``. A fixed number of queries."""
    if not systems:
        return []
    ids = frozenset(systems)
    asked = whom(user, dates)
    cases = (
        open_cases(authz.scoped(user, EscalationCase).filter(route__system_id__in=ids))
        .filter(asked.condition())
        .select_related(
            "current_step__escalate_to_organisation", "current_step__escalate_to_committee"
        )
        .order_by("raised_on", "pk")
    )
    rows = []
    for case in cases:
        why = asked.why(case)
        if why is None:
            continue
        judged_at = dates[case.route.system_id]
        rows.append(
            QueueRow(
                case=case,
                system=systems[case.route.system_id],
                why=why,
                due_on=case.response_due_on,
                overdue=response_overdue(case, judged_at),
                judged_at=judged_at,
            )
        )
    return rows
