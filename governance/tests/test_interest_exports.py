"""The register of interests as XLSX and CSV: the page's rows and filters, review due as at the
reporting date."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from core.scoping import scope
from tests import factories
from tests.meeting_factories import InterestFactory
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def _url(system):
    return reverse("governance:interest-list", args=[system.slug])


def test_review_due_is_as_at_the_reporting_date(client, office, system):
    with scope([system]):
        ann = factories.PersonFactory(system=system, name="Ann Able")
        InterestFactory(person=ann, organisation_name="Old Co", declared_on=date(2018, 1, 15))
        InterestFactory(person=ann, organisation_name="+New Co", declared_on=date(2019, 3, 1))
    client.force_login(office)
    book = read_xlsx(client.get(_url(system), {"as_at": "2019-06-01", "format": "xlsx"}))
    assert column(book, "Organisation concerned") == ["+New Co", "Old Co"]
    assert column(book, "Review due") == [None, "Review due"]
    assert column(book, "Declared") == [datetime(2019, 3, 1), datetime(2018, 1, 15)]
    assert book.about["As at (reporting date)"] == datetime(2019, 6, 1)
    due = read_csv(client.get(_url(system), {"as_at": "2019-06-01", "due": "yes", "format": "csv"}))
    assert [r["Organisation concerned"] for r in due] == ["Old Co"]


def test_filters_select_the_pages_rows(client, office, system):
    with scope([system]):
        ann = factories.PersonFactory(system=system, name="Ann Able")
        ben = factories.PersonFactory(system=system, name="Ben Baker")
        InterestFactory(person=ann, organisation_name="Ann Co", kind="financial")
        InterestFactory(person=ben, organisation_name="Ben Co", kind="personal")
    client.force_login(office)
    book = read_xlsx(client.get(_url(system), {"person": ben.pk, "format": "xlsx"}))
    assert column(book, "Organisation concerned") == ["Ben Co"]
    assert book.about["Filters"] == "Person: Ben Baker"


@pytest.mark.parametrize("rows", [2, 30])
def test_the_export_queries_do_not_grow(
    client, office, system, organisation, rows, django_assert_num_queries
):
    with scope([system]):
        for n in range(rows):
            person = factories.PersonFactory(
                system=system, organisation=organisation, name=f"Person {n}"
            )
            InterestFactory(person=person)
    client.force_login(office)
    # session, user, accesses, system, the interests (with person and organisation), read in
    # chunks far larger than 30; the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(8):
        response = client.get(_url(system), {"due": "yes", "format": "csv"})
        b"".join(response.streaming_content)
