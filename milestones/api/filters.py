"""Filters for the milestones endpoints: every choice is limited to what the user may see."""

from datetime import date

import django_filters

from core.api.base import SystemFilterSet
from core.api.filters import ScopedChoiceFilter
from milestones.models import Gateway, Milestone, Plan, ProgressUpdate, Workstream
from milestones.querysets import filter_milestones, with_rag
from milestones.rag import Rag
from partners.models import Organisation


class PlanFilterSet(SystemFilterSet):
    class Meta:
        model = Plan
        fields = ["system"]


class GatewayFilterSet(SystemFilterSet):
    plan = ScopedChoiceFilter(Plan)

    class Meta:
        model = Gateway
        fields = ["system", "plan"]


class WorkstreamFilterSet(SystemFilterSet):
    plan = ScopedChoiceFilter(Plan)
    objective_kind = django_filters.ChoiceFilter(choices=Workstream.ObjectiveKind.choices)
    lead_organisation = ScopedChoiceFilter(Organisation)

    class Meta:
        model = Workstream
        fields = ["system", "plan", "objective_kind", "lead_organisation"]


class MilestoneFilterSet(SystemFilterSet):
    workstream = ScopedChoiceFilter(Workstream)
    responsible_organisation = ScopedChoiceFilter(Organisation)
    key = django_filters.BooleanFilter(field_name="is_key", label="Key milestones only")
    rag = django_filters.MultipleChoiceFilter(
        choices=Rag.choices, method="filter_rag", label="RAG today (repeat for several)"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue: not complete and due (forecast, else baseline)"
    )
    baseline_after = django_filters.DateFilter(
        field_name="baseline_on", lookup_expr="gte", label="Baseline on or after"
    )
    baseline_before = django_filters.DateFilter(
        field_name="baseline_on", lookup_expr="lte", label="Baseline on or before"
    )
    forecast_after = django_filters.DateFilter(
        field_name="forecast_on", lookup_expr="gte", label="Forecast on or after"
    )
    forecast_before = django_filters.DateFilter(
        field_name="forecast_on", lookup_expr="lte", label="Forecast on or before"
    )
    withdrawn = django_filters.BooleanFilter(
        field_name="withdrawn_on",
        lookup_expr="isnull",
        exclude=True,
        label="Withdrawn (kept, never deleted): true for only those, false for the rest",
    )

    class Meta:
        model = Milestone
        fields = ["system", "workstream", "responsible_organisation", "key", "rag", "overdue"]

    def filter_rag(self, queryset, name, value):
        # milestones.rag's expression, in SQL: the same definition rag_on reads.
        return queryset.filter(
            pk__in=with_rag(queryset.order_by(), date.today())
            .filter(as_at_rag__in=value)
            .values("pk")
        )

    def filter_overdue(self, queryset, name, value):
        overdue = filter_milestones(queryset, today=date.today(), overdue=True)
        if value:
            return overdue
        return queryset.exclude(pk__in=overdue.values("pk"))


class ProgressUpdateFilterSet(SystemFilterSet):
    milestone = ScopedChoiceFilter(Milestone)
    month_after = django_filters.DateFilter(
        field_name="month", lookup_expr="gte", label="Month on or after"
    )
    month_before = django_filters.DateFilter(
        field_name="month", lookup_expr="lte", label="Month on or before"
    )

    class Meta:
        model = ProgressUpdate
        fields = ["system", "milestone"]
