"""A preview of members, routes, control totals or monthly positions reads in the same number of
queries whatever the number of rows: each kind loads what its rows name once, in ``prepare``."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.scoping import scope
from finance import services as finance
from finance.models import FinancialYear
from tests import factories
from tests.import_helpers import exported, previewed

pytestmark = pytest.mark.django_db


def _members(system, office, start, count):
    committee = factories.CommitteeFactory(system=system, name=f"Board {start}")
    for n in range(start, start + count):
        factories.MembershipFactory(
            committee=committee, person=factories.PersonFactory(system=system, name=f"P{n}")
        )


def _routes(system, office, start, count):
    for n in range(start, start + count):
        route = factories.EscalationRouteFactory(system=system, name=f"Route {n}")
        factories.EscalationStepFactory(route=route, order=1, escalate_to_role="CEO")


def _finance(system, office, start, count):
    year = FinancialYear.objects.get_or_create(
        label="2019/20", defaults={"starts_on": date(2019, 4, 1), "ends_on": date(2020, 3, 31)}
    )[0]
    for n in range(start, start + count):
        organisation = factories.OrganisationFactory(kind="ccg", name=f"CCG {n}")
        factories.PartnershipFactory(system=system, organisation=organisation)
        with scope([system]):
            finance.control_total_create(
                actor=office,
                system=system,
                organisation=organisation,
                year=year,
                allocation_or_income=D(1000 + n),
                plan_surplus_deficit=D(-n),
            )
            finance.monthly_position_record(
                actor=office,
                system=system,
                organisation=organisation,
                year=year,
                month=date(2019, 10, 1),
                ytd_plan=D(n),
                ytd_actual=D(n),
                forecast_outturn=D(n),
            )


FINANCE = {"year": "2019/20", "format": "xlsx"}
KINDS = {
    # kind: (what makes its records, its list's download, the query, its import page)
    "memberships": (_members, "governance:committee-list", {"table": "memberships"}, "membership"),
    "routes": (_routes, "escalation:route-list", {}, "route"),
    "control totals": (
        _finance,
        "finance:overview",
        {"table": "control-totals", **FINANCE},
        "control-total",
    ),
    "positions": (
        _finance,
        "finance:overview",
        {"table": "monthly-positions", **FINANCE},
        "monthly-position",
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_preview_reads_in_the_same_queries_whatever_the_rows(client, office, system, kind):
    make, listed, query, name = KINDS[kind]
    app = listed.split(":")[0]
    client.force_login(office)

    def queries(start: int, count: int) -> int:
        make(system, office, start, count)
        data = exported(
            client.get(reverse(listed, args=[system.slug]), {"format": "xlsx", **query})
        )
        address = reverse(f"{app}:{name}-import", args=[system.slug])
        with CaptureQueriesContext(connection) as captured:
            batch = previewed(client, system, address, "q.xlsx", data)
        assert batch.counts["unchanged"] == start + count - 1, batch.rows[:3]
        return len(captured) - 1  # less reading the batch back for the assertion

    queries(1, 1)  # the first request after signing in reads the session once more
    assert queries(2, 3) == queries(5, 30)
