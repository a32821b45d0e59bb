"""Reads for escalation: each screen's queryset with its prefetches."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.db.models.functions import Length

from escalation.models import CaseEvent, EscalationCase, EscalationStep, Risk
from escalation.routing import PartyKind
from escalation.rules import (
    ACTIVE,
    CaseStatus,
    RiskGrade,
    rank_value,
    risk_rating,
    risk_score,
)

SCALE = range(1, 6)

# What a case's card, row and detail page read: its subject (for subject_label), its route and
# its current step (for the due dates), and the organisation asked to respond.
CASE_RELATED = ("route", "current_step", "milestone", "commitment", "risk", "organisation")
# Its subject, and the columns subject_label reads of the case and its subject (their __str__).
CASE_SUBJECT = ("milestone", "commitment", "risk")
CASE_SUBJECT_LABEL = (
    "subject_text",
    "milestone__title",
    "commitment__number",
    "commitment__text",
    "risk__reference",
    "risk__title",
)


def open_cases(queryset: models.QuerySet[EscalationCase]) -> models.QuerySet[EscalationCase]:
    return queryset.filter(status__in=ACTIVE).select_related(*CASE_RELATED)


def cases_for_board(queryset: models.QuerySet[EscalationCase]) -> models.QuerySet[EscalationCase]:
    """Every case with what a card shows, oldest first within a column."""
    return queryset.select_related(*CASE_RELATED).order_by("current_step__order", "raised_on", "pk")


def closed_cases(queryset: models.QuerySet[EscalationCase]) -> models.QuerySet[EscalationCase]:
    return (
        queryset.exclude(status__in=ACTIVE)
        .select_related(*CASE_RELATED)
        .order_by("-raised_on", "-pk")
    )


# What a case's page shows of its related records (its page as recorded reads them too).
CASE_DETAIL_RELATED = (
    *CASE_RELATED,
    "raised_by",
    "current_step__escalate_to_committee",
    "current_step__escalate_to_organisation",
    "milestone__workstream",
    "commitment__agreement",
)


def case_detail(queryset: models.QuerySet[EscalationCase]) -> models.QuerySet[EscalationCase]:
    return queryset.select_related(*CASE_DETAIL_RELATED).prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.select_related("by")),
        Prefetch(
            "route__steps",
            queryset=EscalationStep.objects.select_related(
                "escalate_to_committee", "escalate_to_organisation"
            ).order_by("order"),
        ),
    )


def step_orders(queryset: models.QuerySet[EscalationStep]) -> list[int]:
    """The step positions the system's routes use: one board column each."""
    return sorted(set(queryset.values_list("order", flat=True)))


def response_overdue(case: EscalationCase, today: date) -> bool:
    """A response is overdue when its step's due date has passed and none has been given while
    the case is still waiting for one."""
    due = case.response_due_on
    return (
        due is not None
        and due < today
        and not case.has_response
        and case.status in (CaseStatus.OPEN, CaseStatus.AWAITING_RESPONSE, CaseStatus.STEPPED_UP)
    )


def routes_for_list(queryset):
    """Routes with their ordered steps and whom each step escalates to."""
    return queryset.select_related(
        "agreement", "covers_organisation", "covers_workstream", "covers_commitment"
    ).prefetch_related(
        Prefetch(
            "steps",
            queryset=EscalationStep.objects.select_related(
                "escalate_to_committee", "escalate_to_organisation"
            ).order_by("order"),
        )
    )


def risks_for_list(queryset: models.QuerySet[Risk]) -> models.QuerySet[Risk]:
    return queryset.select_related("owner", "owner_organisation").prefetch_related(
        "workstream_links__workstream"
    )


def _score_expression() -> Case:
    """The score as SQL, tabulated from rules.risk_score so sorting in the database agrees with
    the score shown (there is one definition of a score, not two)."""
    return Case(
        *[
            When(likelihood=likelihood, impact=impact, then=Value(risk_score(likelihood, impact)))
            for likelihood in SCALE
            for impact in SCALE
        ],
        default=Value(None),
        output_field=models.PositiveSmallIntegerField(),
    )


def _rank_expression() -> Case:
    """rules.rank_value as SQL, tabulated for each grade and each likelihood/impact cell, so a
    sort in the database agrees with rules.rank_key: by band (H beside the high scores), then
    the score; null (last, either way) when a risk is neither graded nor scored."""
    return Case(
        *[When(grade=grade, then=Value(rank_value(grade, None))) for grade in RiskGrade],
        *[
            When(
                likelihood=likelihood,
                impact=impact,
                then=Value(rank_value("", risk_score(likelihood, impact))),
            )
            for likelihood in SCALE
            for impact in SCALE
        ],
        default=Value(None),
        output_field=models.PositiveSmallIntegerField(),
    )


def with_ranks(queryset: models.QuerySet[Risk]) -> models.QuerySet[Risk]:
    """``rank_sort`` (by band, then score) and ``score_sort`` to order by."""
    return queryset.annotate(rank_sort=_rank_expression(), score_sort=_score_expression())


def rating_filter(rating: str) -> Q:
    """The likelihood/impact cells whose score rules.risk_rating puts in ``rating``; "unscored":
    neither scored nor graded H / M / L."""
    if rating == "unscored":
        return Q(grade="") & (Q(likelihood__isnull=True) | Q(impact__isnull=True))
    cells = Q(pk__in=[])
    for likelihood in SCALE:
        for impact in SCALE:
            if risk_rating(risk_score(likelihood, impact)) == rating:
                cells |= Q(likelihood=likelihood, impact=impact)
    return cells


def risks_for_register(queryset: models.QuerySet[Risk]) -> models.QuerySet[Risk]:
    """The risk list: each row's owner (whose label names their organisation), a sortable
    score, and the reference's length, so that references sort as numbered (R2 before R10)."""
    return with_ranks(
        queryset.select_related("owner__organisation", "owner_organisation")
    ).annotate(reference_length=Length("reference"))


# A register numbers its risks with one prefix (R1, R2 ... R17): the shorter reference first,
# then the text, puts them in number order in any database, with no pattern matching.
BY_REFERENCE = ("reference_length", "reference")

# The register's sorts: columns for core.ordering.page_ordering (nulls last, then the id).
RISK_ORDERINGS = {
    "reference": BY_REFERENCE,
    "-reference": ("-reference_length", "-reference"),
    "score": ("score_sort", *BY_REFERENCE),
    "-score": ("-score_sort", *BY_REFERENCE),
    # By band across the two ways of rating (rules.rank_key): H beside the high scores.
    "-band": ("-rank_sort", *BY_REFERENCE),
    "band": ("rank_sort", *BY_REFERENCE),
    "review": ("review_on", *BY_REFERENCE),
    "-review": ("-review_on", *BY_REFERENCE),
}


@dataclass(frozen=True)
class HeatMap:
    rows: list[dict]  # likelihood 5 down to 1, each with its cells for impact 1 to 5
    unscored: int  # open risks neither scored nor graded
    graded: list[tuple[str, int]]  # open risks rated H / M / L: (grade, count), H first
    withdrawn: int = 0  # risks withdrawn (recorded in error), which the register hides


def heat_map(queryset: models.QuerySet[Risk]) -> HeatMap:
    """A 5x5 grid of open risk counts, each cell with its rating from rules.risk_rating, and the
    open risks not yet scored; those rated H / M / L are counted apart (a grade is not a cell);
    and how many are withdrawn. One query."""
    grades: dict[str, int] = {}
    counts: dict[tuple, int] = {}
    withdrawn = 0
    for row in (
        queryset.order_by()
        .values("status", "grade", "likelihood", "impact")
        .annotate(n=Count("pk"))
    ):
        if row["status"] == Risk.Status.WITHDRAWN:
            withdrawn += row["n"]
        elif row["status"] != Risk.Status.OPEN:
            continue
        elif row["grade"]:
            grades[row["grade"]] = grades.get(row["grade"], 0) + row["n"]
        else:
            key = (row["likelihood"], row["impact"])
            counts[key] = counts.get(key, 0) + row["n"]
    rows = [
        {
            "likelihood": likelihood,
            "cells": [
                {
                    "likelihood": likelihood,
                    "impact": impact,
                    "rating": risk_rating(risk_score(likelihood, impact)),
                    "count": counts.get((likelihood, impact), 0),
                }
                for impact in SCALE
            ],
        }
        for likelihood in reversed(SCALE)
    ]
    unscored = sum(n for (likelihood, impact), n in counts.items() if None in (likelihood, impact))
    graded = [(grade.label, grades[grade]) for grade in RiskGrade if grades.get(grade)]
    return HeatMap(rows=rows, unscored=unscored, graded=graded, withdrawn=withdrawn)


def risk_detail(queryset: models.QuerySet[Risk]) -> models.QuerySet[Risk]:
    return queryset.select_related("owner__organisation", "owner_organisation").prefetch_related(
        "workstream_links__workstream",
        "milestone_links__milestone__workstream",
        Prefetch(
            "escalations",
            queryset=EscalationCase.objects.select_related(*CASE_RELATED).order_by("-raised_on"),
        ),
    )


def party_kinds(partnerships: models.QuerySet) -> list[PartyKind]:
    """The organisations party to a system now (from its partnerships), with their kinds and
    what a regulator oversees: what routing by organisation kind reads (escalation.routing)."""
    rows = partnerships.filter(left_on__isnull=True).select_related("organisation")
    return [
        PartyKind(p.organisation_id, p.organisation.name, p.organisation.kind, p.oversees)
        for p in rows
    ]
