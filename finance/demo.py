"""Demo data for finance: control totals, efficiency plans, stated totals, funds and splits."""

from datetime import date
from decimal import Decimal

from core.demo import DemoContext, ensure
from finance import services
from finance.models import (
    ControlTotal,
    CostShare,
    EfficiencyPlan,
    FinancialYear,
    Fund,
    MonthlyPosition,
    StatedTotal,
)

AMOUNT_FIELDS = (
    "allocation_or_income",
    "plan_surplus_deficit",
    "psf",
    "frf",
    "mret",
    "support_not_split",
)


def financial_year(label: str, context: DemoContext) -> FinancialYear:
    """A year labelled "2019/20" runs from 1 April 2019 to 31 March 2020."""
    start = int(label[:4])
    return ensure(
        FinancialYear.objects.all(),
        {"label": label},
        actor=context.actor,
        create=services.financial_year_create,
        starts_on=date(start, 4, 1),
        ends_on=date(start + 1, 3, 31),
    )


def load(files: list[dict], context: DemoContext) -> None:
    for data in files:
        finance = data["delivery"].get("finance")
        if not finance:
            continue
        system = context.systems[data["system"]["slug"]]
        year = financial_year(finance["year"], context)
        orgs = context.organisations
        for row in finance.get("control_totals", []):
            amounts = {f: Decimal(row.get(f) or "0") for f in AMOUNT_FIELDS}
            ensure(
                ControlTotal.objects.all(),
                {"system": system, "organisation": orgs[row["organisation"]], "year": year},
                actor=context.actor,
                create=services.control_total_create,
                source=(row.get("source") or "")[:300],
                **amounts,
            )
        for row in finance.get("efficiency_plans", []):
            ensure(
                EfficiencyPlan.objects.all(),
                {"system": system, "organisation": orgs[row["organisation"]], "year": year},
                actor=context.actor,
                create=services.efficiency_plan_create,
                recurrent=Decimal(row["recurrent"]),
                non_recurrent=Decimal(row["non_recurrent"]),
                denominator=Decimal(row["denominator"]),
                source=(row.get("source") or "")[:300],
            )
        for row in finance.get("stated_totals", []):
            ensure(
                StatedTotal.objects.all(),
                {
                    "system": system,
                    "year": year,
                    "table": row["table"],
                    "group": row["group"],
                    "column": row["column"],
                },
                actor=context.actor,
                create=services.stated_total_create,
                value=Decimal(row["value"]),
            )
        for row in finance.get("monthly_positions", []):
            month = date.fromisoformat(f"{row['month']}-01")
            if not MonthlyPosition.objects.filter(
                system=system, organisation=orgs[row["organisation"]], month=month
            ).exists():
                services.monthly_position_record(
                    actor=context.actor,
                    system=system,
                    organisation=orgs[row["organisation"]],
                    year=year,
                    month=month,
                    ytd_plan=Decimal(row["ytd_plan"]),
                    ytd_actual=Decimal(row["ytd_actual"]),
                    forecast_outturn=Decimal(row["forecast_outturn"]),
                )
        for item in finance.get("funds", []):
            _load_fund(item, system, year, context)
        for item in finance.get("cost_shares", []):
            if CostShare.objects.filter(system=system, name=item["name"]).exists():
                continue
            services.cost_share_set(
                actor=context.actor,
                system=system,
                name=item["name"][:200],
                year=year,
                source=(item.get("source") or "")[:300],
                lines=[(orgs[line["organisation"]], line["percent"]) for line in item["lines"]],
            )


def _load_fund(item: dict, system, year, context: DemoContext) -> None:
    if Fund.objects.filter(system=system, name=item["name"][:200]).exists():
        return
    fund = services.fund_create(
        actor=context.actor,
        system=system,
        name=item["name"][:200],
        kind=item["kind"],
        year=year,
        decided_by=context.objects.get(("committee", system.slug, item.get("decided_by") or "")),
        gateway=item.get("gateway", ""),
        source=(item.get("source") or "")[:300],
    )
    for row in item.get("contributions", []):
        services.fund_contribution_add(
            actor=context.actor,
            fund=fund,
            organisation=context.organisations[row["organisation"]],
            amount=Decimal(row["amount"]),
        )
    for row in item.get("allocations", []):
        services.fund_allocation_add(
            actor=context.actor,
            fund=fund,
            organisation=context.organisations.get(row.get("organisation") or ""),
            amount=Decimal(row["amount"]),
            purpose=row.get("purpose", ""),
        )
