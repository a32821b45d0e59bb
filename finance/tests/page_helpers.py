"""Helpers shared by the finance page tests."""

from decimal import Decimal as D

from django.urls import reverse

from finance import services
from tests import factories


def overview_url(system, **query):
    url = reverse("finance:overview", args=[system.slug])
    return f"{url}?year={query['year']}" if "year" in query else url


def create_url(system):
    return reverse("finance:monthly-position-create", args=[system.slug])


def add_control_total(office, system, organisation, year, plan, psf="0", allocation="100000"):
    return services.control_total_create(
        actor=office,
        system=system,
        organisation=organisation,
        year=year,
        allocation_or_income=D(allocation),
        plan_surplus_deficit=D(plan),
        psf=D(psf),
    )


def add_efficiency(office, system, organisation, year, recurrent, non_recurrent, denominator):
    return services.efficiency_plan_create(
        actor=office,
        system=system,
        organisation=organisation,
        year=year,
        recurrent=D(recurrent),
        non_recurrent=D(non_recurrent),
        denominator=D(denominator),
    )


def add_position(office, system, organisation, year, month, plan="0", actual="0", outturn="0"):
    """A monthly position recorded through the service: year to date plan and actual, and the
    forecast outturn, in £'000."""
    return services.monthly_position_record(
        actor=office,
        system=system,
        organisation=organisation,
        year=year,
        month=month,
        ytd_plan=D(plan),
        ytd_actual=D(actual),
        forecast_outturn=D(outturn),
    )


def add_partner(system, kind="nhs_trust"):
    organisation = factories.OrganisationFactory(kind=kind)
    factories.PartnershipFactory(system=system, organisation=organisation)
    return organisation


# Also used by tests/test_submit_once.py.
def position_data(partner, financial_year, **overrides):
    data = {
        "organisation": partner.pk,
        "year": financial_year.pk,
        "month": 10,
        "ytd_plan": "-1500",
        "ytd_actual": "-1750.50",
        "forecast_outturn": "-2587",
    }
    return {**data, **overrides}
