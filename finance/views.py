"""Pages for finance: the year's overview, monthly positions, control totals and efficiency
plans (created, corrected and withdrawn)."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import authz
from core.exports import export_response, requested_format
from core.forms import add_service_error
from core.history import history_download, history_rows
from core.once import submitted_once
from core.pages import require, system_view
from core.params import BadParameter, get_text, parse_choice, parse_id
from core.record_pages import change_and_return
from finance import querysets, services
from finance.exports import MONTHLY_POSITIONS, TABLES, grid_rows, table_rows
from finance.forms import (
    ControlTotalForm,
    EfficiencyPlanForm,
    MonthChoiceForm,
    MonthlyPositionForm,
    PositionGridForm,
    WithdrawForm,
)
from finance.models import ControlTotal, EfficiencyPlan, FinancialYear, RecordStatus
from finance.templatetags.finance_format import money


def _overview_url(system, year) -> str:
    return f"{reverse('finance:overview', args=[system.slug])}?{urlencode({'year': year.label})}"


@system_view
def overview(request, system):
    """Control totals, efficiency plans, their reconciliation, funds and monthly positions for
    one financial year (the year with data as at the page's reporting date, as the dashboard
    chooses it, unless ``year`` names another)."""
    with_data = querysets.years_with_data(request.user, system)
    years = querysets.with_started_year(with_data)
    chosen = parse_choice(request, "year", [y.label for y in years])
    # By default the year with figures as at the reporting date (the latest, as at today); a
    # year just started is chosen by name.
    year = next(
        (y for y in years if y.label == chosen), querysets.year_as_at(with_data, request.as_at)
    )
    file_format = requested_format(request)
    if file_format:
        return _table_export(request, system, year, file_format)
    can_record = authz.can_administer(request.user, system)
    context = {
        "years": years,
        "year": year,
        "overview": querysets.overview(request.user, system, year) if year else None,
        "can_record": can_record,
        "still_to_record": querysets.still_to_record(system, year, with_data) if year else [],
        # Offered until the year after the latest with figures has started.
        "next_year": (
            services.next_year_dates(with_data[-1])[0]
            if can_record and with_data and len(years) == len(with_data)
            else None
        ),
    }
    return render(request, "finance/overview.html", context)


def _table_export(request, system, year, file_format: str):
    """One of the overview's tables (``?table=``) for the year shown, as ``finance.exports``
    lays it out."""
    table = parse_choice(request, "table", list(TABLES))
    if not table:
        raise BadParameter("table", f"Say which table to download: {', '.join(TABLES)}.")
    rows = table_rows(request.user, system, year, table) if year is not None else []
    filters = [("Financial year", year.label)] if year is not None else []
    return export_response(request, TABLES[table], rows, file_format=file_format, filters=filters)


@system_view
@submitted_once
def monthly_position_create(request, system):
    require(authz.can_administer(request.user, system))
    years = querysets.years_with_data(request.user, system)
    form = MonthlyPositionForm(
        request.POST or None,
        user=request.user,
        system=system,
        initial={"year": years[-1] if years else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            position = services.monthly_position_record(
                actor=request.user, system=system, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, f"{position.organisation}'s position for {position.month:%B %Y} recorded."
            )
            return redirect(_overview_url(system, position.year))
    return render(request, "finance/monthly_position_form.html", {"form": form})


def _chosen_month(request, system, years) -> MonthChoiceForm:
    """The month the grid shows: the one asked for; by default the year offered as at the
    reporting date (``year_as_at``: the one containing it, a year just started included) and, in
    the year, its latest month recorded by then (its first month when none is)."""
    data = {key: get_text(request, key) for key in ("year", "month") if key in request.GET}
    if "year" not in data and years:
        data["year"] = querysets.year_as_at(years, request.as_at).label
    if "month" not in data:
        year = FinancialYear.objects.filter(label=data.get("year", "")[:7]).first()
        if year is not None:
            latest = querysets.latest_position_month(system, year, until=request.as_at)
            data["month"] = (latest or year.starts_on).month
    return MonthChoiceForm(data or None)


def _grid_url(system, year, month) -> str:
    query = urlencode({"year": year.label, "month": month.month})
    return f"{reverse('finance:monthly-position-grid', args=[system.slug])}?{query}"


@system_view
@submitted_once
def monthly_position_grid(request, system):
    """Every organisation's position for one month on one form, saved all or nothing."""
    require(authz.can_administer(request.user, system))
    years = querysets.with_started_year(querysets.years_with_data(request.user, system))
    chooser = _chosen_month(request, system, years)
    context = {"chooser": chooser, "form": None}
    if chooser.is_bound and chooser.is_valid():
        year, month = chooser.cleaned_data["year"], chooser.cleaned_data["month"]
        organisations, recorded = querysets.position_grid(system, year, month)
        file_format = requested_format(request)
        if file_format:
            return export_response(
                request,
                MONTHLY_POSITIONS,
                grid_rows(organisations, recorded, year, month),
                file_format=file_format,
                filters=[("Month", f"{month:%B %Y}")],
            )
        form = PositionGridForm(
            request.POST if request.method == "POST" else None,
            organisations=organisations,
            recorded=recorded,
        )
        if request.method == "POST" and form.is_valid():
            try:
                saved = services.monthly_positions_record(
                    actor=request.user,
                    system=system,
                    year=year,
                    month=month,
                    figures=form.cleaned_data["figures"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_error(form, error, general="reason")
            else:
                messages.success(request, f"{len(saved)} positions for {month:%B %Y} saved.")
                return redirect(_grid_url(system, year, month))
        context.update(form=form, year=year, month=month)
    return render(request, "finance/monthly_position_grid.html", context)


@dataclass(frozen=True)
class Kind:
    """What the control-total and efficiency-plan pages differ in."""

    model: type
    form: type
    noun: str
    url: str  # the URL names' stem, e.g. "control-total"
    anchor: str  # the overview's section
    create: Callable
    update: Callable
    withdraw: Callable
    argument: str  # the record's keyword in the services


# The fields a correction form shows, besides its reason.
FIGURES = services.CONTROL_TOTAL_EDITABLE | services.EFFICIENCY_PLAN_EDITABLE
CONTROL_TOTAL = Kind(
    ControlTotal,
    ControlTotalForm,
    "control total",
    "control-total",
    "control-totals",
    services.control_total_create,
    services.control_total_update,
    services.control_total_withdraw,
    "control_total",
)
EFFICIENCY_PLAN = Kind(
    EfficiencyPlan,
    EfficiencyPlanForm,
    "efficiency plan",
    "efficiency-plan",
    "efficiency",
    services.efficiency_plan_create,
    services.efficiency_plan_update,
    services.efficiency_plan_withdraw,
    "efficiency_plan",
)


def _record(request, system, kind: Kind, pk: int):
    queryset = kind.model.objects.filter(system=system).select_related("organisation", "year")
    return authz.get_visible_or_404(request.user, queryset, pk=pk)


def _detail_url(system, kind: Kind, record) -> str:
    return reverse(f"finance:{kind.url}-detail", args=[system.slug, record.pk])


def _create(request, system, kind: Kind):
    require(authz.can_administer(request.user, system))
    # A new year's page links here for each organisation still to record (?organisation=&year=).
    initial = {key: parse_id(request, key) for key in ("organisation", "year")}
    form = kind.form(request.POST or None, user=request.user, system=system, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = kind.create(actor=request.user, system=system, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{record.organisation}'s {kind.noun} recorded.")
            return redirect(_detail_url(system, kind, record))
    return render(request, "finance/record_form.html", {"form": form, "kind": kind})


def _detail(request, system, kind: Kind, pk: int, withdraw_form=None):
    """The record, its history and, for the programme office, its correction and withdrawal."""
    record = _record(request, system, kind, pk)
    history = history_download(request, record, lambda: history_rows(record, None))
    if withdraw_form is None and history:
        return history
    may_edit = authz.can_administer(request.user, system) and record.status == RecordStatus.CURRENT
    form = None
    if may_edit:
        # Amounts as the pages print them, e.g. (54,340), which the form reads back.
        initial = {
            name: getattr(record, name) if name == "source" else money(getattr(record, name))
            for name in kind.form.base_fields
            if name in FIGURES
        }
        form = kind.form(None, user=request.user, system=system, editing=True, initial=initial)
    if request.method == "POST" and withdraw_form is None:
        require(may_edit)
        form = kind.form(request.POST, user=request.user, system=system, editing=True)
        if form.is_valid():
            changes = dict(form.cleaned_data)
            reason = changes.pop("reason")
            try:
                kind.update(actor=request.user, **{kind.argument: record}, reason=reason, **changes)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, f"{record.organisation}'s {kind.noun} corrected.")
                return redirect(_detail_url(system, kind, record))
    context = {
        "kind": kind,
        "record": record,
        "form": form,
        "withdraw_form": (withdraw_form or WithdrawForm()) if may_edit else None,
        "history": history_rows(record),
        # Not on the withdrawal's page: its address is not the record's.
        "history_downloads": withdraw_form is None,
        "overview_url": f"{_overview_url(system, record.year)}#{kind.anchor}",
    }
    return render(request, "finance/record_detail.html", context)


def _withdraw(request, system, kind: Kind, pk: int):
    record = _record(request, system, kind, pk)
    require(authz.can_administer(request.user, system))
    return change_and_return(
        request,
        WithdrawForm(request.POST),
        lambda data: kind.withdraw(actor=request.user, **{kind.argument: record}, **data),
        done=f"{record.organisation}'s {kind.noun} withdrawn.",
        back=_detail_url(system, kind, record),
        again=lambda form: _detail(request, system, kind, pk, withdraw_form=form),
    )


@system_view
@submitted_once
def control_total_create(request, system):
    return _create(request, system, CONTROL_TOTAL)


@system_view
def control_total_detail(request, system, pk: int):
    return _detail(request, system, CONTROL_TOTAL, pk)


@system_view
@require_POST
def control_total_withdraw(request, system, pk: int):
    return _withdraw(request, system, CONTROL_TOTAL, pk)


@system_view
@submitted_once
def efficiency_plan_create(request, system):
    return _create(request, system, EFFICIENCY_PLAN)


@system_view
def efficiency_plan_detail(request, system, pk: int):
    return _detail(request, system, EFFICIENCY_PLAN, pk)


@system_view
@require_POST
def efficiency_plan_withdraw(request, system, pk: int):
    return _withdraw(request, system, EFFICIENCY_PLAN, pk)


@system_view
@require_POST
def year_start(request, system):
    """Start the financial year after the latest this system has figures for."""
    require(authz.can_administer(request.user, system))
    years = querysets.years_with_data(request.user, system)
    if not years:
        messages.error(request, "Record a year's figures first.")
        return redirect("finance:overview", slug=system.slug)
    try:
        year = services.financial_year_start_next(actor=request.user, after=years[-1])
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_overview_url(system, years[-1]))
    messages.success(request, f"{year} started: record its control totals.")
    return redirect(_overview_url(system, year))
