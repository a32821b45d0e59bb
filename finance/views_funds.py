"""Pages for funds and their money in and out, and cost-sharing splits: created, corrected
(with an optional reason, kept in the history) and withdrawn (kept and labelled, not summed)."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import authz
from core.history import history_download, history_rows
from core.once import submitted_once
from core.pages import require, system_view
from core.record_pages import change_and_return
from finance import services
from finance.forms import (
    CostShareForm,
    FundAllocationForm,
    FundContributionForm,
    FundDrawdownForm,
    FundForm,
    WithdrawForm,
    share_cell,
)
from finance.models import (
    CostShare,
    CostShareLine,
    Fund,
    FundAllocation,
    FundContribution,
    FundDrawdown,
    RecordStatus,
)
from finance.templatetags.finance_format import money

CURRENT = RecordStatus.CURRENT


def _overview_url(system, year, anchor: str) -> str:
    url = reverse("finance:overview", args=[system.slug])
    return f"{url}?year={year.label}#{anchor}" if year else f"{url}#{anchor}"


def _fund(request, system, pk: int) -> Fund:
    queryset = Fund.objects.filter(system=system).select_related("year", "decided_by")
    return authz.get_visible_or_404(request.user, queryset, pk=pk)


def _fund_url(system, fund: Fund) -> str:
    return reverse("finance:fund-detail", args=[system.slug, fund.pk])


def _total(rows) -> Decimal | None:
    """The current rows' sum; None when there are none (nothing recorded is not 0)."""
    amounts = [row.amount for row in rows if row.status == CURRENT]
    return sum(amounts, Decimal(0)) if amounts else None


def _fund_initial(fund: Fund) -> dict:
    return {name: getattr(fund, name) for name in services.FUND_EDITABLE}


@system_view
@submitted_once
def fund_create(request, system):
    require(authz.can_administer(request.user, system))
    form = FundForm(request.POST or None, user=request.user, system=system)
    if request.method == "POST" and form.is_valid():
        try:
            fund = services.fund_create(actor=request.user, system=system, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{fund.name} recorded.")
            return redirect(_fund_url(system, fund))
    context = {"form": form, "title": "Record a fund", "button": "Record fund"}
    return render(request, "finance/entry_form.html", context)


def _fund_detail(request, system, pk: int, withdraw_form=None):
    """The fund, its contributions, allocations and drawdowns (withdrawn ones labelled, not
    summed), its history and, for the programme office, its correction and withdrawal."""
    fund = _fund(request, system, pk)
    history = history_download(request, fund, lambda: history_rows(fund, None))
    if withdraw_form is None and history:
        return history
    may_edit = authz.can_administer(request.user, system) and fund.status == CURRENT
    form = None
    if may_edit:
        form = FundForm(
            None, user=request.user, system=system, editing=True, initial=_fund_initial(fund)
        )
    if request.method == "POST" and withdraw_form is None:
        require(may_edit)
        form = FundForm(request.POST, user=request.user, system=system, editing=True)
        if form.is_valid():
            changes = dict(form.cleaned_data)
            reason = changes.pop("reason")
            try:
                services.fund_update(actor=request.user, fund=fund, reason=reason, **changes)
            except ValidationError as error:
                form.add_service_error(error)
                fund.refresh_from_db()
            else:
                messages.success(request, f"{fund.name} corrected.")
                return redirect(_fund_url(system, fund))
    scoped = {model: authz.scoped(request.user, model).filter(fund=fund) for model in ROWS}
    contributions = list(scoped[FundContribution].select_related("organisation"))
    allocations = list(scoped[FundAllocation].select_related("organisation"))
    drawdowns = list(scoped[FundDrawdown].select_related("organisation", "decision__meeting"))
    context = {
        "fund": fund,
        "form": form,
        "may_edit": may_edit,
        "withdraw_form": (withdraw_form or WithdrawForm()) if may_edit else None,
        "contributions": contributions,
        "allocations": allocations,
        "drawdowns": drawdowns,
        "contributed": _total(contributions),
        "allocated": _total(allocations),
        "drawn": _total(drawdowns),
        "history": history_rows(fund),
        "history_downloads": withdraw_form is None,
        "overview_url": _overview_url(system, fund.year, "funds"),
    }
    return render(request, "finance/fund_detail.html", context)


@system_view
def fund_detail(request, system, pk: int):
    return _fund_detail(request, system, pk)


@system_view
@require_POST
def fund_withdraw(request, system, pk: int):
    fund = _fund(request, system, pk)
    require(authz.can_administer(request.user, system))
    return change_and_return(
        request,
        WithdrawForm(request.POST),
        lambda data: services.fund_withdraw(actor=request.user, fund=fund, **data),
        done=f"{fund.name} withdrawn.",
        back=_fund_url(system, fund),
        again=lambda form: _fund_detail(request, system, pk, withdraw_form=form),
    )


# -- a fund's rows: contributions, allocations and drawdowns ----------------------------------


@dataclass(frozen=True)
class Row:
    """What the pages of a fund's contributions, allocations and drawdowns differ in."""

    model: type[Model]
    form: type
    noun: str
    url: str  # the URL names' stem, e.g. "fund-contribution"
    add: object
    update: object
    withdraw: object
    argument: str  # the row's keyword in the services
    editable: frozenset


CONTRIBUTION = Row(
    FundContribution,
    FundContributionForm,
    "contribution",
    "fund-contribution",
    services.fund_contribution_add,
    services.fund_contribution_update,
    services.fund_contribution_withdraw,
    "contribution",
    frozenset(services.FUND_CONTRIBUTION_EDITABLE),
)
ALLOCATION = Row(
    FundAllocation,
    FundAllocationForm,
    "allocation",
    "fund-allocation",
    services.fund_allocation_add,
    services.fund_allocation_update,
    services.fund_allocation_withdraw,
    "allocation",
    frozenset(services.FUND_ALLOCATION_EDITABLE),
)
DRAWDOWN = Row(
    FundDrawdown,
    FundDrawdownForm,
    "drawdown",
    "fund-drawdown",
    services.fund_drawdown,
    services.fund_drawdown_update,
    services.fund_drawdown_withdraw,
    "drawdown",
    frozenset(services.FUND_DRAWDOWN_EDITABLE),
)
ROWS = {row.model: row for row in (CONTRIBUTION, ALLOCATION, DRAWDOWN)}


def _row(request, system, kind: Row, pk: int):
    queryset = kind.model.objects.filter(fund__system=system).select_related("fund", "organisation")
    return authz.get_visible_or_404(request.user, queryset, pk=pk)


def _row_url(system, kind: Row, row) -> str:
    return reverse(f"finance:{kind.url}-detail", args=[system.slug, row.pk])


def _row_add(request, system, kind: Row, pk: int):
    fund = _fund(request, system, pk)
    require(authz.can_administer(request.user, system) and fund.status == CURRENT)
    form = kind.form(request.POST or None, user=request.user, system=system)
    if request.method == "POST" and form.is_valid():
        try:
            kind.add(actor=request.user, fund=fund, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{kind.noun.capitalize()} recorded.")
            return redirect(f"{_fund_url(system, fund)}#{kind.url}s")
    context = {
        "form": form,
        "fund": fund,
        "title": f"Record a {kind.noun}",
        "button": f"Record {kind.noun}",
    }
    return render(request, "finance/entry_form.html", context)


def _row_initial(kind: Row, row) -> dict:
    return {
        name: money(getattr(row, name)) if name == "amount" else getattr(row, name)
        for name in kind.editable
    }


def _row_detail(request, system, kind: Row, pk: int, withdraw_form=None):
    row = _row(request, system, kind, pk)
    history = history_download(request, row, lambda: history_rows(row, None))
    if withdraw_form is None and history:
        return history
    may_edit = (
        authz.can_administer(request.user, system)
        and row.status == CURRENT
        and row.fund.status == CURRENT
    )
    form = None
    if may_edit:
        initial = _row_initial(kind, row)
        form = kind.form(None, user=request.user, system=system, editing=True, initial=initial)
    if request.method == "POST" and withdraw_form is None:
        require(may_edit)
        form = kind.form(request.POST, user=request.user, system=system, editing=True)
        if form.is_valid():
            changes = dict(form.cleaned_data)
            reason = changes.pop("reason")
            try:
                kind.update(actor=request.user, **{kind.argument: row}, reason=reason, **changes)
            except ValidationError as error:
                form.add_service_error(error)
                row.refresh_from_db()
            else:
                messages.success(request, f"{kind.noun.capitalize()} corrected.")
                return redirect(_row_url(system, kind, row))
    context = {
        "kind": kind,
        "row": row,
        "fund": row.fund,
        "form": form,
        "withdraw_form": (withdraw_form or WithdrawForm()) if may_edit else None,
        "history": history_rows(row),
        "history_downloads": withdraw_form is None,
    }
    return render(request, "finance/fund_row_detail.html", context)


def _row_withdraw(request, system, kind: Row, pk: int):
    row = _row(request, system, kind, pk)
    require(authz.can_administer(request.user, system))
    return change_and_return(
        request,
        WithdrawForm(request.POST),
        lambda data: kind.withdraw(actor=request.user, **{kind.argument: row}, **data),
        done=f"{kind.noun.capitalize()} withdrawn.",
        back=_row_url(system, kind, row),
        again=lambda form: _row_detail(request, system, kind, pk, withdraw_form=form),
    )


@system_view
@submitted_once
def fund_contribution_add(request, system, pk: int):
    return _row_add(request, system, CONTRIBUTION, pk)


@system_view
def fund_contribution_detail(request, system, pk: int):
    return _row_detail(request, system, CONTRIBUTION, pk)


@system_view
@require_POST
def fund_contribution_withdraw(request, system, pk: int):
    return _row_withdraw(request, system, CONTRIBUTION, pk)


@system_view
@submitted_once
def fund_allocation_add(request, system, pk: int):
    return _row_add(request, system, ALLOCATION, pk)


@system_view
def fund_allocation_detail(request, system, pk: int):
    return _row_detail(request, system, ALLOCATION, pk)


@system_view
@require_POST
def fund_allocation_withdraw(request, system, pk: int):
    return _row_withdraw(request, system, ALLOCATION, pk)


@system_view
@submitted_once
def fund_drawdown_add(request, system, pk: int):
    return _row_add(request, system, DRAWDOWN, pk)


@system_view
def fund_drawdown_detail(request, system, pk: int):
    return _row_detail(request, system, DRAWDOWN, pk)


@system_view
@require_POST
def fund_drawdown_withdraw(request, system, pk: int):
    return _row_withdraw(request, system, DRAWDOWN, pk)


# -- cost-sharing splits ----------------------------------------------------------------------


def _cost_share(request, system, pk: int) -> CostShare:
    queryset = CostShare.objects.filter(system=system).select_related("year")
    return authz.get_visible_or_404(request.user, queryset, pk=pk)


def _cost_share_url(system, share: CostShare) -> str:
    return reverse("finance:cost-share-detail", args=[system.slug, share.pk])


@system_view
@submitted_once
def cost_share_create(request, system):
    require(authz.can_administer(request.user, system))
    form = CostShareForm(request.POST or None, user=request.user, system=system)
    if request.method == "POST" and form.is_valid():
        try:
            share = services.cost_share_create(
                actor=request.user, system=system, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{share.name} recorded.")
            return redirect(_cost_share_url(system, share))
    context = {
        "form": form,
        "title": "Record a cost-sharing split",
        "button": "Record split",
        "shares": True,
    }
    return render(request, "finance/entry_form.html", context)


def _cost_share_initial(share: CostShare, lines) -> dict:
    initial = {name: getattr(share, name) for name in services.COST_SHARE_EDITABLE}
    for line in lines:
        if line.status == CURRENT:
            # 62.500 is shown as 62.5 and 100.000 as 100 (never 1E+2).
            initial[share_cell(line.organisation)] = f"{line.percent.normalize():f}"
    return initial


def _cost_share_detail(request, system, pk: int, withdraw_form=None):
    share = _cost_share(request, system, pk)
    history = history_download(request, share, lambda: history_rows(share, None))
    if withdraw_form is None and history:
        return history
    lines = list(
        authz.scoped(request.user, CostShareLine)
        .filter(cost_share=share)
        .select_related("organisation")
    )
    may_edit = authz.can_administer(request.user, system) and share.status == CURRENT
    form = None
    if may_edit:
        initial = _cost_share_initial(share, lines)
        form = CostShareForm(None, user=request.user, system=system, editing=True, initial=initial)
    if request.method == "POST" and withdraw_form is None:
        require(may_edit)
        form = CostShareForm(request.POST, user=request.user, system=system, editing=True)
        if form.is_valid():
            changes = dict(form.cleaned_data)
            reason = changes.pop("reason")
            try:
                services.cost_share_update(
                    actor=request.user, cost_share=share, reason=reason, **changes
                )
            except ValidationError as error:
                form.add_service_error(error)
                share.refresh_from_db()
            else:
                messages.success(request, f"{share.name} corrected.")
                return redirect(_cost_share_url(system, share))
    current = [line for line in lines if line.status == CURRENT]
    context = {
        "share": share,
        "lines": lines,
        "total": sum((line.percent for line in current), Decimal(0)),
        "form": form,
        "withdraw_form": (withdraw_form or WithdrawForm()) if may_edit else None,
        "history": history_rows(share),
        "history_downloads": withdraw_form is None,
        "overview_url": _overview_url(system, share.year, "cost-shares"),
    }
    return render(request, "finance/cost_share_detail.html", context)


@system_view
def cost_share_detail(request, system, pk: int):
    return _cost_share_detail(request, system, pk)


@system_view
@require_POST
def cost_share_withdraw(request, system, pk: int):
    share = _cost_share(request, system, pk)
    require(authz.can_administer(request.user, system))
    return change_and_return(
        request,
        WithdrawForm(request.POST),
        lambda data: services.cost_share_withdraw(actor=request.user, cost_share=share, **data),
        done=f"{share.name} withdrawn.",
        back=_cost_share_url(system, share),
        again=lambda form: _cost_share_detail(request, system, pk, withdraw_form=form),
    )
