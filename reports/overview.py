"""The regulators' overview: one row per system, every figure as at one date, computed by the
functions each system's own pages use (milestones.querysets' RAG in SQL, escalation.querysets,
governance.querysets' quorum, finance.querysets' headline, reports.due), read for all the
systems at once: a fixed number of queries whatever their number. The page and the API both
read ``overview_rows``, so they agree."""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max
from django.utils import timezone

from core import authz
from core.params import parse_date
from core.reporting_date import PARAMETER
from escalation.models import EscalationCase, Risk
from escalation.querysets import open_cases, response_overdue
from finance.querysets import finance_headlines
from governance.models import Meeting
from governance.querysets import meeting_quorum, meetings_for_list
from milestones.models import Milestone
from milestones.querysets import current, rag_counters, with_rag
from milestones.rag import Rag
from partners.models import Organisation
from reports.due import report_due_on
from reports.models import FROZEN, MonthlyReport

SYSTEM = "workstream__plan__system_id"
LATE = (Rag.RED, Rag.AMBER)
TOP_RISKS = 3
CASE_COLUMNS = (
    "route__system_id",
    "current_step__order",
    "current_step__response_due_days",
    "current_step__escalate_to_organisation__kind",
    "step_since",
    "status",
    "response_reasons",
    "response_mitigations",
)


@dataclass
class OverviewRow:
    system: object
    as_at: date
    rag: Counter = field(default_factory=Counter)  # every milestone by RAG (the dashboard's)
    key_rag: Counter = field(default_factory=Counter)  # key milestones by RAG
    key_late: int = 0  # key milestones red or amber (the dashboard's "overdue or slipping")
    key_worst_slippage: int | None = None  # the most days one of them has slipped
    cases_by_step: list = field(default_factory=list)  # [(step order, open cases)]
    cases_open: int = 0
    cases_at_regulator: int = 0  # open cases whose step escalates to a regulator
    responses_overdue: int = 0
    unquorate_committees: list = field(default_factory=list)  # committees, by name
    meetings_held: int = 0  # meetings held in the month up to the date
    finance: dict | None = None  # finance.querysets.finance_headline
    top_risks: list = field(default_factory=list)  # the highest-ranked open risks
    last_report: MonthlyReport | None = None  # the last published on or before the date
    report_due_month: date | None = None  # the latest month whose report was due by now
    report_late: bool = False

    def count(self, rag: str) -> int:
        return self.rag.get(Rag(rag), 0)

    def key_count(self, rag: str) -> int:
        return self.key_rag.get(Rag(rag), 0)

    @property
    def total(self) -> int:
        return sum(self.rag.values())

    @property
    def key_total(self) -> int:
        return sum(self.key_rag.values())

    @property
    def risk_rank(self) -> int:
        """The top risk's rank value (escalation.rules.rank_value), to sort by: 0 for none."""
        return -self.top_risks[0].rank_key[0] if self.top_risks else 0


def month_bounds(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def report_due_month(as_at: date) -> date:
    """The latest month whose report was due before ``as_at`` (``reports.due.report_due_on``)."""
    month = as_at.replace(day=1)
    while report_due_on(month) >= as_at:
        month = (month - timedelta(days=1)).replace(day=1)
    return month


def overview_date(request) -> date:
    """``?as_at=`` (one date for every system; a bad one is a 400 naming it), else today: the
    page and the API read the date alike."""
    return parse_date(request, PARAMETER) or timezone.localdate()


def overview_rows(user, systems: list, as_at: date) -> list[OverviewRow]:
    """One row per system in ``systems`` (those the user may see), as at ``as_at``."""
    rows = {system.pk: OverviewRow(system=system, as_at=as_at) for system in systems}
    if not rows:
        return []
    ids = list(rows)
    _milestones(user, rows, ids, as_at)
    _cases(user, rows, ids, as_at)
    _meetings(user, rows, ids, as_at)
    for system_id, headline in finance_headlines(ids, as_at).items():
        rows[system_id].finance = headline
    _risks(user, rows, ids)
    _reports(user, rows, ids, as_at)
    return list(rows.values())


def _milestones(user, rows: dict, ids: list, as_at: date) -> None:
    """Three queries: every milestone and the key ones counted by RAG (as the dashboard and
    the register, with ``?key=1``, count them), and the key ones red or amber with their worst
    slippage (the dashboard's "Key milestones overdue or slipping")."""
    milestones = with_rag(
        current(authz.scoped(user, Milestone).filter(**{f"{SYSTEM}__in": ids})), as_at
    )
    for system_id, counter in rag_counters(milestones, SYSTEM).items():
        rows[system_id].rag = counter
    key = milestones.filter(is_key=True)
    for system_id, counter in rag_counters(key, SYSTEM).items():
        rows[system_id].key_rag = counter
    late = (
        key.filter(as_at_rag__in=LATE)
        .order_by()
        .values(SYSTEM)
        .annotate(n=Count("pk"), worst=Max("as_at_slippage"))
    )
    for found in late:
        row = rows[found[SYSTEM]]
        row.key_late, row.key_worst_slippage = found["n"], found["worst"]


def _cases(user, rows: dict, ids: list, as_at: date) -> None:
    """One query: the open cases (the dashboard's and the board's), by step; those whose step
    goes to a regulator; responses overdue as the board flags them."""
    cases = (
        open_cases(authz.scoped(user, EscalationCase).filter(route__system_id__in=ids))
        # Only what the counts and response_overdue read: not the subjects a card names.
        .select_related(None)
        .select_related("route", "current_step__escalate_to_organisation")
        .only(*CASE_COLUMNS)
    )
    by_step: dict[int, Counter] = {}
    for case in cases:
        row = rows[case.route.system_id]
        row.cases_open += 1
        by_step.setdefault(case.route.system_id, Counter())[case.current_step.order] += 1
        regulator = case.current_step.escalate_to_organisation
        if regulator is not None and regulator.kind == Organisation.Kind.REGULATOR:
            row.cases_at_regulator += 1
        if response_overdue(case, as_at):
            row.responses_overdue += 1
    for system_id, counts in by_step.items():
        rows[system_id].cases_by_step = sorted(counts.items())


def _meetings(user, rows: dict, ids: list, as_at: date) -> None:
    """The month's meetings held up to the date, each with its quorum as the meetings list
    shows it (governance.querysets.meeting_quorum): a fixed number of queries."""
    first, _ = month_bounds(as_at)
    meetings = meetings_for_list(
        authz.scoped(user, Meeting).filter(
            committee__system_id__in=ids,
            held_on__gte=first,
            held_on__lte=as_at,
            status=Meeting.Status.HELD,
        )
    ).order_by("committee__name", "held_on", "pk")
    unquorate: dict[int, dict] = {}
    for meeting in meetings:
        system_id = meeting.committee.system_id
        rows[system_id].meetings_held += 1
        if meeting_quorum(meeting, as_at).quorate is False:
            unquorate.setdefault(system_id, {})[meeting.committee_id] = meeting.committee
    for system_id, committees in unquorate.items():
        rows[system_id].unquorate_committees = list(committees.values())


def _risks(user, rows: dict, ids: list) -> None:
    """One query: the open risks rated by their register, ranked as the dashboard ranks them
    (escalation.rules.rank_key); a risk has no dated status, so open means open now."""
    by_system: dict[int, list] = {}
    risks = authz.scoped(user, Risk).filter(system_id__in=ids, status=Risk.Status.OPEN)
    for risk in risks.only("system_id", "reference", "title", "grade", "likelihood", "impact"):
        if risk.band is not None:
            by_system.setdefault(risk.system_id, []).append(risk)
    for system_id, risks in by_system.items():
        rows[system_id].top_risks = sorted(risks, key=lambda r: r.rank_key)[:TOP_RISKS]


def _reports(user, rows: dict, ids: list, as_at: date) -> None:
    """One query: the last report published by the end of the date, and whether the latest
    report due by then (a month's is due by the end of the month after it) is published."""
    published = (
        authz.scoped(user, MonthlyReport)
        .filter(system_id__in=ids, status__in=FROZEN, published_at__date__lte=as_at)
        .only("pk", "system_id", "month", "version", "status", "published_at")
        .order_by("system_id", "-month", "-version")
    )
    for report in published:
        row = rows[report.system_id]
        if row.last_report is None:
            row.last_report = report
    due = report_due_month(as_at)
    for row in rows.values():
        row.report_due_month = due
        last = row.last_report.month if row.last_report else None
        row.report_late = bool(row.system.active) and (last is None or last < due)
