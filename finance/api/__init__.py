"""The finance endpoints of the read-only API (registered by config.api from ROUTES)."""

from finance.api.summaries import FinanceSummaryViewSet
from finance.api.views import (
    ControlTotalViewSet,
    CostShareViewSet,
    EfficiencyPlanViewSet,
    FinancialYearViewSet,
    FundViewSet,
    MonthlyPositionViewSet,
)

ROUTES = [
    ("financial-years", FinancialYearViewSet),
    ("control-totals", ControlTotalViewSet),
    ("monthly-positions", MonthlyPositionViewSet),
    ("efficiency-plans", EfficiencyPlanViewSet),
    ("finance-summaries", FinanceSummaryViewSet),
    ("funds", FundViewSet),
    ("cost-shares", CostShareViewSet),
]
