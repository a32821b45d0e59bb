"""``finance-summaries`` writes each summary in one pass (finance.api.summaries.write_summary)
from the sums the database adds up by organisation kind: the same JSON as DRF's own
FinanceSummarySerializer writes for the summary computed from the rows themselves."""

from datetime import date
from decimal import Decimal as D

import pytest
from rest_framework.serializers import Serializer

from core.api.columns import ValueSerializer
from core.scoping import scope
from finance import services, totals
from finance.api.serializers import FinanceSummarySerializer
from finance.models import ControlTotal, EfficiencyPlan, RecordStatus, StatedTotal
from finance.tests.page_helpers import add_control_total, add_efficiency, add_partner
from tests import factories

pytestmark = pytest.mark.django_db


def stated(office, system, year, table, group, column, value):
    services.stated_total_create(
        actor=office,
        system=system,
        year=year,
        table=table,
        group=group,
        column=column,
        value=D(value),
    )


@pytest.fixture
def years(office, system, organisation):
    """Three years: CCGs, providers and a partner of neither group; a provider alone; and
    efficiency plans alone, with stated totals that do and do not match."""
    made = [
        services.financial_year_create(
            actor=office,
            label=f"{start}/{start % 100 + 1:02d}",
            starts_on=date(start, 4, 1),
            ends_on=date(start + 1, 3, 31),
        )
        for start in (2017, 2018, 2019)
    ]
    ccg, icb, council = (add_partner(system, kind) for kind in ("ccg", "icb", "local_authority"))
    first, second, third = made
    with scope([system]):
        add_control_total(office, system, ccg, first, "2180.50", allocation="389629.25")
        add_control_total(office, system, icb, first, "-5", psf="0.01", allocation="1")
        add_control_total(office, system, organisation, first, "-54340", psf="33649")
        add_control_total(office, system, council, first, "7", allocation="70")
        withdrawn = add_control_total(office, system, council, second, "9999")
        services.control_total_withdraw(actor=office, control_total=withdrawn, reason="Twice")
        add_control_total(office, system, organisation, second, "0")
        add_efficiency(office, system, ccg, first, "12236", "3300", "389629")
        add_efficiency(office, system, organisation, first, "22146.33", "4454", "643043")
        add_efficiency(office, system, council, third, "1", "2", "3")
        stated(office, system, first, "control_totals", "system", "net", "-18511")
        stated(office, system, first, "control_totals", "ccg", "allocations", "389630.25")
        stated(office, system, first, "efficiency_plans", "ccg", "percent", "3.99")
        stated(office, system, first, "efficiency_plans", "provider", "total", "0")
        stated(office, system, third, "efficiency_plans", "system", "denominator", "3")
    return made


def drf_summary(system, year) -> dict:
    """The summary as DRF's serializer writes it, computed from the rows (as the pages do)."""
    current = {"system": system, "year": year, "status": RecordStatus.CURRENT}
    with scope([system]):
        controls = ControlTotal.objects.filter(**current).select_related("organisation")
        plans = EfficiencyPlan.objects.filter(**current).select_related("organisation")
        control = totals.control_total_subtotals(list(controls))
        efficiency = totals.efficiency_subtotals(list(plans))
        checked = list(StatedTotal.objects.filter(system=system, year=year))
    differences = totals.reconcile(
        checked, {"control_totals": control, "efficiency_plans": efficiency}
    )
    summary = {
        "id": f"{system.pk}-{year.label.replace('/', '-')}",
        "system": system.pk,
        "year": year.label,
        "control_totals": {g: control.sums.get(g) for g in ("ccg", "provider", "system")},
        "efficiency_plans": {g: efficiency.sums.get(g) for g in ("ccg", "provider", "system")},
        "stated_totals_checked": len(checked),
        "reconciliation": differences,
    }
    return FinanceSummarySerializer(summary).data


def test_summaries_are_written_as_drf_writes_them(client, regulator, system, years, monkeypatch):
    token = factories.api_token(regulator)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listed = client.get("/api/v1/finance-summaries/", {"system": system.pk}, **auth).json()
    details = [
        client.get(f"/api/v1/finance-summaries/{s['id']}/", **auth).json()
        for s in listed["results"]
    ]
    monkeypatch.setattr(ValueSerializer, "to_representation", Serializer.to_representation)
    expected = [drf_summary(system, year) for year in years]
    assert listed["results"] == details == expected
    first = expected[0]
    # The cases this compares: every group, a group with none, differences and matches.
    assert first["control_totals"]["ccg"]["allocations"] == "389630.25"
    assert expected[1]["control_totals"]["ccg"] is None
    assert expected[2]["control_totals"] == {"ccg": None, "provider": None, "system": None}
    assert [d["column"] for d in first["reconciliation"]] == ["net", "total"]
