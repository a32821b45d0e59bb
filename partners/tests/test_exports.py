"""People and organisations as XLSX and CSV: the pages' rows, filters and order, and no column
the page does not show."""

import pytest

from core.scoping import scope
from partners import services
from partners.models import Organisation
from partners.tests.page_helpers import url
from partners.tests.test_pages_queries import REQUEST, make_partners
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_people_export_as_the_page_lists_them(client, office, system):
    make_partners(office, system, 30)
    client.force_login(office)
    page = client.get(url(system, "person-list"), {"q": "Person 1"}).context["page"]
    rows = read_csv(client.get(url(system, "person-list"), {"q": "Person 1", "format": "csv"}))
    assert [r["Name"] for r in rows] == [p.name for p in page.object_list]
    assert list(rows[0]) == ["ID", "Name", "Post", "Organisation"]
    book = read_xlsx(client.get(url(system, "person-list"), {"format": "xlsx"}))
    assert len(book.rows) == 30  # every page, not only the first 25
    assert book.about["Filters"] == "None: every row the page lists"


def test_a_formula_name_comes_back_as_text(client, office, system):
    with scope([system]):
        services.person_create(actor=office, system=system, name="@SUM(1+1)*cmd|' /C calc'!A0")
    client.force_login(office)
    book = read_xlsx(client.get(url(system, "person-list"), {"format": "xlsx"}))
    assert column(book, "Name") == ["@SUM(1+1)*cmd|' /C calc'!A0"]
    assert read_csv(client.get(url(system, "person-list"), {"format": "csv"}))[0]["Name"] == (
        "'@SUM(1+1)*cmd|' /C calc'!A0"
    )


def test_organisations_export_with_kind_labels(client, office, system):
    make_partners(office, system, 4)
    client.force_login(office)
    query = {"kind": "nhs_trust", "format": "xlsx"}
    book = read_xlsx(client.get(url(system, "organisation-list"), query))
    assert column(book, "Organisation") == ["Partner 01", "Partner 03"]
    label = Organisation.Kind("nhs_trust").label
    assert column(book, "Kind") == [label, label]
    assert book.about["Filters"] == f"Kind: {label}"


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize("name", ["person-list", "organisation-list"])
def test_export_queries_are_constant(
    client, office, system, count, name, django_assert_num_queries
):
    make_partners(office, system, count)
    client.force_login(office)
    # REQUEST less the header's systems (no page is drawn), then the rows with their
    # organisations joined (1), read in chunks far larger than 20.
    with django_assert_num_queries(REQUEST - 1 + 1):
        response = client.get(url(system, name), {"format": "xlsx"})
        b"".join(response.streaming_content)
