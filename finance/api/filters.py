"""Filters for the finance endpoints. Choices over systems and organisations come from the
user's scope, so a filter can neither name nor reveal another system's rows."""

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core import authz
from core.api.base import SystemFilterSet, VisibleSystemFilter
from core.api.filters import ScopedChoiceFilter
from finance.models import (
    ControlTotal,
    CostShare,
    EfficiencyPlan,
    FinancialYear,
    Fund,
    MonthlyPosition,
    StatedTotal,
)
from partners.models import Organisation

# Every table whose rows belong to a financial year.
YEAR_TABLES = (ControlTotal, EfficiencyPlan, StatedTotal, MonthlyPosition, Fund, CostShare)


def years_with_rows(user, within=None) -> QuerySet[FinancialYear]:
    """Financial years holding any finance row in the user's systems (those of them
    ``within`` lists, when given: ``authz.scoped``), in one query.

    finance.querysets.years_with_data answers this for one system as a list; the API needs
    every visible system, as a queryset it can filter and paginate.
    """
    condition = Q()
    for model in YEAR_TABLES:
        condition |= Q(pk__in=authz.scoped(user, model, within=within).values("year_id"))
    return FinancialYear.objects.filter(condition)


class FinancialYearFilterSet(SystemFilterSet):
    """Financial years are shared reference data: ``system`` keeps the years with finance rows
    in that system. The view reads only those years already (``years_with_rows`` within the
    system the request names: one set of subqueries, not a second set to intersect with), so
    the filter checks the choice and adds nothing."""

    system = VisibleSystemFilter(
        method="filter_system",
        label="System",
        help_text="Only years with finance rows in this system.",
    )

    @extend_schema_field(OpenApiTypes.INT)  # a system id
    def filter_system(self, queryset, name, value):
        return queryset


class OrganisationYearFilterSet(SystemFilterSet):
    organisation = ScopedChoiceFilter(Organisation, label="Organisation")
    year = django_filters.CharFilter(
        field_name="year__label", label='Financial year, e.g. "2019/20"'
    )


class ControlTotalFilterSet(OrganisationYearFilterSet):
    organisation_kind = django_filters.ChoiceFilter(
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        label="Organisation kind",
    )


class MonthlyPositionFilterSet(OrganisationYearFilterSet):
    month_after = django_filters.DateFilter(
        field_name="month", lookup_expr="gte", label="Months from this date (inclusive)"
    )
    month_before = django_filters.DateFilter(
        field_name="month", lookup_expr="lte", label="Months up to this date (inclusive)"
    )


class FundFilterSet(SystemFilterSet):
    kind = django_filters.ChoiceFilter(choices=Fund.Kind.choices, label="Kind of fund")


class FinanceSummaryFilterSet(SystemFilterSet):
    year = django_filters.CharFilter(
        field_name="year__label", label='Financial year, e.g. "2019/20"'
    )
