"""Finance against the control totals at the cut-off: sums and percentages from finance.totals,
rows from finance.querysets."""

from decimal import Decimal

from django.db.models import Q

from finance import totals
from finance.models import (
    ControlTotal,
    CostShare,
    EfficiencyPlan,
    FinancialYear,
    Fund,
    MonthlyPosition,
    StatedTotal,
)
from finance.querysets import control_totals_for, efficiency_plans_for, year_as_at
from reports.snapshot.common import Period, money, organisation_label

# The seeds' order: CCGs, then providers, then anyone else.
GROUP_ORDER = {totals.CCG: 0, totals.PROVIDER: 1, None: 2}


def _years_of(system, *models) -> list[FinancialYear]:
    """The years in which the system has rows of any of ``models``, oldest first (one query)."""
    having = Q(pk__in=[])
    for model in models:
        having |= Q(pk__in=model.objects.filter(system=system).values("year_id"))
    return list(FinancialYear.objects.filter(having).order_by("starts_on"))


def report_year(system, period: Period) -> FinancialYear | None:
    """The financial year the report speaks to: the one with control totals that contains the
    cut-off, else the latest with control totals begun by then, else the latest with any. With
    no control totals at all, the same choice among the years with any finance rows (the years
    the finance page offers: Cambridgeshire and Peterborough's 2017/18, seed 004, has a fund
    and no control totals)."""
    return year_as_at(_years_of(system, ControlTotal), period.cutoff) or year_as_at(
        _years_of(system, EfficiencyPlan, StatedTotal, MonthlyPosition, Fund, CostShare),
        period.cutoff,
    )


def _sum(values) -> Decimal:
    return sum(values, Decimal(0))


def section(system, period: Period) -> dict | None:
    """Five queries (six when no year has control totals): the year, control totals,
    positions and efficiency plans."""
    year = report_year(system, period)
    if year is None:
        return None
    control_rows = list(control_totals_for(system, year))
    recorded = bool(control_rows)
    net = totals.control_total_subtotals(control_rows).get(totals.SYSTEM, "net")
    positions = list(
        MonthlyPosition.objects.filter(
            system=system, year=year, month__lte=period.month
        ).select_related("organisation")
    )
    # One definition with the finance page (finance.totals): the month's sums are over the
    # organisations that reported for it, set against the whole system's control total, and
    # the report says how many of how many reported.
    coverage = totals.position_coverage(control_rows, positions)
    month = coverage.month
    latest = coverage.reported
    headline = dict.fromkeys(
        ("ytd_plan", "ytd_actual", "ytd_variance", "forecast_outturn", "outturn_variance")
    )
    if latest:
        plan = _sum(p.ytd_plan for p in latest.values())
        actual = _sum(p.ytd_actual for p in latest.values())
        outturn = _sum(p.forecast_outturn for p in latest.values())
        headline.update(
            ytd_plan=money(plan),
            ytd_actual=money(actual),
            ytd_variance=money(actual - plan),
            forecast_outturn=money(outturn),
            outturn_variance=money(outturn - net) if recorded else None,
        )
    nets = {row.organisation_id: row.net for row in control_rows}
    organisations = []
    for pk, organisation in sorted(
        coverage.expected.items(),
        key=lambda item: (GROUP_ORDER[totals.group_of(item[1].kind)], item[1].name, item[0]),
    ):
        # An organisation that has not reported for the month shows its latest earlier
        # position, flagged with the month it is from.
        position = coverage.latest.get(pk)
        last_reported = coverage.last_reported(pk)
        control_total = nets.get(pk)
        outturn = position.forecast_outturn if position else None
        organisations.append(
            {
                "organisation": organisation_label(organisation),
                "control_total": money(control_total),
                "ytd_plan": money(position.ytd_plan) if position else None,
                "ytd_actual": money(position.ytd_actual) if position else None,
                "forecast_outturn": money(outturn),
                "variance": money(outturn - control_total)
                if outturn is not None and control_total is not None
                else None,
                "last_reported": last_reported.strftime("%Y-%m") if last_reported else None,
            }
        )
    return {
        "year": year.label,
        # False when the year has finance rows but no control totals: the report says so.
        "control_totals_recorded": recorded,
        "net_control_total": money(net) if recorded else None,
        "position_month": month.strftime("%Y-%m") if month else None,
        "organisations_expected": len(coverage.expected) if month else None,
        "organisations_reported": len(coverage.reported) if month else None,
        **headline,
        "organisations": organisations,
        "efficiency": _efficiency(system, year),
    }


def _efficiency(system, year) -> dict | None:
    subtotals = totals.efficiency_subtotals(efficiency_plans_for(system, year))
    if totals.SYSTEM not in subtotals.sums:
        return None
    return {
        "total": money(subtotals.get(totals.SYSTEM, "total")),
        "ccg": money(subtotals.get(totals.CCG, "total")),
        "provider": money(subtotals.get(totals.PROVIDER, "total")),
        "ccg_percent": str(subtotals.get(totals.CCG, "percent")),
        "provider_percent": str(subtotals.get(totals.PROVIDER, "percent")),
    }
