"""Pages for finance: the year's overview and recording a monthly position."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from core import authz
from core.once import submitted_once
from core.pages import require, system_view
from core.params import parse_choice
from finance import querysets, services
from finance.forms import MonthlyPositionForm


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
