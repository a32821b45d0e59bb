"""What changed in a system between two dates, each change linking to its record: one function,
``changes_between``, read by the changes page (``/s/<system>/changes/``), its downloads and the
monthly report's "Since last month" (the month's first and last days).

Like the report, it reads the domain's own dates and logs, never django-simple-history (history
says when data was keyed in; seed data is keyed in years after the events it records): a
milestone completed on its completed date, re-baselined when the baseline was set, slipped or
changed RAG between its state at the end of the day before ``start`` and at the end of ``end``
(reports.snapshot.milestones.state_at: baselines, monthly updates and completion as then); a
case raised on its raised date, stepped up and closed by its event log; a decision on its
meeting's date; a finance movement for each month whose last day falls between the two dates;
a person joining or leaving a committee, and an organisation the system, on their dates.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q

from escalation.models import CaseEvent, EscalationCase
from escalation.rules import CaseAction
from finance.models import MonthlyPosition
from finance.templatetags.finance_format import money
from governance.models import DECISION_STANDING, Decision, Meeting, Membership
from milestones.models import Baseline, Milestone, ProgressUpdate
from milestones.querysets import current, milestones_for_list
from milestones.rag import Rag
from partners.models import Partnership
from reports.snapshot.common import Period, local_date, organisation_label
from reports.snapshot.milestones import state_at

CLOSING = {
    CaseAction.CLOSE: "closed",
    CaseAction.RESOLVE: "resolved",
    CaseAction.WITHDRAW: "withdrawn",
}


@dataclass(frozen=True)
class Change:
    """One change: the day it happened, the record it is about (``record`` its label, ``link``
    the URL name and arguments after the system's of its page), and what changed, in words."""

    on: date
    record: str
    text: str
    link: tuple[str, tuple] | None = None


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class Changes:
    start: date
    end: date
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(section.changes) for section in self.sections)


def _day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value is not None else "not dated"


def _sorted(changes: Iterable[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (c.on, c.record.casefold(), c.text))


def changes_between(system, start: date, end: date) -> Changes:
    """What changed in ``system`` from ``start`` to ``end``, both days included, section by
    section, each in date order. It only reads, inside the scope the caller opened (a page's
    reader, or a report's task); eleven queries whatever the number of records."""
    if end < start:
        raise ValueError("The end date is before the start date.")
    before, after = Period.at(start - timedelta(days=1)), Period.at(end)
    milestone_sections = _milestones(system, before, after)
    return Changes(
        start=start,
        end=end,
        sections=[
            *milestone_sections,
            *_cases(system, start, end, after),
            Section("decisions", "Decisions", _decisions(system, start, end)),
            Section("finance", "Finance", _finance(system, start, end)),
            Section(
                "people",
                "People and organisations joining and leaving",
                _people(system, start, end),
            ),
        ],
    )


def _milestones(system, before: Period, after: Period) -> list[Section]:
    """Completed, re-baselined, slipped and RAG changes of the milestones that count (three
    queries, and one for the re-baselines)."""
    updates = ProgressUpdate.objects.order_by("month", "pk")
    milestones = list(
        milestones_for_list(current(Milestone.objects.filter(workstream__plan__system=system)))
        .prefetch_related(Prefetch("updates", queryset=updates, to_attr="updates_by_month"))
        .order_by("pk")
    )
    start = before.cutoff + timedelta(days=1)
    completed, slipped, rag = [], [], []
    for milestone in milestones:
        link = ("milestones:milestone-detail", (milestone.pk,))
        then, now = state_at(milestone, before), state_at(milestone, after)
        if now.completed is not None and now.completed >= start:
            text = f"Completed on {_day(now.completed)}"
            completed.append(Change(now.completed, milestone.title, text, link))
            continue
        if now.completed is None and None not in (then.due, now.due) and now.due > then.due:
            text = (
                f"Due {_day(now.due)}, was {_day(then.due)}: {(now.due - then.due).days} days later"
            )
            slipped.append(Change(after.cutoff, milestone.title, text, link))
        if now.rag != then.rag:
            text = f"{Rag(then.rag).label} to {Rag(now.rag).label}"
            rag.append(Change(after.cutoff, milestone.title, text, link))
    return [
        Section("completed", "Milestones completed", _sorted(completed)),
        Section("rebaselined", "Milestones re-baselined", _rebaselined(system, before, after)),
        Section("slipped", "Milestones slipped", _sorted(slipped)),
        Section("rag", "RAG changes", _sorted(rag)),
    ]


def _rebaselined(system, before: Period, after: Period) -> list[Change]:
    """Each baseline set between the two dates that moved an earlier one (a milestone's first
    baseline is its plan, not a re-baselining): one query."""
    milestones = current(Milestone.objects.filter(workstream__plan__system=system))
    moved = Baseline.objects.filter(
        milestone__in=milestones, set_at__gte=before.end, set_at__lt=after.end
    )
    baselines = (
        Baseline.objects.filter(milestone_id__in=moved.values("milestone_id"), set_at__lt=after.end)
        .select_related("milestone")
        .order_by("milestone_id", "set_at", "pk")
    )
    changes, previous = [], None
    for baseline in baselines:
        earlier = previous if previous and previous.milestone_id == baseline.milestone_id else None
        previous = baseline
        if earlier is None or baseline.set_at < before.end:
            continue
        text = f"Baseline {_day(earlier.baseline_on)} to {_day(baseline.baseline_on)}"
        if baseline.reason:
            text += f": {baseline.reason}"
        link = ("milestones:milestone-detail", (baseline.milestone_id,))
        changes.append(Change(local_date(baseline.set_at), baseline.milestone.title, text, link))
    return _sorted(changes)


def _case_label(case: EscalationCase) -> str:
    return f"Case {case.pk} ({case.subject_label})"


def _cases(system, start: date, end: date, after: Period) -> list[Section]:
    """Raised on their dates; stepped up and closed by their events (two queries)."""
    raised, stepped, closed = [], [], []
    events = CaseEvent.objects.filter(
        case__route__system=system,
        action__in=[CaseAction.STEP_UP, *CLOSING],
        at__gte=Period.at(start - timedelta(days=1)).end,
        at__lt=after.end,
    ).select_related("case__route", "case__milestone", "case__commitment", "case__risk")
    cases = EscalationCase.objects.filter(
        route__system=system, raised_on__gte=start, raised_on__lte=end
    ).select_related("route", "current_step", "milestone", "commitment", "risk", "organisation")
    for case in cases:
        link = ("escalation:case-detail", (case.pk,))
        text = f"Raised with {organisation_label(case.organisation) or 'no organisation named'}"
        text += f" on route {case.route.name}"
        raised.append(Change(case.raised_on, _case_label(case), text, link))
    for event in events:
        case = event.case
        link = ("escalation:case-detail", (case.pk,))
        if event.action == CaseAction.STEP_UP:
            text = f"Stepped up to step {event.step_order}"
            stepped.append(Change(local_date(event.at), _case_label(case), text, link))
        else:
            text = CLOSING[event.action].capitalize() + (f": {event.note}" if event.note else "")
            closed.append(Change(local_date(event.at), _case_label(case), text, link))
    return [
        Section("cases_raised", "Escalations raised", _sorted(raised)),
        Section("cases_stepped_up", "Escalations stepped up", _sorted(stepped)),
        Section("cases_closed", "Escalations closed, resolved or withdrawn", _sorted(closed)),
    ]


def _decisions(system, start: date, end: date) -> list[Change]:
    decisions = (
        Decision.objects.filter(
            DECISION_STANDING,
            meeting__committee__system=system,
            meeting__held_on__gte=start,
            meeting__held_on__lte=end,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting__committee")
    )
    return _sorted(
        Change(
            d.meeting.held_on,
            f"{d.reference}: {d.title}" if d.reference else d.title,
            f"Decided by {d.meeting.committee.name}",
            ("governance:meeting-detail", (d.meeting_id,)),
        )
        for d in decisions
    )


def _finance(system, start: date, end: date) -> list[Change]:
    """Each organisation's position for a month ending between the two dates, against its
    position the month before (one query)."""
    first = (start.replace(day=1) - timedelta(days=1)).replace(day=1)
    positions = (
        MonthlyPosition.objects.filter(system=system, month__gte=first, month__lte=end)
        .select_related("organisation")
        .order_by("organisation_id", "month")
    )
    earlier: dict[int, MonthlyPosition] = {}
    changes = []
    for position in positions:
        month_end = (position.month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        previous = earlier.get(position.organisation_id)
        earlier[position.organisation_id] = position
        if not start <= month_end <= end:
            continue
        text = (
            f"{position.month:%B %Y}: year-to-date actual {money(position.ytd_actual)} against "
            f"plan {money(position.ytd_plan)}; forecast outturn {money(position.forecast_outturn)}"
        )
        if previous is not None and previous.month < position.month:
            text += f", was {money(previous.forecast_outturn)} in {previous.month:%B %Y}"
        text += " (£'000)"
        record = organisation_label(position.organisation)
        changes.append(Change(month_end, record, text, ("finance:overview", ())))
    return _sorted(changes)


def _people(system, start: date, end: date) -> list[Change]:
    """Committee members who started or stood down, and organisations that joined or left the
    system, between the two dates (two queries)."""
    changes = []
    memberships = (
        Membership.objects.filter(committee__system=system, planned=False)
        .filter(
            Q(started_on__gte=start, started_on__lte=end)
            | Q(ended_on__gte=start, ended_on__lte=end)
        )
        .select_related("person__organisation", "committee")
    )
    for membership in memberships:
        link = ("governance:committee-detail", (membership.committee_id,))
        role = membership.get_role_display().lower()
        name = str(membership.person)
        if membership.started_on and start <= membership.started_on <= end:
            text = f"Joined {membership.committee.name} as {role}"
            changes.append(Change(membership.started_on, name, text, link))
        if membership.ended_on and start <= membership.ended_on <= end:
            text = f"Stood down from {membership.committee.name}"
            if membership.ended_reason:
                text += f": {membership.ended_reason}"
            changes.append(Change(membership.ended_on, name, text, link))
    partnerships = (
        Partnership.objects.filter(system=system)
        .filter(
            Q(joined_on__gte=start, joined_on__lte=end) | Q(left_on__gte=start, left_on__lte=end)
        )
        .select_related("organisation")
    )
    for partnership in partnerships:
        link = ("partners:organisation-detail", (partnership.organisation_id,))
        name = partnership.organisation.name
        if partnership.joined_on and start <= partnership.joined_on <= end:
            changes.append(Change(partnership.joined_on, name, "Joined the system", link))
        if partnership.left_on and start <= partnership.left_on <= end:
            changes.append(Change(partnership.left_on, name, "Left the system", link))
    return _sorted(changes)
