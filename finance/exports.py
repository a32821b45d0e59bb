"""The finance tables as spreadsheets: the overview's control totals, efficiency plans, funds,
cost-sharing splits and monthly positions for one year, and the month's grid of positions.

Money is in £'000 as the pages print it (negatives in brackets in the workbook); percentages
are fractions formatted as percentages. Each row is one record the page shows, never a total
row: the CCG, provider and system totals are sums a spreadsheet makes, and a file of records
alone is one an import can read back. The headers are plain and stable for that reason; a
column marked "derived" below is worked out from the others and read by no import.

Control totals (``CONTROL_TOTALS``), one row per organisation, CCGs first, then providers,
then any other partner, each group by name (the page's order): "Organisation" (its name),
"ODS code", "Year" (e.g. 2019/20), "Allocations" (a commissioner's figure; also an other
partner's, whose figure is neither), "Income" (a provider's figure), "Plan surplus/(deficit)
before support", "PSF", "FRF", "MRET", "PSF/CSF/FRF/MRET (not split)", "Total support"
(derived), "Net control total" (derived), "Source".

Efficiency plans (``EFFICIENCY_PLANS``), in the same order: "Organisation", "ODS code", "Year",
"Recurrent", "Non-recurrent", "Total" (derived), "Denominator", "Efficiency %" (derived),
"Source".

Funds (``FUNDS``), one row per contribution, allocation and drawdown of each fund by the fund's
name (a fund with none is one row with those columns blank): "Fund", "Kind", "Year" (blank for
a fund not tied to one), "Spending decided by" (the committee), "Gateway", "Movement"
("Contribution", "Allocation" or "Drawdown"), "Organisation", "Purpose", "Drawn on",
"Approved by" (the decision), "Amount".

Cost-sharing splits (``COST_SHARES``), one row per organisation's share of each split by the
split's name: "Cost share", "Year", "Organisation", "ODS code", "Share" (a percentage).

Monthly positions (``MONTHLY_POSITIONS``), one row per organisation and month, newest month
first on the overview; the grid's export is its one month, every organisation the grid lists,
those with nothing recorded with their figures blank (a return to fill in):
"Month" (the month's first day), "Organisation", "ODS code", "Year", "Year-to-date plan",
"Year-to-date actual", "Variance" (derived: actual less plan), "Forecast outturn". An import
matches a row to its position by organisation (ODS code, else name) and month.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Q, Value, When

from core import authz
from core.exports import DATE, MONEY, PERCENTAGE, Column, Export, rows_of
from finance import totals
from finance.models import (
    ControlTotal,
    CostShare,
    CostShareLine,
    EfficiencyPlan,
    FinancialYear,
    Fund,
    MonthlyPosition,
    RecordStatus,
)
from finance.querysets import funds_for

ORGANISATION = Column("Organisation", "organisation.name", width=40)
ODS_CODE = Column("ODS code", "organisation.ods_code", width=10)
YEAR = Column("Year", "year.label", width=9)
SOURCE = Column("Source", "source", width=40)


def _allocations(row):
    if row.allocation is not None:
        return row.allocation
    return row.allocation_or_income if row.income is None else None


CONTROL_TOTALS = Export(
    register="control-totals",
    title="Control totals",
    columns=(
        ORGANISATION,
        ODS_CODE,
        YEAR,
        Column("Allocations", _allocations, MONEY, width=12),
        Column("Income", "income", MONEY, width=12),
        Column("Plan surplus/(deficit) before support", "plan_surplus_deficit", MONEY, width=14),
        Column("PSF", "psf", MONEY, width=10),
        Column("FRF", "frf", MONEY, width=10),
        Column("MRET", "mret", MONEY, width=10),
        Column("PSF/CSF/FRF/MRET (not split)", "support_not_split", MONEY, width=14),
        Column("Total support", "support", MONEY, width=12),
        Column("Net control total", "net", MONEY, width=12),
        SOURCE,
    ),
)

EFFICIENCY_PLANS = Export(
    register="efficiency-plans",
    title="Efficiency plans",
    columns=(
        ORGANISATION,
        ODS_CODE,
        YEAR,
        Column("Recurrent", "recurrent", MONEY, width=12),
        Column("Non-recurrent", "non_recurrent", MONEY, width=12),
        Column("Total", "total", MONEY, width=12),
        Column("Denominator", "denominator", MONEY, width=12),
        Column("Efficiency %", lambda plan: plan.percent / 100, PERCENTAGE, width=10),
        SOURCE,
    ),
)


@dataclass(frozen=True)
class Movement:
    """One row of the funds' export: a fund and one of its contributions, allocations or
    drawdowns (``line`` None for a fund with none)."""

    fund: Fund
    kind: str = ""
    line: object = None

    def read(self, name: str):
        return getattr(self.line, name, None) if self.line is not None else None


def _fund(read):
    return lambda row: read(row.fund)


def _line_organisation(row) -> str:
    organisation = row.read("organisation")
    return organisation.name if organisation else ""


def _approved_by(row) -> str:
    decision = row.read("decision")
    if decision is None:
        return ""
    return f"{decision.title} ({decision.meeting.held_on.day} {decision.meeting.held_on:%b %Y})"


FUNDS = Export(
    register="funds",
    title="Funds",
    columns=(
        Column("Fund", _fund(lambda f: f.name), width=36),
        Column("Kind", _fund(lambda f: f.get_kind_display()), width=16),
        Column("Year", _fund(lambda f: f.year.label if f.year else ""), width=9),
        Column(
            "Spending decided by",
            _fund(lambda f: f.decided_by.name if f.decided_by else ""),
            width=30,
        ),
        Column("Gateway", _fund(lambda f: f.gateway), width=40),
        Column("Movement", "kind", width=14),
        Column("Organisation", _line_organisation, width=36),
        Column("Purpose", lambda row: row.read("purpose"), width=40),
        Column("Drawn on", lambda row: row.read("drawn_on"), DATE, width=12),
        Column("Approved by", _approved_by, width=40),
        Column("Amount", lambda row: row.read("amount"), MONEY, width=12),
    ),
)

COST_SHARES = Export(
    register="cost-shares",
    title="Cost-sharing splits",
    columns=(
        Column("Cost share", "cost_share.name", width=40),
        Column("Year", lambda line: line.cost_share.year.label if line.cost_share.year else ""),
        ORGANISATION,
        ODS_CODE,
        Column("Share", lambda line: line.percent / 100, PERCENTAGE, width=10),
    ),
)


@dataclass(frozen=True)
class GridRow:
    """A row of the month's grid: an organisation and its position that month, if recorded."""

    organisation: object
    year: FinancialYear
    month: date
    position: MonthlyPosition | None

    def __getattr__(self, name: str):
        return getattr(self.position, name) if self.position is not None else None


MONTHLY_POSITIONS = Export(
    register="monthly-positions",
    title="Monthly positions",
    columns=(
        Column("Month", "month", DATE, width=12),
        ORGANISATION,
        ODS_CODE,
        YEAR,
        Column("Year-to-date plan", "ytd_plan", MONEY, width=12),
        Column("Year-to-date actual", "ytd_actual", MONEY, width=12),
        Column("Variance", "variance", MONEY, width=12),
        Column("Forecast outturn", "forecast_outturn", MONEY, width=12),
    ),
)

# The overview's tables by the name its download links give (``?table=``).
TABLES = {
    "control-totals": CONTROL_TOTALS,
    "efficiency-plans": EFFICIENCY_PLANS,
    "funds": FUNDS,
    "cost-shares": COST_SHARES,
    "monthly-positions": MONTHLY_POSITIONS,
}


def _by_group():
    """The seeds' order: CCGs (and ICBs), then providers, then anyone else."""
    return Case(
        When(organisation__kind__in=totals.COMMISSIONER_KINDS, then=Value(0)),
        When(organisation__kind__in=totals.PROVIDER_KINDS, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def _movements(funds):
    for fund in funds:
        lines = [
            *(Movement(fund, "Contribution", line) for line in fund.contributions.all()),
            *(Movement(fund, "Allocation", line) for line in fund.allocations.all()),
            *(Movement(fund, "Drawdown", line) for line in fund.drawdowns.all()),
        ]
        yield from lines or [Movement(fund)]


def table_rows(user, system, year: FinancialYear, table: str):
    """The rows of one of the overview's tables for ``year``, in the page's order: a queryset
    (read in chunks by ``core.exports``) or a generator over one."""
    current = {"system": system, "year": year, "status": RecordStatus.CURRENT}
    if table in ("control-totals", "efficiency-plans"):
        model = ControlTotal if table == "control-totals" else EfficiencyPlan
        return (
            authz.scoped(user, model)
            .filter(**current)
            .select_related("organisation", "year")
            .order_by(_by_group(), "organisation__name")
        )
    if table == "funds":
        return _movements(rows_of(funds_for(user, system, year).select_related("year")))
    if table == "cost-shares":
        return (
            authz.scoped(user, CostShareLine)
            .filter(status=RecordStatus.CURRENT, cost_share__in=_shares(user, system, year))
            .select_related("cost_share__year", "organisation")
            .order_by("cost_share__name", "organisation__name")
        )
    return (
        authz.scoped(user, MonthlyPosition)
        .filter(system=system, year=year)
        .select_related("organisation", "year")
        .order_by("-month", "organisation__name")
    )


def _shares(user, system, year):
    return (
        authz.scoped(user, CostShare)
        .filter(system=system, status=RecordStatus.CURRENT)
        .filter(Q(year=year) | Q(year__isnull=True))
    )


def grid_rows(organisations, recorded: dict, year: FinancialYear, month: date) -> list[GridRow]:
    """The grid's rows as ``finance.querysets.position_grid`` gives them."""
    return [GridRow(o, year, month, recorded.get(o.pk)) for o in organisations]
