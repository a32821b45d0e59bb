"""The figures on a system's dashboard, each gathered by a fixed number of queries and computed
by the same functions the registers and the API use."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Window
from django.db.models.functions import Coalesce, RowNumber

from core import authz
from core.addresses import RowAddresses
from escalation.models import EscalationCase, Risk
from escalation.querysets import CASE_SUBJECT, CASE_SUBJECT_LABEL, open_cases
from governance.models import (
    AGREEMENT_ENDED,
    AWAITING_SIGNATURE,
    Agreement,
    Attendance,
    Meeting,
    Party,
    TermsOfReference,
    terms_to_review_on,
)
from governance.querysets import quorums_from_rows
from milestones.models import Milestone
from milestones.querysets import DUE_ON, current, due_within_q, filter_milestones, with_rag
from milestones.rag import Rag

# The milestones the dashboard lists by name, of each kind; it counts all of them.
LISTED = 10
# The open cases it names under each step; it counts all of them.
CASES_LISTED = 3
DUE_WITHIN = 30  # days
LATE = (Rag.RED, Rag.AMBER)


@dataclass
class Dashboard:
    rag_counts: Counter
    # The first LISTED key milestones red or amber (red first), with their RAG; each milestone
    # with its page's ``address``, as each of due_soon.
    late_key: list
    due_soon: list  # the first LISTED due within 30 days (the soonest first), with their RAG
    late_key_count: int
    late_key_worst: int | None  # the most days one of them has slipped
    due_soon_count: int
    cases_by_step: list  # (step order, how many open, [the first CASES_LISTED])
    meetings: list  # (meeting, quorum outcome)
    agreements_unsigned: list
    agreements_expiring: list
    terms_due: list
    top_risks: list


# What the page shows of a listed milestone, read as a row (``ListedMilestone``'s fields).
_SHOWN = ("pk", "title", "baseline_on", "forecast_on", "as_at_rag")


@dataclass(frozen=True)
class ListedMilestone:
    """A milestone as the dashboard lists it: its columns shown and its page's address."""

    pk: int
    title: str
    baseline_on: date | None
    forecast_on: date | None
    address: str
    as_at_slippage: int | None = None  # read for the late ones alone, which show it


def _listed(row: tuple, addresses: RowAddresses, system) -> tuple[ListedMilestone, Rag]:
    pk, title, baseline_on, forecast_on, rag, *slippage = row
    milestone = ListedMilestone(
        pk, title, baseline_on, forecast_on, addresses(pk, system.slug), *slippage
    )
    return milestone, Rag(rag)


def _milestone_figures(milestones, today: date) -> dict:
    """The RAG counts, the key milestones red or amber (how many, and the most days one has
    slipped) and those due within 30 days (how many), counted by the database in one query
    grouped by RAG, as the register's filters count them (``filter_milestones``)."""
    due_soon = Q(completed_on=None) & due_within_q(today, DUE_WITHIN)
    rows = (
        milestones.annotate(due_on=DUE_ON)
        .order_by()
        .values("as_at_rag")
        .annotate(
            n=Count("pk"),
            key=Count("pk", filter=Q(is_key=True)),
            worst=Max("as_at_slippage", filter=Q(is_key=True)),
            due=Count("pk", filter=due_soon),
        )
    )
    figures = {"rag_counts": Counter(), "late_key_count": 0, "worst": [], "due_soon_count": 0}
    for row in rows:
        rag = Rag(row["as_at_rag"])
        figures["rag_counts"][rag] = row["n"]
        figures["due_soon_count"] += row["due"]
        if rag in LATE:
            figures["late_key_count"] += row["key"]
            if row["worst"] is not None:
                figures["worst"].append(row["worst"])
    figures["late_key_worst"] = max(figures.pop("worst"), default=None)
    return figures


def _cases_by_step(user, system) -> list:
    """(step order, how many open cases are at it, the first ``CASES_LISTED`` of them, oldest
    first as the case board lists them): one query, whatever the number of cases."""
    step = F("current_step__order")
    cases = (
        open_cases(authz.scoped(user, EscalationCase).filter(route__system=system))
        .select_related(None)
        .select_related(*CASE_SUBJECT)
        .only("raised_on", *CASE_SUBJECT_LABEL)
        .annotate(
            step=step,
            in_step=Window(Count("pk"), partition_by=step),
            place=Window(RowNumber(), partition_by=step, order_by=("raised_on", "pk")),
        )
        .filter(place__lte=CASES_LISTED)
        .order_by("step", "place")
    )
    by_step: dict[int, tuple] = {}
    for case in cases:
        by_step.setdefault(case.step, (case.step, case.in_step, []))[2].append(case)
    return list(by_step.values())


def _agreements_needing_attention(user, system, today: date) -> tuple[list, list]:
    """The agreements awaiting signatures and those expiring within 90 days, as the register's
    filters of those names (which the page's counts link to) pick them: one query of the
    agreements not ended, read as rows of id, expiry and whether a party is yet to sign (the
    page shows only how many, so no agreement nor party is built)."""
    # A party is of its agreement's system: the agreement, read through the scope, is the
    # party's scope (the scoping manager would join the agreement again).
    awaited = Party._base_manager.filter(AWAITING_SIGNATURE, agreement=OuterRef("pk"))
    rows = list(
        authz.scoped(user, Agreement)
        .filter(system=system)
        .exclude(AGREEMENT_ENDED)
        .annotate(unsigned=Exists(awaited))
        .values_list("pk", "expires_on", "unsigned", named=True)
    )
    expiring = [
        row for row in rows if row.expires_on and today <= row.expires_on <= today + timedelta(90)
    ]
    # As the register's "Awaiting signatures" and the chair's report list them: one past its
    # expiry date unsigned is still unsigned (seed 004's draft MoU).
    return [row for row in rows if row.unsigned], expiring


def build(user, system, today: date) -> Dashboard:
    # RAG as at the page's date, counted and picked out in SQL (milestones.rag's expressions).
    milestones = with_rag(
        current(authz.scoped(user, Milestone).filter(workstream__plan__system=system)), today
    )
    figures = _milestone_figures(milestones, today)
    # Only the rows listed are fetched, as rows of the columns the page shows (no instances):
    # the late ones with their slippage, those due soon without (the page shows none).
    late = milestones.filter(is_key=True, as_at_rag__in=LATE)
    due = filter_milestones(milestones, today=today, due_within=DUE_WITHIN)
    # Red first: of the two values listed, "red" sorts after "amber" (ordered by the column the
    # query selects, not by the RAG expression written out again).
    by_lateness = ("-as_at_rag", Coalesce("baseline_on", "forecast_on"), "title", "pk")
    late_rows = late.order_by(*by_lateness).values_list(*_SHOWN, "as_at_slippage")[:LISTED]
    due_rows = due.order_by("due_on", "baseline_on", "title", "pk").values_list(*_SHOWN)[:LISTED]
    # Each listed milestone's page: the address reversed once for the page, not once a row.
    addresses = RowAddresses("milestones:milestone-detail")
    late_key = [_listed(row, addresses, system) for row in late_rows]
    due_soon = [_listed(row, addresses, system) for row in due_rows]
    meetings = list(
        authz.scoped(user, Meeting)
        .filter(
            committee__system=system,
            held_on__gte=today - timedelta(days=31),
            held_on__lte=today + timedelta(days=31),
        )
        .select_related("committee")
        .only("held_on", "committee__name")
        .order_by("held_on")
    )
    # With no meeting in the two months, no attendance queryset is built only to go unread.
    quorums = quorums_from_rows(meetings, authz.scoped(user, Attendance), today) if meetings else {}
    unsigned, expiring = _agreements_needing_attention(user, system, today)
    terms_due = list(
        authz.scoped(user, TermsOfReference)
        .filter(
            terms_to_review_on(today),
            committee__system=system,
            review_on__lte=today + timedelta(days=30),
        )
        .select_related("committee")
        .only("review_on", "committee__name")
        .order_by("review_on")
    )
    risks = [
        r
        for r in authz.scoped(user, Risk)
        .filter(system=system, status=Risk.Status.OPEN)
        .only("reference", "title", "grade", "likelihood", "impact")
        # Ranked below by band, score and reference (unique in a system): the model's order
        # (by system name) would only join the systems to sort rows sorted again.
        .order_by()
        if r.band is not None  # scored, or rated H / M / L by its register
    ]
    risks.sort(key=lambda r: r.rank_key)
    return Dashboard(
        rag_counts=figures["rag_counts"],
        late_key=late_key,
        due_soon=due_soon,
        late_key_count=figures["late_key_count"],
        late_key_worst=figures["late_key_worst"],
        due_soon_count=figures["due_soon_count"],
        cases_by_step=_cases_by_step(user, system),
        meetings=[(m, quorums[m.pk]) for m in meetings],
        agreements_unsigned=unsigned,
        agreements_expiring=expiring,
        terms_due=terms_due,
        top_risks=risks[:5],
    )
