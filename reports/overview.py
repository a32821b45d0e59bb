"""The regulators' overview: one row per system, every figure as at one date, computed by the
functions each system's own pages use (milestones.querysets' RAG in SQL, escalation.querysets,
governance.querysets' quorum, finance.querysets' headline, reports.due), read for all the
systems at once: a fixed number of queries whatever their number. The page and the API both
read ``overview_rows``, so they agree."""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import Count, Max, Q
from django.utils import timezone

from core import authz
from core.params import parse_date
from core.reporting_date import PARAMETER
from escalation.models import EscalationCase, EscalationStep, Risk
from escalation.querysets import open_cases, response_overdue
from escalation.rules import rank_key, response_given, risk_band, risk_score
from finance.querysets import finance_headlines
from governance.models import Attendance, Meeting
from governance.querysets import quorums_from_rows
from milestones.models import Milestone
from milestones.querysets import current, with_rag
from milestones.rag import Rag
from partners.models import Organisation
from reports.due import report_due_on
from reports.models import FROZEN, MonthlyReport
from reports.snapshot.escalations import CaseState

SYSTEM = "workstream__plan__system_id"
LATE = (Rag.RED, Rag.AMBER)
TOP_RISKS = 3
# What the counts and escalation.querysets.response_overdue read of a case and of its step.
CASE_COLUMNS = (
    "route__system_id",
    "current_step_id",
    "status",
    "step_since",
    "response_reasons",
    "response_mitigations",
)
STEP_COLUMNS = ("order", "response_due_days", "escalate_to_organisation__kind")
# What quorums_from_rows reads of a meeting, and what the rows name of its committee.
MEETING_COLUMNS = ("pk", "held_on", "committee_id", "committee__name", "committee__system_id")
# What the page, the API and the download show of a top risk.
RISK_COLUMNS = ("system_id", "reference", "title", "grade", "likelihood", "impact")


class CommitteeName(NamedTuple):
    """A committee as the page, the API and the download name it."""

    pk: int
    name: str


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
    unquorate_committees: list = field(default_factory=list)  # CommitteeName, by name
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
    """One query, one pass over the milestones: counted by system, by whether they are key and by
    RAG (every milestone's count, as the dashboard's, and the key ones', as the register's with
    ``?key=1``), with the worst slippage of the key ones red or amber (the dashboard's "Key
    milestones overdue or slipping", whose number is their count). The slippage is a maximum
    over the key milestones of each group (read from their rows' first baselines), of which the
    red and amber groups' are kept: filtering on whether key, not on the RAG again, spares the
    database working each row's RAG out twice."""
    milestones = with_rag(
        current(authz.scoped(user, Milestone).filter(**{f"{SYSTEM}__in": ids})), as_at
    )
    counted = (
        milestones.order_by()
        .values_list(SYSTEM, "is_key", "as_at_rag")
        .annotate(
            n=Count("pk"),
            worst=Max("as_at_slippage", filter=Q(is_key=True)),
        )
    )
    for system_id, is_key, rag, n, worst in counted:
        row = rows[system_id]
        rag = Rag(rag)
        row.rag[rag] += n
        if is_key:
            row.key_rag[rag] = n
        if rag in LATE and is_key:
            row.key_late += n
            if row.key_worst_slippage is None or worst > row.key_worst_slippage:
                row.key_worst_slippage = worst


def _cases(user, rows: dict, ids: list, as_at: date) -> None:
    """Two queries: the open cases (the dashboard's and the board's) and their steps, each as
    rows of the columns the counts and ``response_overdue`` read; by step, those whose step goes
    to a regulator, and responses overdue as the board flags them."""
    cases = open_cases(authz.scoped(user, EscalationCase).filter(route__system_id__in=ids))
    # The base manager: the cases are scoped already, and each names its step.
    steps = {
        step.pk: step
        for step in EscalationStep._base_manager.filter(
            pk__in=cases.values("current_step_id")
        ).values_list("pk", *STEP_COLUMNS, named=True)
    }
    at_regulator = {
        pk: step.escalate_to_organisation__kind == Organisation.Kind.REGULATOR
        for pk, step in steps.items()
    }
    by_step: dict[int, Counter] = {}
    for system_id, step_id, status, since, reasons, mitigations in cases.values_list(*CASE_COLUMNS):
        row = rows[system_id]
        row.cases_open += 1
        step = steps[step_id]
        by_step.setdefault(system_id, Counter())[step.order] += 1
        row.cases_at_regulator += at_regulator[step_id]
        case = CaseState(status, step, since, response_given(reasons, mitigations))
        row.responses_overdue += response_overdue(case, as_at)
    for system_id, counts in by_step.items():
        rows[system_id].cases_by_step = sorted(counts.items())


def _meetings(user, rows: dict, ids: list, as_at: date) -> None:
    """The month's meetings held up to the date, each with its quorum as the meetings list
    shows it (``governance.querysets.CommitteeQuorum``, as ``meeting_quorum`` assesses it): the
    meetings, their attendance as rows of what the quorum reads, each committee's terms (with
    their requirements) and members, read once: five queries whatever the number. Meetings and
    committees are rows of the columns read, not instances."""
    first, _ = month_bounds(as_at)
    meetings = list(
        authz.scoped(user, Meeting)
        .filter(
            committee__system_id__in=ids,
            held_on__gte=first,
            held_on__lte=as_at,
            status=Meeting.Status.HELD,
        )
        .order_by("committee__name", "held_on", "pk")
        .values_list(*MEETING_COLUMNS, named=True)
    )
    quorums = quorums_from_rows(meetings, authz.scoped(user, Attendance), as_at)
    unquorate: dict[int, dict] = {}
    for meeting in meetings:
        system_id = meeting.committee__system_id
        rows[system_id].meetings_held += 1
        if quorums[meeting.pk].quorate is False:
            committee = CommitteeName(meeting.committee_id, meeting.committee__name)
            unquorate.setdefault(system_id, {})[committee.pk] = committee
    for system_id, found in unquorate.items():
        rows[system_id].unquorate_committees = list(found.values())


def _risks(user, rows: dict, ids: list) -> None:
    """Two queries: the open risks' ratings, ranked as the dashboard ranks them
    (escalation.rules.rank_key) among those rated by their register, and the top ones of each
    system; a risk has no dated status, so open means open now."""
    ranked: dict[int, list] = {}
    risks = authz.scoped(user, Risk).filter(system_id__in=ids, status=Risk.Status.OPEN)
    for pk, system_id, reference, grade, likelihood, impact in risks.values_list(
        "pk", "system_id", "reference", "grade", "likelihood", "impact"
    ):
        score = risk_score(likelihood, impact)
        if risk_band(grade, score) is not None:
            ranked.setdefault(system_id, []).append((rank_key(grade, score, reference), pk))
    top = {
        system_id: [pk for _, pk in sorted(found)[:TOP_RISKS]]
        for system_id, found in ranked.items()
    }
    shown = risks.filter(pk__in=[pk for pks in top.values() for pk in pks]).only(*RISK_COLUMNS)
    by_pk = {risk.pk: risk for risk in shown}
    for system_id, pks in top.items():
        rows[system_id].top_risks = [by_pk[pk] for pk in pks]


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
