from finance.models.funds import (
    CostShare,
    CostShareLine,
    Fund,
    FundAllocation,
    FundContribution,
    FundDrawdown,
)
from finance.models.positions import (
    ControlTotal,
    EfficiencyPlan,
    FinancialYear,
    MonthlyPosition,
    RecordStatus,
    StatedTotal,
)

__all__ = [
    "ControlTotal",
    "CostShare",
    "CostShareLine",
    "EfficiencyPlan",
    "FinancialYear",
    "Fund",
    "FundAllocation",
    "FundContribution",
    "FundDrawdown",
    "MonthlyPosition",
    "RecordStatus",
    "StatedTotal",
]
