"""A list to print (``?format=print``, core.exports): every page of the rows the list's filters
select, in its order, with what they are stated above them; the same for every register, since
each hands its rows to the one export."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import exports
from core.exports import DATE, MONEY, NUMBER, PERCENTAGE, TEXT
from core.scoping import scope
from milestones.models import Milestone
from milestones.tests.page_helpers import url
from milestones.tests.test_pages_queries import make_milestones

pytestmark = pytest.mark.django_db


def printed(client, system, **query):
    response = client.get(url(system, "milestone-list"), {"format": "print", **query})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_every_page_of_the_filtered_rows_is_printed(client, office, system, organisation):
    make_milestones(office, system, organisation, 60)  # the register shows 25 a page
    client.force_login(office)
    body = printed(client, system, key="1", order="title")
    key = [n for n in range(60) if n % 3 == 0]  # make_milestones makes every third key
    assert body.count('<tr class="nhsuk-table__row">') == len(key) + 1  # and the head's
    for n in key:
        assert f">Milestone {n}<" in body
    assert ">Milestone 1<" not in body
    # In the list's order: by title.
    assert body.index(">Milestone 12<") < body.index(">Milestone 3<")
    # What the rows are, as the spreadsheet's About sheet says it, and the way back.
    assert "Key milestones: Key milestones only; Sort by: Title (A to Z)" in body
    assert "Filters" in body and "every row the page lists" not in body
    assert f"{system.name}" in body
    assert f'href="{url(system, "milestone-list")}?key=1&amp;order=title"' in body
    assert "nhsuk-pagination" not in body


def test_the_list_offers_its_print_with_its_filters(client, office, system, organisation):
    make_milestones(office, system, organisation, 1)
    client.force_login(office)
    body = client.get(url(system, "milestone-list"), {"key": "1", "page": "1"}).content.decode()
    assert "?key=1&amp;format=print" in body
    assert "Print every page" in body


def test_text_is_printed_not_run(client, office, system, organisation):
    make_milestones(office, system, organisation, 1)
    with scope([system]):
        Milestone.objects.update(title='<script>alert("x")</script>')
    client.force_login(office)
    body = printed(client, system)
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_a_print_beyond_its_limit_says_so_and_offers_the_spreadsheet(
    client, office, system, organisation, monkeypatch
):
    make_milestones(office, system, organisation, 5)
    monkeypatch.setattr(exports, "PRINT_ROWS", 3)
    client.force_login(office)
    body = printed(client, system, order="title")
    assert body.count('<tr class="nhsuk-table__row">') == 3 + 1
    assert "The first 3: there are more." in body
    assert f'href="{url(system, "milestone-list")}?order=title&amp;format=xlsx" download' in body


def test_the_print_costs_the_same_queries_for_few_rows_or_many(
    client, office, system, organisation
):
    client.force_login(office)
    make_milestones(office, system, organisation, 4)
    printed(client, system)  # the first request after signing in saves the session
    with CaptureQueriesContext(connection) as few:
        printed(client, system)
    make_milestones(office, system, organisation, 40)
    with CaptureQueriesContext(connection) as many:
        body = printed(client, system)
    assert body.count('<tr class="nhsuk-table__row">') == 44 + 1
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("kind", "value", "shown"),
    [
        (MONEY, Decimal("-1234.5"), "(1,234.5)"),
        (MONEY, Decimal("56000"), "56,000"),
        (NUMBER, -4200, "-4,200"),
        (NUMBER, 7, "7"),
        (PERCENTAGE, Decimal("0.33333"), "33.333%"),
        (DATE, date(2017, 3, 14), "14 Mar 2017"),
        (TEXT, True, "Yes"),
        (TEXT, None, ""),
        (TEXT, datetime(2026, 12, 5, 9, 30, tzinfo=UTC), "5 Dec 2026 09:30"),
    ],
)
def test_values_are_printed_as_the_pages_show_them(kind, value, shown):
    assert exports._printed_value(kind, value) == shown
