"""Finance rows in the API: financial years, control totals, monthly positions, efficiency
plans, funds and cost shares. Each page costs a fixed number of queries."""

from decimal import Decimal
from functools import cached_property

from django.db import models
from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce

from core import authz
from core.api.base import ScopedReadOnlyViewSet
from core.api.children import ChildRows, ChildRowsMixin
from core.api.fields import list_example
from finance.api import filters
from finance.api.serializers import (
    ControlTotalSerializer,
    CostShareLineSerializer,
    CostShareSerializer,
    EfficiencyPlanSerializer,
    FinancialYearSerializer,
    FundAllocationSerializer,
    FundContributionSerializer,
    FundDrawdownSerializer,
    FundSerializer,
    MonthlyPositionSerializer,
)
from finance.models import (
    ControlTotal,
    CostShare,
    CostShareLine,
    EfficiencyPlan,
    FinancialYear,
    Fund,
    FundAllocation,
    FundContribution,
    FundDrawdown,
    MonthlyPosition,
    RecordStatus,
)
from finance.querysets import _sum_per_fund


@list_example("2019/20", {"id": 2, "label": "2019/20", "starts_on": "2019-04-01",
                          "ends_on": "2020-03-31"})  # fmt: skip
class FinancialYearViewSet(ScopedReadOnlyViewSet):
    """Financial years (shared reference data) for which the user's systems hold any finance
    row: a control total, efficiency plan, stated total, monthly position, fund or cost share."""

    model = FinancialYear
    serializer_class = FinancialYearSerializer
    filterset_class = filters.FinancialYearFilterSet
    ordering_fields = ["starts_on", "label"]

    def get_queryset(self):
        # Within the named system (if the user may see it): its filter has nothing to add.
        return filters.years_with_rows(self.request.user, within=self.within_named())


@list_example(
    "A provider's 2019/20 control total",
    {
        "id": 7,
        "system": 3,
        "organisation": 41,
        "year": "2019/20",
        "allocation_or_income": "643043.00",
        "plan_surplus_deficit": "-54340.00",
        "psf": "33649.00",
        "frf": "0.00",
        "mret": "0.00",
        "support_not_split": "0.00",
        "support": "33649.00",
        "net": "-20691.00",
    },
)
class ControlTotalViewSet(ScopedReadOnlyViewSet):
    """Each organisation's control total for a year, in £'000: allocation (commissioners) or
    income (providers), the plan surplus/(deficit) before support, PSF, FRF and MRET support
    (or ``support_not_split`` where the paper gives one figure for all kinds, as Norfolk and
    Waveney's PSF/CSF/FRF/MRET column), and the net control total. Group and system subtotals
    are in ``finance-summaries``."""

    model = ControlTotal
    serializer_class = ControlTotalSerializer
    select = ("year",)
    filterset_class = filters.ControlTotalFilterSet
    ordering_fields = ["allocation_or_income", "plan_surplus_deficit"]


@list_example(
    "October 2019",
    {
        "id": 12,
        "system": 3,
        "organisation": 41,
        "year": "2019/20",
        "month": "2019-10-01",
        "ytd_plan": "-1500.00",
        "ytd_actual": "-1750.50",
        "variance": "-250.50",
        "forecast_outturn": "-2587.00",
    },
)
class MonthlyPositionViewSet(ScopedReadOnlyViewSet):
    """An organisation's reported position for a month (the month's first day), in £'000:
    year-to-date plan and actual, their variance (positive is better than plan) and the
    forecast outturn."""

    model = MonthlyPosition
    serializer_class = MonthlyPositionSerializer
    select = ("year",)
    filterset_class = filters.MonthlyPositionFilterSet
    ordering_fields = ["month", "forecast_outturn"]


@list_example(
    "A CCG's 2019/20 plan",
    {
        "id": 5,
        "system": 3,
        "organisation": 40,
        "year": "2019/20",
        "recurrent": "12236.00",
        "non_recurrent": "3300.00",
        "total": "15536.00",
        "denominator": "389629.00",
        "percent": "3.99",
    },
)
class EfficiencyPlanViewSet(ScopedReadOnlyViewSet):
    """Each organisation's planned efficiencies for a year, in £'000, and their percentage of
    the denominator (allocation for commissioners, income or spend for providers)."""

    model = EfficiencyPlan
    serializer_class = EfficiencyPlanSerializer
    select = ("year",)
    filterset_class = filters.OrganisationYearFilterSet
    ordering_fields = ["recurrent", "denominator"]


@list_example(
    "A risk reserve",
    {
        "id": 2,
        "system": 3,
        "name": "Financial risk reserve",
        "kind": "risk_reserve",
        "year": "2019/20",
        "contributions": [{"id": 4, "organisation": 40, "amount": "8000.00"}],
        "allocations": [
            {"id": 6, "organisation": 41, "amount": "6000.00", "purpose": "Support funding"}
        ],
        "drawdowns": [
            {
                "id": 9,
                "organisation": 41,
                "amount": "1234.00",
                "purpose": "Winter beds",
                "decision": 17,
                "drawn_on": "2019-06-01",
            }
        ],
        "totals": {"contributed": "8000.00", "allocated": "6000.00", "drawn": "1234.00"},
    },
)
class FundViewSet(ChildRowsMixin, ScopedReadOnlyViewSet):
    """Shared funds (investment funds, risk reserves, contingencies): who paid in, what was
    earmarked, and every drawdown with the decision that approved it (governance decision id)."""

    model = Fund
    serializer_class = FundSerializer
    filterset_class = filters.FundFilterSet
    ordering_fields = ["name"]

    def get_queryset(self):
        contributions, allocations, drawdowns = self._current_rows
        return (
            super()
            .get_queryset()
            .select_related("year")
            .annotate(
                contributed=_sum_per_fund(contributions),
                allocated=_sum_per_fund(allocations),
                drawn=_sum_per_fund(drawdowns),
            )
        )

    def child_rows(self):
        # Rows of their columns (core.api.children): no model instance for each.
        serializers = (FundContributionSerializer, FundAllocationSerializer, FundDrawdownSerializer)
        return tuple(
            ChildRows(attr, rows, "fund_id", serializer)
            for attr, rows, serializer in zip(
                ("contribution_rows", "allocation_rows", "drawdown_rows"),
                self._current_rows,
                serializers,
                strict=True,
            )
        )

    @cached_property
    def _current_rows(self) -> tuple[models.QuerySet, ...]:
        # Withdrawn rows are kept on their pages, neither listed nor summed here. Each fund's
        # rows in their model's order within one fund (after the fund's system and name, which
        # would join the systems only to sort by); scoped to the system the list names, if any,
        # as the funds are.
        user, within = self.request.user, self.named_system()
        current = Q(status=RecordStatus.CURRENT)
        return tuple(
            authz.scoped(user, model, within=within).filter(current).order_by(order)
            for model, order in (
                (FundContribution, "organisation__name"),
                (FundAllocation, "pk"),
                (FundDrawdown, "drawn_on"),
            )
        )


@list_example(
    "A split between two partners",
    {
        "id": 1,
        "system": 3,
        "name": "SDU funding",
        "year": "2019/20",
        "status": "current",
        "lines": [
            {"id": 1, "organisation": 40, "percent": "62.500"},
            {"id": 2, "organisation": 41, "percent": "37.500"},
        ],
        "total_percent": "100.000",
    },
)
class CostShareViewSet(ChildRowsMixin, ScopedReadOnlyViewSet):
    """Costs split between partners; each split's lines add up to 100%."""

    model = CostShare
    serializer_class = CostShareSerializer
    ordering_fields = ["name"]

    def get_queryset(self):
        # Withdrawn lines are kept on the split's page, neither listed nor summed here.
        current = RecordStatus.CURRENT
        return (
            super()
            .get_queryset()
            .select_related("year")
            .annotate(
                total_percent=Coalesce(
                    Sum("lines__percent", filter=Q(lines__status=current)),
                    Value(Decimal(0)),
                    output_field=models.DecimalField(),
                )
            )
        )

    def child_rows(self):
        # Rows of their columns (core.api.children): no model instance for each. Each split's
        # lines in their model's order within one split (by organisation: the split's system
        # and name before it would join the systems only to sort by), scoped to the system the
        # list names, if any, as the splits are.
        lines = (
            authz.scoped(self.request.user, CostShareLine, within=self.named_system())
            .filter(status=RecordStatus.CURRENT)
            .order_by("organisation__name")
        )
        return (ChildRows("line_rows", lines, "cost_share_id", CostShareLineSerializer),)
