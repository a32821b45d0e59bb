"""Pages for finance: the year's overview and recording monthly positions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from core import authz
from core.forms import add_service_error
from core.once import submitted_once
from core.pages import require, system_view
from core.params import parse_choice
from finance import querysets, services
from finance.forms import MonthChoiceForm, MonthlyPositionForm, PositionGridForm
from finance.models import FinancialYear


def _overview_url(system, year) -> str:
    return f"{reverse('finance:overview', args=[system.slug])}?{urlencode({'year': year.label})}"


@system_view
def overview(request, system):
    """Control totals, efficiency plans, their reconciliation, funds and monthly positions for
    one financial year (the latest with data unless ``year`` names another)."""
    years = querysets.years_with_data(request.user, system)
    chosen = parse_choice(request, "year", [y.label for y in years])
    year = next((y for y in years if y.label == chosen), years[-1] if years else None)
    context = {
        "years": years,
        "year": year,
        "overview": querysets.overview(request.user, system, year) if year else None,
        "can_record": authz.can_administer(request.user, system),
    }
    return render(request, "finance/overview.html", context)


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
    """The month the grid shows: the one asked for; by default the latest year and, in the
    year, its latest recorded month (its first month when none is recorded)."""
    data = {key: request.GET[key] for key in ("year", "month") if key in request.GET}
    if "year" not in data and years:
        data["year"] = years[-1].label
    if "month" not in data:
        year = FinancialYear.objects.filter(label=data.get("year", "")[:7]).first()
        if year is not None:
            latest = querysets.latest_position_month(system, year)
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
    years = querysets.years_with_data(request.user, system)
    chooser = _chosen_month(request, system, years)
    context = {"chooser": chooser, "form": None}
    if chooser.is_bound and chooser.is_valid():
        year, month = chooser.cleaned_data["year"], chooser.cleaned_data["month"]
        organisations, recorded = querysets.position_grid(system, year, month)
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
