"""Writes for finance. Keyword-only, atomic, recorded against ``actor``."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from core.audit import save_tracked, update_tracked
from core.services import check_changes, required_reason
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
from partners.models import Organisation, System

HUNDRED = Decimal(100)
# The figures a monthly position gives, each recorded or corrected for a whole month at once.
POSITION_FIGURES = ("ytd_plan", "ytd_actual", "forecast_outturn")


@transaction.atomic
def financial_year_create(*, actor, label: str, starts_on: date, ends_on: date) -> FinancialYear:
    return save_tracked(
        FinancialYear(label=label, starts_on=starts_on, ends_on=ends_on), actor=actor
    )


@transaction.atomic
def control_total_create(
    *, actor, system: System, organisation: Organisation, year, reason: str = "", **amounts
):
    row = ControlTotal(system=system, organisation=organisation, year=year, **amounts)
    return save_tracked(row, actor=actor, reason=reason)


@transaction.atomic
def efficiency_plan_create(*, actor, system: System, organisation: Organisation, year, **amounts):
    row = EfficiencyPlan(system=system, organisation=organisation, year=year, **amounts)
    return save_tracked(row, actor=actor)


# What a correction may change: the figures and their source, never whose or which year's they are
# (a different organisation or year is a new record, the wrong one withdrawn).
CONTROL_TOTAL_EDITABLE = {
    "allocation_or_income",
    "plan_surplus_deficit",
    "psf",
    "frf",
    "mret",
    "support_not_split",
    "source",
}
EFFICIENCY_PLAN_EDITABLE = {"recurrent", "non_recurrent", "denominator", "source"}


def _require_current(row: models.Model) -> None:
    if row.status == RecordStatus.WITHDRAWN:
        raise ValidationError("This record is withdrawn: record a new one instead.")


def _withdraw(row: models.Model, *, actor, reason: str):
    _require_current(row)
    reason = required_reason(reason, "Say why it is being withdrawn.")
    update_tracked(row, actor=actor, reason=reason, status=RecordStatus.WITHDRAWN)
    return row


@transaction.atomic
def control_total_update(
    *, actor, control_total: ControlTotal, reason: str = "", **changes
) -> ControlTotal:
    """Correct a control total's figures; its history keeps the old ones, who and why."""
    check_changes("control_total_update", changes, CONTROL_TOTAL_EDITABLE)
    _require_current(control_total)
    update_tracked(control_total, actor=actor, reason=reason, **changes)
    return control_total


@transaction.atomic
def control_total_withdraw(*, actor, control_total: ControlTotal, reason: str) -> ControlTotal:
    """Withdraw a control total: kept and labelled, no longer shown in the year's tables or
    summed; the organisation may then be given a new one for the year."""
    return _withdraw(control_total, actor=actor, reason=reason)


@transaction.atomic
def efficiency_plan_update(
    *, actor, efficiency_plan: EfficiencyPlan, reason: str = "", **changes
) -> EfficiencyPlan:
    check_changes("efficiency_plan_update", changes, EFFICIENCY_PLAN_EDITABLE)
    _require_current(efficiency_plan)
    update_tracked(efficiency_plan, actor=actor, reason=reason, **changes)
    return efficiency_plan


@transaction.atomic
def efficiency_plan_withdraw(
    *, actor, efficiency_plan: EfficiencyPlan, reason: str
) -> EfficiencyPlan:
    return _withdraw(efficiency_plan, actor=actor, reason=reason)


@transaction.atomic
def monthly_position_record(
    *, actor, system: System, organisation: Organisation, year, month: date, **amounts
) -> MonthlyPosition:
    row = MonthlyPosition(
        system=system, organisation=organisation, year=year, month=month.replace(day=1), **amounts
    )
    return save_tracked(row, actor=actor)


def position_cell(field: str, organisation: Organisation) -> str:
    """How the month's grid names one organisation's figure (its errors are reported so)."""
    return f"{field}-{organisation.pk}"


@transaction.atomic
def monthly_positions_record(
    *,
    actor,
    system: System,
    year: FinancialYear,
    month: date,
    figures: Mapping[Organisation, Mapping[str, Decimal]],
    reason: str = "",
) -> list[MonthlyPosition]:
    """Record the month's positions, one per organisation, all or none: a new position is
    created, a recorded one corrected (its history keeps the old figures, who and ``reason``).
    A refused figure is reported by its cell (``position_cell``) and nothing is saved."""
    month = month.replace(day=1)
    if not year.starts_on.replace(day=1) <= month <= year.ends_on:
        raise ValidationError({"month": f"Choose a month in the financial year {year}."})
    recorded = {
        p.organisation_id: p
        for p in MonthlyPosition.objects.filter(system=system, month=month).select_related("year")
    }
    saved, errors = [], {}
    for organisation, changes in figures.items():
        check_changes("monthly_positions_record", changes, POSITION_FIGURES)
        position = recorded.get(organisation.pk)
        try:
            if position is None:
                position = MonthlyPosition(
                    system=system, organisation=organisation, year=year, month=month, **changes
                )
                save_tracked(position, actor=actor, reason=reason)
            else:
                update_tracked(position, actor=actor, reason=reason, **changes)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                cell = field if field in POSITION_FIGURES else POSITION_FIGURES[0]
                errors.setdefault(position_cell(cell, organisation), []).extend(messages)
        else:
            saved.append(position)
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def stated_total_create(*, actor, system: System, year, table: str, group: str, column: str, value):
    row = StatedTotal(
        system=system, year=year, table=table, group=group, column=column, value=value
    )
    return save_tracked(row, actor=actor)


@transaction.atomic
def fund_create(*, actor, system: System, name: str, kind: str, **fields) -> Fund:
    """A fund; the committee that decides its spending (``decided_by``) is one of this system's."""
    committee = fields.get("decided_by")
    if committee is not None and committee.system_id != system.pk:
        raise ValidationError({"decided_by": "Choose a committee in this system."})
    return save_tracked(Fund(system=system, name=name, kind=kind, **fields), actor=actor)


@transaction.atomic
def fund_contribution_add(*, actor, fund: Fund, organisation: Organisation, amount: Decimal):
    _require_open_fund(fund)
    return save_tracked(
        FundContribution(fund=fund, organisation=organisation, amount=amount), actor=actor
    )


@transaction.atomic
def fund_allocation_add(
    *, actor, fund: Fund, amount: Decimal, organisation: Organisation | None = None, purpose=""
) -> FundAllocation:
    _require_open_fund(fund)
    allocation = FundAllocation(
        fund=fund, organisation=organisation, amount=amount, purpose=purpose
    )
    return save_tracked(allocation, actor=actor)


@transaction.atomic
def fund_drawdown(
    *,
    actor,
    fund: Fund,
    amount: Decimal,
    purpose: str,
    decision: models.Model,  # the governance decision that approved it
    drawn_on: date,
    organisation: Organisation | None = None,
) -> FundDrawdown:
    """Draw on a fund under the decision that approved it: a decision of this system and, where
    the fund names the committee that decides its spending (its gateway), of that committee."""
    _require_open_fund(fund)
    if decision.meeting.committee.system_id != fund.system_id:
        raise ValidationError({"decision": "Choose a decision taken in this system."})
    gateway = fund.decided_by
    if gateway is not None and decision.meeting.committee_id != gateway.pk:
        raise ValidationError(
            {
                "decision": f"Spending from the {fund.name} is decided by the {gateway.name}: "
                f"choose one of its decisions."
            }
        )
    if drawn_on < decision.meeting.held_on:
        raise ValidationError({"drawn_on": "Money cannot be drawn before it was approved."})
    drawdown = FundDrawdown(
        fund=fund,
        amount=amount,
        purpose=purpose,
        decision=decision,
        drawn_on=drawn_on,
        organisation=organisation,
    )
    return save_tracked(drawdown, actor=actor)


# What a correction may change. A fund's or split's rows keep whose they are (a different
# organisation is a new row, the wrong one withdrawn); a drawdown keeps the decision it was under.
FUND_EDITABLE = {"name", "kind", "year", "decided_by", "gateway", "source"}
FUND_CONTRIBUTION_EDITABLE = {"amount"}
FUND_ALLOCATION_EDITABLE = {"amount", "purpose"}
FUND_DRAWDOWN_EDITABLE = {"amount", "purpose", "drawn_on"}
COST_SHARE_EDITABLE = {"name", "year", "source"}


@transaction.atomic
def fund_update(*, actor, fund: Fund, reason: str = "", **changes) -> Fund:
    """Correct a fund's details; its history keeps the old ones, who and why."""
    check_changes("fund_update", changes, FUND_EDITABLE)
    _require_current(fund)
    if "decided_by" in changes:
        committee = changes["decided_by"]
        if committee is not None and committee.system_id != fund.system_id:
            raise ValidationError({"decided_by": "Choose a committee in this system."})
    update_tracked(fund, actor=actor, reason=reason, **changes)
    return fund


@transaction.atomic
def fund_withdraw(*, actor, fund: Fund, reason: str) -> Fund:
    """Withdraw a fund: kept and labelled with its rows, no longer shown in the year's funds."""
    return _withdraw(fund, actor=actor, reason=reason)


def _require_open_fund(fund: Fund) -> None:
    if fund.status == RecordStatus.WITHDRAWN:
        raise ValidationError("This fund is withdrawn: nothing more can be recorded against it.")


@transaction.atomic
def fund_contribution_update(
    *, actor, contribution: FundContribution, reason: str = "", **changes
) -> FundContribution:
    check_changes("fund_contribution_update", changes, FUND_CONTRIBUTION_EDITABLE)
    _require_current(contribution)
    update_tracked(contribution, actor=actor, reason=reason, **changes)
    return contribution


@transaction.atomic
def fund_contribution_withdraw(
    *, actor, contribution: FundContribution, reason: str
) -> FundContribution:
    """Withdraw a contribution: kept and labelled, no longer added to the fund's total."""
    return _withdraw(contribution, actor=actor, reason=reason)


@transaction.atomic
def fund_allocation_update(
    *, actor, allocation: FundAllocation, reason: str = "", **changes
) -> FundAllocation:
    check_changes("fund_allocation_update", changes, FUND_ALLOCATION_EDITABLE)
    _require_current(allocation)
    update_tracked(allocation, actor=actor, reason=reason, **changes)
    return allocation


@transaction.atomic
def fund_allocation_withdraw(*, actor, allocation: FundAllocation, reason: str) -> FundAllocation:
    return _withdraw(allocation, actor=actor, reason=reason)


@transaction.atomic
def fund_drawdown_update(
    *, actor, drawdown: FundDrawdown, reason: str = "", **changes
) -> FundDrawdown:
    """Correct a drawdown's amount, purpose or date; never drawn before its decision."""
    check_changes("fund_drawdown_update", changes, FUND_DRAWDOWN_EDITABLE)
    _require_current(drawdown)
    drawn_on = changes.get("drawn_on", drawdown.drawn_on)
    if drawn_on < drawdown.decision.meeting.held_on:
        raise ValidationError({"drawn_on": "Money cannot be drawn before it was approved."})
    update_tracked(drawdown, actor=actor, reason=reason, **changes)
    return drawdown


@transaction.atomic
def fund_drawdown_withdraw(*, actor, drawdown: FundDrawdown, reason: str) -> FundDrawdown:
    return _withdraw(drawdown, actor=actor, reason=reason)


def _checked_lines(lines) -> list[tuple[Organisation, Decimal]]:
    lines = [(organisation, Decimal(value)) for organisation, value in lines]
    if len({organisation.pk for organisation, _ in lines}) != len(lines):
        raise ValidationError({"lines": "Each organisation can appear only once."})
    total = sum((value for _, value in lines), Decimal(0))
    if total != HUNDRED:
        raise ValidationError({"lines": f"The shares add up to {total.normalize():f}%, not 100%."})
    return lines


@transaction.atomic
def cost_share_create(
    *,
    actor,
    system: System,
    name: str,
    lines: Iterable[tuple[Organisation, Decimal]],
    year=None,
    source: str = "",
) -> CostShare:
    """A cost-sharing split; its lines must add up to exactly 100%."""
    lines = _checked_lines(lines)
    share = save_tracked(CostShare(system=system, name=name, year=year, source=source), actor=actor)
    for organisation, value in lines:
        save_tracked(
            CostShareLine(cost_share=share, organisation=organisation, percent=value), actor=actor
        )
    return share


@transaction.atomic
def cost_share_update(
    *,
    actor,
    cost_share: CostShare,
    reason: str = "",
    lines: Iterable[tuple[Organisation, Decimal]] | None = None,
    **changes,
) -> CostShare:
    """Correct a split's details and, given ``lines``, its shares (``cost_share_lines_set``),
    all or nothing."""
    check_changes("cost_share_update", changes, COST_SHARE_EDITABLE)
    _require_current(cost_share)
    if lines is not None:
        cost_share_lines_set(actor=actor, cost_share=cost_share, lines=lines, reason=reason)
    update_tracked(cost_share, actor=actor, reason=reason, **changes)
    return cost_share


@transaction.atomic
def cost_share_lines_set(
    *,
    actor,
    cost_share: CostShare,
    lines: Iterable[tuple[Organisation, Decimal]],
    reason: str = "",
) -> CostShare:
    """Correct a split's lines all at once, so they always add up to 100%: a changed share is
    corrected, an organisation left out has its line withdrawn (kept, labelled, not summed)."""
    _require_current(cost_share)
    lines = _checked_lines(lines)
    current = {
        line.organisation_id: line for line in cost_share.lines.filter(status=RecordStatus.CURRENT)
    }
    wanted = {organisation.pk for organisation, _ in lines}
    for organisation_id, line in current.items():
        if organisation_id not in wanted:
            update_tracked(
                line,
                actor=actor,
                reason=reason or "Left out of the split.",
                status=RecordStatus.WITHDRAWN,
            )
    for organisation, value in lines:
        line = current.get(organisation.pk)
        if line is None:
            save_tracked(
                CostShareLine(cost_share=cost_share, organisation=organisation, percent=value),
                actor=actor,
            )
        else:
            update_tracked(line, actor=actor, reason=reason, percent=value)
    return cost_share


@transaction.atomic
def cost_share_withdraw(*, actor, cost_share: CostShare, reason: str) -> CostShare:
    """Withdraw a split: kept and labelled with its lines, no longer shown in the year's splits."""
    return _withdraw(cost_share, actor=actor, reason=reason)


@transaction.atomic
def cost_share_set(
    *,
    actor,
    system: System,
    name: str,
    lines: Iterable[tuple[Organisation, Decimal]],
    year=None,
    source: str = "",
) -> CostShare:
    """Create a cost-sharing split, or correct the lines of the current one of that name."""
    share = CostShare.objects.filter(system=system, name=name, status=RecordStatus.CURRENT).first()
    if share is None:
        return cost_share_create(
            actor=actor, system=system, name=name, lines=lines, year=year, source=source
        )
    return cost_share_lines_set(actor=actor, cost_share=share, lines=lines)


def next_year_dates(year: FinancialYear) -> tuple[str, date, date]:
    """The label and dates of the financial year after ``year``: 2019/20 is followed by 2020/21,
    from the day after it ends for a year."""
    starts_on = year.ends_on + timedelta(days=1)
    ends_on = starts_on.replace(year=starts_on.year + 1) - timedelta(days=1)
    return f"{starts_on.year}/{(starts_on.year + 1) % 100:02d}", starts_on, ends_on


@transaction.atomic
def financial_year_start_next(*, actor, after: FinancialYear) -> FinancialYear:
    """Start the year after ``after`` (shared by every system, so once started for one it is
    there for all). No figure carries over: a control total, plan or position is agreed afresh
    each year, so the new year's pages list last year's organisations as still to record."""
    label, starts_on, ends_on = next_year_dates(after)
    if FinancialYear.objects.filter(label=label).exists():
        raise ValidationError(f"{label} has already started.")
    latest = FinancialYear.objects.order_by("-starts_on").first()
    if latest is not None and latest.starts_on > after.starts_on:
        # Years are every system's: one system may not open a gap year behind the latest.
        raise ValidationError(f"{latest} is the latest year: the next to start follows it.")
    if starts_on > timezone.localdate() + timedelta(days=366):
        raise ValidationError(
            f"{label} begins on {starts_on:%-d %B %Y}: a year is started within a year of its "
            "start, not further ahead."
        )
    return financial_year_create(actor=actor, label=label, starts_on=starts_on, ends_on=ends_on)
