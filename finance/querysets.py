"""Reads for finance: each screen's queryset with its joins.

Sums of control totals and efficiency plans, percentages and the reconciliation come from
``finance.totals`` only; this module fetches the rows and arranges them for the screens.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Max, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from core import authz
from finance import totals
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
    StatedTotal,
)
from finance.templatetags.finance_format import money
from partners.models import System

# The seeds' tables list CCGs, then providers, then anyone else; only the first two have subtotals.
SECTION_ORDER = (
    (totals.CCG, "CCG total"),
    (totals.PROVIDER, "Provider total"),
    (None, ""),
)


def control_totals_for(system, year) -> models.QuerySet[ControlTotal]:
    return ControlTotal.objects.filter(
        system=system, year=year, status=RecordStatus.CURRENT
    ).select_related("organisation")


def efficiency_plans_for(system, year) -> models.QuerySet[EfficiencyPlan]:
    return EfficiencyPlan.objects.filter(
        system=system, year=year, status=RecordStatus.CURRENT
    ).select_related("organisation")


def stated_totals_for(system, year) -> models.QuerySet[StatedTotal]:
    return StatedTotal.objects.filter(system=system, year=year)


def years_with_data(user, system: System) -> list[FinancialYear]:
    """The financial years for which this system holds any finance rows, oldest first."""

    def years_of(model: type[models.Model]) -> models.QuerySet:
        return authz.scoped(user, model).filter(system=system).values("year_id")

    # One query: each table contributes its years through a subquery.
    return list(
        FinancialYear.objects.filter(
            Q(pk__in=years_of(ControlTotal))
            | Q(pk__in=years_of(EfficiencyPlan))
            | Q(pk__in=years_of(StatedTotal))
            | Q(pk__in=years_of(MonthlyPosition))
            | Q(pk__in=years_of(Fund))
            | Q(pk__in=years_of(CostShare))
        ).order_by("starts_on")
    )


@dataclass
class Section:
    """The rows of one group (CCGs, providers, others) and that group's sums, if it has any."""

    group: str | None
    total_label: str
    rows: list
    total: dict[str, Decimal] | None
    # The group's stated totals that its rows do not add up to, by column (note_differences).
    differences: dict[str, totals.Difference] = field(default_factory=dict)


@dataclass
class GroupedTable:
    sections: list[Section]
    subtotals: totals.Subtotals
    system_differences: dict[str, totals.Difference] = field(default_factory=dict)

    def note_differences(self, differences: list[totals.Difference], table: str) -> None:
        """Where a paper's printed total differs from the sum of its rows, the total rows show
        the printed figure and say what the rows add to (the reconciliation lists them too)."""
        by_group: dict[str, dict[str, totals.Difference]] = {}
        for difference in differences:
            if difference.table == table:
                by_group.setdefault(difference.group, {})[difference.column] = difference
        for section in self.sections:
            if section.group:
                section.differences = by_group.get(section.group, {})
        self.system_differences = by_group.get(totals.SYSTEM, {})

    @property
    def mixes_groups(self) -> bool:
        """Both CCGs and providers: their denominators (allocations, income) are not added
        together for a system percentage, as the seeds' tables print none."""
        groups = {section.group for section in self.sections}
        return {totals.CCG, totals.PROVIDER} <= groups

    @property
    def support_by_kind(self) -> bool:
        """Whether any row gives PSF, FRF or MRET by kind (else those columns are not shown)."""
        return (
            any(
                getattr(row, "psf", 0) or getattr(row, "frf", 0) or getattr(row, "mret", 0)
                for section in self.sections
                for row in section.rows
            )
            or not self.support_not_split
        )

    @property
    def support_not_split(self) -> bool:
        """Whether any row gives its support as one figure for all kinds (PSF/CSF/FRF/MRET)."""
        return any(
            getattr(row, "support_not_split", 0)
            for section in self.sections
            for row in section.rows
        )

    @property
    def system_total(self) -> dict[str, Decimal] | None:
        return self.subtotals.sums.get(totals.SYSTEM)


def grouped(rows, subtotals: totals.Subtotals) -> GroupedTable:
    """Arrange rows as the seeds print them: CCGs, CCG total, providers, provider total, others."""
    by_group: dict[str | None, list] = {}
    for row in rows:
        by_group.setdefault(totals.group_of(row.organisation.kind), []).append(row)
    sections = [
        Section(
            group=group,
            total_label=label,
            rows=by_group[group],
            total=subtotals.sums.get(group) if group else None,
        )
        for group, label in SECTION_ORDER
        if group in by_group
    ]
    return GroupedTable(sections=sections, subtotals=subtotals)


def _sum_per_fund(queryset: models.QuerySet) -> Subquery:
    """A fund's total of ``queryset``'s amounts as a subquery, so funds need no per-row query.
    None where the fund has no such rows: nothing recorded is not a recorded 0 (the C&P System
    Investment Fund is "made up of contributions from Partners", seed 004, with no amount)."""
    summed = (
        queryset.filter(fund=OuterRef("pk"))
        .order_by()
        .values("fund")
        .annotate(sum=Sum("amount"))
        .values("sum")
    )
    return Subquery(summed, output_field=models.DecimalField())


def funds_for(user, system: System, year: FinancialYear) -> models.QuerySet[Fund]:
    """The year's funds (and those not tied to a year) with their money in and out; withdrawn
    funds and rows are neither shown nor summed (their own pages keep them)."""
    current = {"status": RecordStatus.CURRENT}
    contributions = authz.scoped(user, FundContribution).filter(**current)
    allocations = authz.scoped(user, FundAllocation).filter(**current)
    drawdowns = authz.scoped(user, FundDrawdown).filter(**current)
    return (
        authz.scoped(user, Fund)
        .filter(system=system, **current)
        .filter(Q(year=year) | Q(year__isnull=True))
        .select_related("decided_by")
        .annotate(
            contributed=_sum_per_fund(contributions),
            allocated=_sum_per_fund(allocations),
            drawn=_sum_per_fund(drawdowns),
        )
        .prefetch_related(
            Prefetch("contributions", queryset=contributions.select_related("organisation")),
            Prefetch("allocations", queryset=allocations.select_related("organisation")),
            Prefetch(
                "drawdowns",
                queryset=drawdowns.select_related("organisation", "decision__meeting"),
            ),
        )
        .order_by("name")
    )


def cost_shares_for(user, system: System, year: FinancialYear) -> models.QuerySet[CostShare]:
    """The year's current cost-sharing splits (and undated ones), each with its current lines
    and their total."""
    lines = authz.scoped(user, CostShareLine).filter(status=RecordStatus.CURRENT)
    summed = (
        lines.filter(cost_share=OuterRef("pk"))
        .order_by()
        .values("cost_share")
        .annotate(sum=Sum("percent"))
        .values("sum")
    )
    return (
        authz.scoped(user, CostShare)
        .filter(system=system, status=RecordStatus.CURRENT)
        .filter(Q(year=year) | Q(year__isnull=True))
        .annotate(
            total_percent=Coalesce(
                Subquery(summed), Value(Decimal(0)), output_field=models.DecimalField()
            )
        )
        .prefetch_related(Prefetch("lines", queryset=lines.select_related("organisation")))
        .order_by("name")
    )


def monthly_positions_for(user, system: System, year: FinancialYear):
    """The year's monthly positions, newest month first."""
    return (
        authz.scoped(user, MonthlyPosition)
        .filter(system=system, year=year)
        .select_related("organisation")
        .order_by("-month", "organisation__name")
    )


@dataclass
class Overview:
    year: FinancialYear
    control_totals: GroupedTable
    efficiency: GroupedTable
    differences: list[totals.Difference]
    stated_count: int
    funds: list[Fund] = field(default_factory=list)
    cost_shares: list[CostShare] = field(default_factory=list)
    positions: list[MonthlyPosition] = field(default_factory=list)
    # Who reported the latest month's positions (finance.totals.position_coverage).
    coverage: totals.Coverage | None = None
    # Withdrawn control totals and efficiency plans: kept and listed, not in the tables or sums.
    withdrawn: list = field(default_factory=list)


def overview(user, system: System, year: FinancialYear) -> Overview:
    """Everything the finance overview shows for one year, in a fixed number of queries."""

    withdrawn = []

    def rows(model: type[models.Model]) -> list:
        # Withdrawn rows are kept and listed apart (as their pages' URL stem, what they are and
        # the row), neither in the tables nor summed.
        stem = "control-total" if model is ControlTotal else "efficiency-plan"
        found = (
            authz.scoped(user, model)
            .filter(system=system, year=year)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        current = []
        for row in found:
            if row.status == RecordStatus.CURRENT:
                current.append(row)
            else:
                withdrawn.append((stem, model._meta.verbose_name, row))
        return current

    control_rows = rows(ControlTotal)
    efficiency_rows = rows(EfficiencyPlan)
    for stem, model in (("fund", Fund), ("cost-share", CostShare)):
        found = authz.scoped(user, model).filter(
            Q(year=year) | Q(year__isnull=True), system=system, status=RecordStatus.WITHDRAWN
        )
        withdrawn.extend((stem, model._meta.verbose_name, row) for row in found.order_by("name"))
    control_subtotals = totals.control_total_subtotals(control_rows)
    efficiency_subtotals = totals.efficiency_subtotals(efficiency_rows)
    stated = list(authz.scoped(user, StatedTotal).filter(system=system, year=year))
    differences = totals.reconcile(
        stated,
        {
            StatedTotal.Table.CONTROL_TOTALS.value: control_subtotals,
            StatedTotal.Table.EFFICIENCY_PLANS.value: efficiency_subtotals,
        },
    )
    control_table = grouped(control_rows, control_subtotals)
    control_table.note_differences(differences, StatedTotal.Table.CONTROL_TOTALS.value)
    efficiency_table = grouped(efficiency_rows, efficiency_subtotals)
    efficiency_table.note_differences(differences, StatedTotal.Table.EFFICIENCY_PLANS.value)
    positions = list(monthly_positions_for(user, system, year))
    return Overview(
        year=year,
        control_totals=control_table,
        efficiency=efficiency_table,
        differences=differences,
        stated_count=len(stated),
        funds=list(funds_for(user, system, year)),
        cost_shares=list(cost_shares_for(user, system, year)),
        positions=positions,
        coverage=totals.position_coverage(control_rows, positions),
        withdrawn=withdrawn,
    )


def year_as_at(years: list[FinancialYear], day: date | None) -> FinancialYear | None:
    """The year ``years`` (oldest first) speak to as at ``day``: the one containing it, else the
    latest begun by then, else the latest; with no day, the latest. The report and the
    dashboard choose their year with it."""
    if day is None:
        return years[-1] if years else None
    containing = [y for y in years if y.starts_on <= day <= y.ends_on]
    begun = [y for y in years if y.starts_on <= day]
    candidates = containing or begun or years
    return candidates[-1] if candidates else None


def finance_headline(system: System, as_at: date | None = None) -> dict | None:
    """The dashboard's finance figures, or None when the system has no control totals.

    For the financial year with control totals as at ``as_at`` (``year_as_at``; the latest when
    no date is given) it gives:

    - ``year``: that FinancialYear;
    - ``net_control_total``: the system's net control total (``finance.totals``), in £'000;
    - ``month``: the latest month with monthly positions in that year (on or before ``as_at``),
      or None;
    - ``ytd_plan``, ``ytd_actual``, ``ytd_variance`` (actual less plan) and
      ``forecast_outturn``: that month's figures summed over the organisations that reported,
      or None;
    - ``variance``: forecast outturn less the net control total (positive is better than plan),
      or None;
    - ``coverage``: "5 of 7 organisations reported" for that month (the organisations with a
      control total that year), or "" when no month has positions;
    - ``net_display``, ``forecast_outturn_display``, ``variance_display``,
      ``ytd_variance_display``: the same figures as the finance pages print them, e.g.
      "(16,379)" ("" when there is no figure).

    Reads through the scoped managers: call it in a request (the middleware opens the user's
    scope) or inside ``scope(...)``/``unscoped()``.
    """
    return finance_headlines([system.pk], as_at).get(system.pk)


def finance_headlines(system_ids, as_at: date | None = None) -> dict[int, dict]:
    """``finance_headline`` of each of the systems that has control totals, by system id, in two
    queries whatever the number of systems (the regulators' overview reads them side by side)."""
    control: dict[int, dict[FinancialYear, list]] = {}
    for row in (
        ControlTotal.objects.filter(system_id__in=system_ids, status=RecordStatus.CURRENT)
        .select_related("organisation", "year")
        .order_by("organisation__name", "pk")
    ):
        control.setdefault(row.system_id, {}).setdefault(row.year, []).append(row)
    chosen = {
        system_id: year_as_at(sorted(by_year, key=lambda y: y.starts_on), as_at)
        for system_id, by_year in control.items()
    }
    positions: dict[int, list] = {}
    found = MonthlyPosition.objects.filter(
        system_id__in=list(chosen), year_id__in={y.pk for y in chosen.values()}
    ).select_related("organisation")
    if as_at is not None:
        found = found.filter(month__lte=as_at)
    for position in found:
        if position.year_id == chosen[position.system_id].pk:
            positions.setdefault(position.system_id, []).append(position)
    return {
        system_id: _headline(year, control[system_id][year], positions.get(system_id, []))
        for system_id, year in chosen.items()
    }


def _headline(year: FinancialYear, control_rows: list, positions: list) -> dict:
    net = totals.control_total_subtotals(control_rows).get(totals.SYSTEM, "net")
    headline = {
        "year": year,
        "net_control_total": net,
        "month": None,
        "ytd_plan": None,
        "ytd_actual": None,
        "ytd_variance": None,
        "forecast_outturn": None,
        "variance": None,
        "coverage": "",
    }
    # One definition with the finance page and the report (finance.totals): the latest month's
    # sums are over the organisations that reported for it, against the whole system's total.
    coverage = totals.position_coverage(control_rows, positions)
    if coverage.month is not None:
        reported = coverage.reported.values()
        plan = sum((p.ytd_plan for p in reported), Decimal(0))
        actual = sum((p.ytd_actual for p in reported), Decimal(0))
        outturn = sum((p.forecast_outturn for p in reported), Decimal(0))
        headline.update(
            month=coverage.month,
            ytd_plan=plan,
            ytd_actual=actual,
            ytd_variance=actual - plan,
            forecast_outturn=outturn,
            variance=outturn - net,
            coverage=coverage.label,
        )
    headline.update(
        net_display=money(net),
        forecast_outturn_display=money(headline["forecast_outturn"]),
        variance_display=money(headline["variance"]),
        ytd_variance_display=money(headline["ytd_variance"]),
    )
    return headline


def position_grid(system, year: FinancialYear, month: date):
    """The month's grid: the organisations with a control total in ``year`` and any other with
    a position recorded for ``month``, by name, and the recorded positions by organisation id."""
    recorded = {
        p.organisation_id: p
        for p in MonthlyPosition.objects.filter(system=system, month=month).select_related(
            "organisation"
        )
    }
    organisations = {ct.organisation_id: ct.organisation for ct in control_totals_for(system, year)}
    organisations |= {pk: p.organisation for pk, p in recorded.items()}
    return sorted(organisations.values(), key=lambda o: o.name), recorded


def latest_position_month(system, year: FinancialYear, until: date | None = None) -> date | None:
    """The latest month of ``year`` with a monthly position recorded, on or before ``until``."""
    positions = MonthlyPosition.objects.filter(system=system, year=year)
    if until is not None:
        positions = positions.filter(month__lte=until)
    return positions.aggregate(latest=Max("month")).get("latest")


def with_started_year(years: list[FinancialYear]) -> list[FinancialYear]:
    """The years the finance pages offer: ``years`` (those with this system's data, oldest
    first) and, once started, the year after the latest of them (its figures still to record)."""
    if not years:
        return []
    started = FinancialYear.objects.filter(starts_on__gt=years[-1].ends_on).order_by("starts_on")
    return [*years, *started[:1]]


def still_to_record(system, year: FinancialYear, years: list[FinancialYear]) -> list:
    """The organisations with a control total in the year before ``year`` and none in it yet:
    what carries over into a new year (its organisations, never its figures). ``years`` are
    those the system has data for (``years_with_data``), so the year before is found among them
    or has nothing to carry."""
    earlier = [y for y in years if y.ends_on < year.starts_on]
    if not earlier:
        return []
    done = control_totals_for(system, year).values("organisation_id")
    rows = control_totals_for(system, earlier[-1]).exclude(organisation_id__in=done)
    return [row.organisation for row in rows.order_by("organisation__name")]
