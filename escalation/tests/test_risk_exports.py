"""The risk register as XLSX and CSV: the page's rows in its order, labels as it words them."""

from datetime import date, datetime

import pytest

from tests import factories
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def _register(system):
    factories.RiskFactory(system=system, reference="R1", likelihood=1, impact=2)
    factories.RiskFactory(
        system=system,
        reference="R2",
        title='=HYPERLINK("http://example.com","x")',
        likelihood=3,
        impact=4,
        category="financial",
        review_on=date(2026, 3, 31),
    )
    factories.RiskFactory(system=system, reference="R3", likelihood=5, impact=4)
    factories.RiskFactory(system=system, reference="R4", status="withdrawn")


def test_the_workbook_holds_the_pages_rows_in_its_order(client, office, system):
    _register(system)
    client.force_login(office)
    base = f"/s/{system.slug}/risks/"
    shown = [r.reference for r, _ in client.get(base, {"order": "-score"}).context["rows"]]
    book = read_xlsx(client.get(base, {"order": "-score", "format": "xlsx"}))
    assert column(book, "Reference") == shown == ["R3", "R2", "R1"]
    assert column(book, "Score") == [20, 12, 2]
    assert column(book, "Title")[1] == '=HYPERLINK("http://example.com","x")'
    assert column(book, "Category")[1] == "Financial"
    assert column(book, "Review date")[1] == datetime(2026, 3, 31)
    assert column(book, "Status") == ["Open"] * 3
    assert "Score" in book.about["Filters"]


def test_the_csv_is_filtered_as_the_page(client, office, system):
    _register(system)
    client.force_login(office)
    base = f"/s/{system.slug}/risks/"
    rows = read_csv(client.get(base, {"category": "financial", "format": "csv"}))
    assert [r["Reference"] for r in rows] == ["R2"]
    assert rows[0]["Title"].startswith("'=HYPERLINK")
    assert rows[0]["Review date"] == "2026-03-31"


@pytest.mark.parametrize("count", [2, 20])
def test_risk_export_queries_are_constant(
    client, office, system, organisation, count, django_assert_num_queries
):
    owner = factories.PersonFactory(system=system, organisation=organisation)
    for n in range(count):
        factories.RiskFactory(system=system, owner=owner if n % 2 else None)
    client.force_login(office)
    # 1 session, 2 user, 3 accesses, 4 system, 5 the risks with owner and organisation, read in
    # chunks far larger than 20, 6-8 savepoint, session update, release.
    with django_assert_num_queries(8):
        response = client.get(f"/s/{system.slug}/risks/", {"format": "xlsx"})
        b"".join(response.streaming_content)
