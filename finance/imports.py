"""Control totals and monthly positions from a spreadsheet: the finance overview's export columns
(``finance.exports``) read back through the services, in £'000 as the seeds print them (a
number cell, or text such as 2,180 and (2,587); "-" for nothing).

Both name their organisation by ODS code or, with the code blank, by name (or short name); it
must be a partner of the system.

- **Control totals** (``CONTROL_TOTAL_IMPORT``): natural key, the organisation and the year
  ("2019/20", which must have been started on the finance page): a row changes that
  organisation's current control total for the year, or adds one. A provider's figure is under
  Income, anyone else's under Allocations, as the export puts it. PSF, FRF, MRET and support
  not split are 0 when blank; total support and the net control total are derived. Withdrawing
  stays on the control total's page, with its reason.
- **Monthly positions** (``MONTHLY_POSITION_IMPORT``): natural key, the organisation and the
  month (any day of it; the export writes the first): a row records the month's position or
  corrects it, as the month's grid does. A row with its three figures blank and nothing yet
  recorded (the grid's export is a return to fill in) is left alone.
"""

from abc import abstractmethod
from dataclasses import dataclass, field
from datetime import date

from core.import_batches import ImportKind, Row, by_names, corrections, locked, once
from core.import_fields import DATE, DERIVED, MONEY, TEXT, Field
from finance import services
from finance.exports import CONTROL_TOTALS, MONTHLY_POSITIONS
from finance.models import ControlTotal, FinancialYear, MonthlyPosition, RecordStatus
from finance.totals import PROVIDER, group_of
from partners.models import Organisation

ORGANISATION = Field("Organisation", "organisation", TEXT, max_length=200)
ODS_CODE = Field("ODS code", "ods_code", TEXT, max_length=10, numbers_ok=True)
REASON = Field("Reason", "reason", TEXT, max_length=1000)
SUPPORT = ("psf", "frf", "mret", "support_not_split")
# What a row corrects, in the columns' order (``services.CONTROL_TOTAL_EDITABLE``).
CORRECTED = ("allocation_or_income", "plan_surplus_deficit", *SUPPORT, "source")
POSITION_FIGURES = services.POSITION_FIGURES


@dataclass
class Context:
    records: dict[tuple, object]  # (organisation pk, year pk or month) -> the record
    by_code: dict[str, Organisation]
    by_name: dict[str, Organisation]
    years: dict[str, FinancialYear]
    seen: set = field(default_factory=set)


class FinanceImport(ImportKind):
    """What both kinds share: the organisation and year a row names, and its records."""

    @abstractmethod
    def _records(self, system, lock: bool) -> dict[tuple, object]:
        """Each kind's current records, keyed as its rows name them."""

    def prepare(self, system, rows: list[Row], lock: bool = False) -> Context:
        organisations = list(Organisation.objects.filter(partnerships__system=system).distinct())
        return Context(
            records=self._records(system, lock),
            by_code=by_names(organisations, lambda o: o.ods_code),
            by_name=by_names(organisations, lambda o: o.name, lambda o: o.short_name),
            years={y.label: y for y in FinancialYear.objects.all()},
        )

    def label(self, row: Row) -> str:
        return str(row.values.get("organisation") or row.values.get("ods_code") or "")

    def organisation(self, context: Context, row: Row) -> Organisation | None:
        code = (row.values.get("ods_code") or "").strip()
        name = (row.values.get("organisation") or "").strip()
        if code:
            found = context.by_code.get(code.lower())
            if found is None:
                row.error("ODS code", f'No partner organisation here has ODS code "{code}".')
            return found
        found = context.by_name.get(name.lower()) if name else None
        if found is None:
            row.error(
                "Organisation",
                f'There is no partner organisation "{name}" here.'
                if name
                else "Give the organisation's name or its ODS code.",
            )
        return found

    def year(self, context: Context, row: Row) -> FinancialYear | None:
        label = (row.values.get("year") or "").strip()
        found = context.years.get(label)
        if found is None:
            row.error(
                "Year",
                f'There is no financial year "{label}": give one such as 2019/20, or start the '
                "year on the finance page first.",
            )
        return found


class ControlTotalImport(FinanceImport):
    key = "control-totals"
    title = "Control totals"
    model = ControlTotal
    export = CONTROL_TOTALS
    key_help = (
        "A row changes the control total of that organisation (ODS code, else name) for that "
        "year, or adds one. Amounts are in £'000; a deficit in brackets or with a minus sign."
    )
    fields = (
        ORGANISATION,
        ODS_CODE,
        Field("Year", "year", TEXT, required=True, max_length=7),
        Field("Allocations", "allocations", MONEY),
        Field("Income", "income", MONEY),
        Field("Plan surplus/(deficit) before support", "plan_surplus_deficit", MONEY),
        Field("PSF", "psf", MONEY),
        Field("FRF", "frf", MONEY),
        Field("MRET", "mret", MONEY),
        Field("PSF/CSF/FRF/MRET (not split)", "support_not_split", MONEY),
        Field("Total support", kind=DERIVED),
        Field("Net control total", kind=DERIVED),
        Field("Source", "source", TEXT, max_length=300),
        REASON,
    )

    def header(self, name: str) -> str:
        # The one figure stored for both columns, as a change to it is shown.
        return "Allocations/Income" if name == "allocation_or_income" else super().header(name)

    def _records(self, system, lock: bool) -> dict[tuple, object]:
        totals = ControlTotal.objects.filter(system=system, status=RecordStatus.CURRENT)
        totals = locked(totals.select_related("organisation", "year"), lock)
        return {(t.organisation_id, t.year_id): t for t in totals}

    def match(self, context: Context, row: Row) -> ControlTotal | None:
        organisation, year = self.organisation(context, row), self.year(context, row)
        if organisation is None or year is None:
            return None
        row.new.update(organisation=organisation, year=year)
        once(context.seen, row, (organisation.pk, year.pk), "Organisation")
        return context.records.get((organisation.pk, year.pk))

    def _figure(self, row: Row) -> None:
        """Allocations or income, whichever the organisation has, as ``allocation_or_income``."""
        values, organisation = row.values, row.new["organisation"]
        provider = group_of(organisation.kind) == PROVIDER
        given, other = ("income", "allocations") if provider else ("allocations", "income")
        if values.get(other) is not None:
            where = "Income" if provider else "Allocations"
            row.error(
                self.header(other),
                f"{organisation} gives its figure as {where.lower()}: put it under {where}.",
            )
        elif given in values or row.record is None:
            if values.get(given) is None:
                row.error(self.header(given), f"Give {organisation}'s {self.header(given)}.")
            else:
                # Under its column's name too, so that the preview shows it as the file has it.
                row.new["allocation_or_income"] = row.new[given] = values[given]

    def changes(self, context: Context, row: Row) -> dict:
        values, new, record = row.values, row.new, row.record
        self._figure(row)
        if "plan_surplus_deficit" in values or record is None:
            if values.get("plan_surplus_deficit") is None:
                row.error(self.header("plan_surplus_deficit"), "Give the plan before support.")
            else:
                new["plan_surplus_deficit"] = values["plan_surplus_deficit"]
        for name in SUPPORT:
            if name in values:
                new[name] = values[name] if values[name] is not None else 0
        if "source" in values:
            new["source"] = values["source"] or ""
        if record is None:
            return {}
        return corrections(record, new, CORRECTED)

    def apply(self, *, actor, system, context: Context, row: Row, reason: str) -> None:
        why = self.why(row, reason)
        if row.record is None:
            fields = {n: v for n, v in row.new.items() if n not in ("allocations", "income")}
            services.control_total_create(actor=actor, system=system, reason=why, **fields)
            return
        changed = row.corrected()
        services.control_total_update(actor=actor, control_total=row.record, reason=why, **changed)


class MonthlyPositionImport(FinanceImport):
    key = "monthly-positions"
    title = "Monthly positions"
    model = MonthlyPosition
    export = MONTHLY_POSITIONS
    key_help = (
        "A row records or corrects that organisation's (ODS code, else name) position for that "
        "month. Amounts are in £'000; a row with its figures blank is left alone."
    )
    fields = (
        Field("Month", "month", DATE, required=True),
        ORGANISATION,
        ODS_CODE,
        Field("Year", "year", TEXT, max_length=7),
        Field("Year-to-date plan", "ytd_plan", MONEY),
        Field("Year-to-date actual", "ytd_actual", MONEY),
        Field("Variance", kind=DERIVED),
        Field("Forecast outturn", "forecast_outturn", MONEY),
        REASON,
    )

    def _records(self, system, lock: bool) -> dict[tuple, object]:
        positions = MonthlyPosition.objects.filter(system=system).select_related("organisation")
        positions = locked(positions, lock)
        return {(p.organisation_id, p.month): p for p in positions}

    def _year_of(self, context: Context, row: Row, month: date) -> FinancialYear | None:
        year = self.year(context, row) if row.values.get("year") else None
        if row.values.get("year") and year is None:
            return None
        within = [y for y in context.years.values() if y.starts_on <= month <= y.ends_on]
        if year is None and not within:
            row.error("Month", f"No financial year has been started that holds {month:%B %Y}.")
        elif year is not None and year not in within:
            row.error("Month", f"{month:%B %Y} is not in the financial year {year}.")
        return year or (within[0] if within else None)

    def match(self, context: Context, row: Row) -> MonthlyPosition | None:
        month = row.values["month"].replace(day=1)
        organisation = self.organisation(context, row)
        year = self._year_of(context, row, month)
        if organisation is None or year is None:
            return None
        row.new.update(organisation=organisation, year=year, month=month)
        once(context.seen, row, (organisation.pk, month), "Month")
        record = context.records.get((organisation.pk, month))
        given = [name for name in POSITION_FIGURES if row.values.get(name) is not None]
        row.empty = record is None and not given
        return record

    def changes(self, context: Context, row: Row) -> dict:
        values, record = row.values, row.record
        if row.empty:
            return {}
        for name in POSITION_FIGURES:
            if values.get(name) is None:
                row.error(self.header(name), f"Give the {self.header(name).lower()}.")
            else:
                row.new[name] = values[name]
        if record is None or row.errors:
            return {}
        return corrections(record, row.new, POSITION_FIGURES)

    def apply(self, *, actor, system, context: Context, row: Row, reason: str) -> None:
        new = row.new
        if row.record is None:
            figures = {name: new[name] for name in POSITION_FIGURES}
        else:
            figures = row.corrected()
        services.monthly_positions_record(
            actor=actor,
            system=system,
            year=new["year"],
            month=new["month"],
            figures={new["organisation"]: figures},
            reason=self.why(row, reason),
        )


CONTROL_TOTAL_IMPORT = ControlTotalImport()
MONTHLY_POSITION_IMPORT = MonthlyPositionImport()
