"""Fixtures shared by the finance test modules."""

from datetime import date
from decimal import Decimal as D

import pytest

from core.scoping import scope
from finance import services
from finance.tests.page_helpers import (
    add_control_total,
    add_efficiency,
    add_partner,
)


@pytest.fixture
def year(office):
    return services.financial_year_create(
        actor=office, label="2019/20", starts_on=date(2019, 4, 1), ends_on=date(2020, 3, 31)
    )


@pytest.fixture
def figures(office, system, organisation, year):
    """A CCG and a provider with control totals, efficiency plans and stated totals."""
    ccg = add_partner(system, kind="ccg")
    with scope([system]):
        add_control_total(office, system, ccg, year, "2180", allocation="389629")
        add_control_total(office, system, organisation, year, "-54340", psf="33649")
        add_efficiency(office, system, ccg, year, "12236", "3300", "389629")
        add_efficiency(office, system, organisation, year, "22146", "4454", "643043")
        services.stated_total_create(
            actor=office,
            system=system,
            year=year,
            table="control_totals",
            group="system",
            column="net",
            value=D("-18511"),
        )
    return ccg
