"""Filters for the escalation endpoints: every choice is limited to what the user may see."""

import django_filters
from django.db.models import Q

from core.api.base import SystemFilterSet
from core.api.filters import ScopedChoiceFilter
from escalation.models import EscalationCase, EscalationRoute, Risk
from escalation.querysets import SCALE, rating_filter
from escalation.rules import CaseStatus, RiskGrade, RiskRating, risk_score


class EscalationRouteFilterSet(SystemFilterSet):
    class Meta:
        model = EscalationRoute
        fields = ["system"]


class EscalationCaseFilterSet(SystemFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=CaseStatus.choices, label="Status (repeat for several)"
    )
    route = ScopedChoiceFilter(EscalationRoute)
    flagged = django_filters.BooleanFilter(
        field_name="flagged_for_chair", label="Flagged for the chair's report"
    )
    raised_after = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="gte", label="Raised on or after"
    )
    raised_before = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="lte", label="Raised on or before"
    )
    step = django_filters.NumberFilter(
        field_name="current_step__order", label="At this step of its route (1 is the first)"
    )

    class Meta:
        model = EscalationCase
        fields = ["system", "status", "route", "flagged", "step"]


UNSCORED = "unscored"


class RiskFilterSet(SystemFilterSet):
    category = django_filters.ChoiceFilter(choices=Risk.Category.choices)
    status = django_filters.ChoiceFilter(choices=Risk.Status.choices)
    rating = django_filters.ChoiceFilter(
        choices=[*RiskRating.choices, (UNSCORED, "Neither scored nor graded")],
        method="filter_rating",
        label="Rating of the score (escalation.rules bands), or unrated",
    )
    grade = django_filters.ChoiceFilter(
        choices=RiskGrade.choices, label="Rating H / M / L, where the register rates so"
    )
    min_score = django_filters.NumberFilter(
        method="filter_min_score", label="Score (likelihood x impact) at least"
    )

    class Meta:
        model = Risk
        fields = ["system", "category", "status", "grade", "rating", "min_score"]

    def filter_rating(self, queryset, name, value: str):
        return queryset.filter(rating_filter(value))

    def filter_min_score(self, queryset, name, value: int):
        # The likelihood/impact cells whose rules.risk_score reaches the minimum: the score is
        # defined once, in rules, and only tabulated here so the filter runs in SQL.
        cells = Q(pk__in=[])
        for likelihood in SCALE:
            for impact in SCALE:
                if risk_score(likelihood, impact) >= value:
                    cells |= Q(likelihood=likelihood, impact=impact)
        return queryset.filter(cells)
