"""Escalation routes as XLSX and CSV: one row per step, in the list's order, each field in a
column of its own so that the file can be read back by an import."""

from datetime import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_each_step_is_a_row_of_its_route(client, office, system, organisation):
    committee = factories.CommitteeFactory(system=system, name="Partnership Board")
    route = factories.EscalationRouteFactory(
        system=system, name="B route", covers_organisation=organisation
    )
    factories.EscalationStepFactory(route=route, order=2, escalate_to_committee=committee)
    factories.EscalationStepFactory(
        route=route, order=1, escalate_to_role="=Chief executive", response_due_days=5
    )
    factories.EscalationRouteFactory(system=system, name="A route without steps")
    factories.EscalationRouteFactory(
        system=system, name="C withdrawn", withdrawn_on="2019-05-01", withdrawal_reason="Replaced"
    )
    client.force_login(office)
    url = reverse("escalation:route-list", args=[system.slug])
    book = read_xlsx(client.get(url, {"format": "xlsx"}))
    assert column(book, "Route") == ["A route without steps", "B route", "B route", "C withdrawn"]
    assert column(book, "Step") == [None, 1, 2, None]
    assert column(book, "Covers organisation")[1] == organisation.name
    assert column(book, "Escalate to role")[1] == "=Chief executive"
    assert book.sheet["J3"].data_type == "s"
    assert column(book, "Escalate to committee")[2] == "Partnership Board"
    assert column(book, "Response due (days)")[1:3] == [5, 14]
    assert column(book, "Step up after (days)")[1] == 30
    assert column(book, "Withdrawn")[3] == datetime(2019, 5, 1)
    assert book.about["What"].startswith("Escalation routes, ")
    rows = read_csv(client.get(url, {"format": "csv"}))
    assert rows[1]["Escalate to role"] == "'=Chief executive"
    assert rows[1]["Step"] == "1"


def test_the_page_offers_the_downloads(client, chair, system):
    factories.EscalationRouteFactory(system=system)
    client.force_login(chair)
    page = client.get(reverse("escalation:route-list", args=[system.slug])).content.decode()
    assert 'href="?format=xlsx"' in page and 'href="?format=csv"' in page


@pytest.mark.parametrize("count", [2, 20])
def test_route_export_queries_do_not_grow(client, office, system, count, django_assert_num_queries):
    factories.routes_with_steps(system, count)
    client.force_login(office)
    # 1 session, 2 user, 3 accesses, 4 system, 5 the routes with agreement and coverage, 6 their
    # steps with committee and organisation (once per chunk, far larger than 20), 7-9 savepoint,
    # session update, release.
    with django_assert_num_queries(9):
        response = client.get(
            reverse("escalation:route-list", args=[system.slug]), {"format": "xlsx"}
        )
        b"".join(response.streaming_content)
