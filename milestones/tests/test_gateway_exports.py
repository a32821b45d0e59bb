"""The gateways as XLSX and CSV: the list's rows in its order, withdrawn ones when asked for."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from tests import factories, record_factories
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_gateways_export_in_the_plans_order(client, chair, system):
    plan = factories.PlanFactory(system=system, title="Implementation plan")
    record_factories.GatewayFactory(plan=plan, number=2, name="=Delivery")
    record_factories.GatewayFactory(plan=plan, number=1, name="Design", from_date=date(2019, 4, 1))
    record_factories.GatewayFactory(
        plan=plan, number=3, name="Old", withdrawn_on=date(2019, 5, 1), withdrawal_reason="Merged"
    )
    client.force_login(chair)
    url = reverse("milestones:gateway-list", args=[system.slug])
    book = read_xlsx(client.get(url, {"format": "xlsx"}))
    assert column(book, "Number") == [1, 2]
    assert column(book, "From")[0] == datetime(2019, 4, 1)
    assert column(book, "Gateway")[1] == "=Delivery"
    assert book.about["Filters"].startswith("None")
    rows = read_csv(client.get(url, {"format": "csv", "withdrawn": "include"}))
    assert [r["Gateway"] for r in rows][1:] == ["'=Delivery", "Old"]
    assert rows[2]["Withdrawn"] == "2019-05-01"
    assert 'href="?format=xlsx"' in client.get(url).content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_gateway_export_queries_do_not_grow(
    client, office, system, count, django_assert_num_queries
):
    plan = factories.PlanFactory(system=system)
    for _ in range(count):
        record_factories.GatewayFactory(plan=plan)
    client.force_login(office)
    url = reverse("milestones:gateway-list", args=[system.slug])
    # session, user, accesses, system, the gateways with their plan (in chunks far larger than
    # 20), and the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(8):
        response = client.get(url, {"format": "xlsx"})
        b"".join(response.streaming_content)
