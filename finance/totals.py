"""System, CCG and provider subtotals, efficiency percentages and the reconciliation against the
totals a paper prints. One function each, used by pages, API and reports alike."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CCG, PROVIDER, SYSTEM = "ccg", "provider", "system"
COMMISSIONER_KINDS = frozenset({"ccg", "icb"})
PROVIDER_KINDS = frozenset({"foundation_trust", "nhs_trust", "ambulance_trust"})
CONTROL_COLUMNS = (
    "allocation_or_income",
    "allocations",
    "income",
    "plan_surplus_deficit",
    "psf",
    "frf",
    "mret",
    "support_not_split",
    "support",
    "net",
)
# Columns of a ControlTotal row read as they are; allocations and income are derived from
# allocation_or_income by the organisation's kind (control_total_values).
STORED_CONTROL_COLUMNS = tuple(c for c in CONTROL_COLUMNS if c not in ("allocations", "income"))
EFFICIENCY_COLUMNS = ("recurrent", "non_recurrent", "total", "denominator", "percent")


def group_of(organisation_kind: str) -> str | None:
    """CCGs (and ICBs) and providers are subtotalled; other partners count only in the system."""
    if organisation_kind in COMMISSIONER_KINDS:
        return CCG
    if organisation_kind in PROVIDER_KINDS:
        return PROVIDER
    return None


def allocation_part(organisation_kind: str, amount: Decimal) -> Decimal | None:
    """A commissioner's figure is its allocation; a provider has income instead (None)."""
    return amount if group_of(organisation_kind) == CCG else None


def income_part(organisation_kind: str, amount: Decimal) -> Decimal | None:
    """A provider's figure is its income; a commissioner has an allocation instead (None)."""
    return amount if group_of(organisation_kind) == PROVIDER else None


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """A percentage to two places, rounded half up as the seeds' tables are."""
    if not whole:
        return Decimal("0.00")
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Subtotals:
    """Column sums per group ("ccg", "provider", "system")."""

    columns: tuple[str, ...]
    sums: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    def add(self, group: str, row: dict[str, Decimal]) -> None:
        sums = self.sums.setdefault(group, dict.fromkeys(self.columns, Decimal(0)))
        for column in self.columns:
            sums[column] += row[column]

    def get(self, group: str, column: str) -> Decimal:
        return self.sums.get(group, {}).get(column, Decimal(0))


def _subtotal(rows: Iterable, columns: tuple[str, ...], values) -> Subtotals:
    subtotals = Subtotals(columns)
    for row in rows:
        data = values(row)
        group = group_of(row.organisation.kind)
        if group is not None:
            subtotals.add(group, data)
        subtotals.add(SYSTEM, data)
    return subtotals


def control_total_values(row) -> dict[str, Decimal]:
    """A ControlTotal row's figures to sum. Allocations (commissioners') and income
    (providers') are summed apart, as the seeds' tables print them: Norfolk and Waveney's
    "Total" of 1,594,620 is the CCGs' allocations, not allocations and income added together
    (``allocation_or_income``, kept for the row's own figure)."""
    values = {c: getattr(row, c) for c in STORED_CONTROL_COLUMNS}
    kind = row.organisation.kind
    values["allocations"] = allocation_part(kind, row.allocation_or_income) or Decimal(0)
    values["income"] = income_part(kind, row.allocation_or_income) or Decimal(0)
    return values


def control_total_subtotals(rows: Iterable) -> Subtotals:
    """Sums of ControlTotal rows (organisation selected) by CCG, provider and system."""
    return _subtotal(rows, CONTROL_COLUMNS, control_total_values)


def efficiency_subtotals(rows: Iterable) -> Subtotals:
    """Sums of EfficiencyPlan rows by group, each group's percentage from its own sums."""
    sums_only = EFFICIENCY_COLUMNS[:-1]
    subtotals = _subtotal(
        rows, EFFICIENCY_COLUMNS, lambda r: {**{c: getattr(r, c) for c in sums_only}, "percent": 0}
    )
    for sums in subtotals.sums.values():
        sums["percent"] = percent(sums["total"], sums["denominator"])
    return subtotals


@dataclass(frozen=True)
class Difference:
    table: str
    group: str
    column: str
    stated: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.computed - self.stated


def reconcile(
    stated_totals: Iterable, subtotals_by_table: dict[str, Subtotals]
) -> list[Difference]:
    """Every stated total that the product's own sum does not match, naming both figures."""
    differences = []
    for stated in stated_totals:
        subtotals = subtotals_by_table.get(stated.table)
        if subtotals is None or stated.column not in subtotals.columns:
            continue
        computed = subtotals.get(stated.group, stated.column)
        if computed != stated.value:
            differences.append(
                Difference(stated.table, stated.group, stated.column, stated.value, computed)
            )
    return differences


@dataclass
class Coverage:
    """Who reported a month's positions. ``expected`` are the organisations with a control total
    in the year and any other that reported; ``latest`` is each one's latest position for the
    month or earlier, by organisation id; ``reported`` those with a position for the month
    itself. A month's sums are over ``reported`` only; they are set against the whole system's
    control total, so the page and the report say how many reported ("5 of 7")."""

    month: date | None
    expected: dict = field(default_factory=dict)  # organisation id -> organisation
    latest: dict = field(default_factory=dict)  # organisation id -> position
    reported: dict = field(default_factory=dict)  # organisation id -> the month's position

    @property
    def label(self) -> str:
        """ "5 of 7 organisations reported" (the month is named by the caller)."""
        expected = len(self.expected)
        plural = "" if expected == 1 else "s"
        return f"{len(self.reported)} of {expected} organisation{plural} reported"

    @property
    def complete(self) -> bool:
        return len(self.reported) == len(self.expected)

    def last_reported(self, organisation_id) -> date | None:
        """The month of an organisation's latest position when older than the month reported
        (flagged "last reported May 2019"); None when it reported for the month, or never."""
        position = self.latest.get(organisation_id)
        if position is None or position.month == self.month:
            return None
        return position.month

    def not_reported(self) -> list:
        """The expected organisations without a position for the month, by name, each with the
        month it last reported (or None): [(organisation, month or None)]."""
        missing = [o for pk, o in self.expected.items() if pk not in self.reported]
        return [(o, self.last_reported(o.pk)) for o in sorted(missing, key=lambda o: o.name)]


def position_coverage(control_rows: Iterable, positions: Iterable, month: date | None = None):
    """Coverage of ``month`` (default: the latest month of ``positions``) by ``positions``
    (MonthlyPosition rows with their organisation), against the organisations of ``control_rows``
    (the year's current ControlTotal rows, organisation selected). Positions after ``month`` are
    ignored."""
    positions = list(positions)
    if month is None:
        month = max((p.month for p in positions), default=None)
    coverage = Coverage(month=month)
    coverage.expected = {row.organisation_id: row.organisation for row in control_rows}
    if month is None:
        return coverage
    for position in sorted(positions, key=lambda p: p.month):
        if position.month > month:
            continue
        coverage.latest[position.organisation_id] = position
        if position.month == month:
            coverage.reported[position.organisation_id] = position
            coverage.expected.setdefault(position.organisation_id, position.organisation)
    # An organisation with older positions but no control total is not expected this month.
    return coverage
