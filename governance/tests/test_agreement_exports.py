"""Agreements as XLSX and CSV: the list's rows and filter, the status as at the reporting date."""

import pytest
from django.urls import reverse

from core.exports import safe_text
from tests import factories
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_agreements_export_as_the_page_shows_them(client, office, system, organisation):
    for title in ("Beta MoU", "-1 Alpha MoU"):
        factories.PartyFactory(
            agreement=factories.AgreementFactory(system=system, title=title),
            organisation=organisation,
        )
    client.force_login(office)
    url = reverse("governance:agreement-list", args=[system.slug])
    page = client.get(url).context["page"]
    book = read_xlsx(client.get(url, {"format": "xlsx"}))
    assert column(book, "Agreement") == [a.title for a in page.object_list]
    assert column(book, "Agreement")[0] == "-1 Alpha MoU"
    assert column(book, "Status") == [a.shown_status_label for a in page.object_list]
    assert column(book, "Parties") == [1, 1]
    rows = read_csv(client.get(url, {"format": "csv", "attention": "unsigned"}))
    # The CSV keeps "-1 ..." text with a leading quote, as a spreadsheet would show it.
    assert [r["Agreement"] for r in rows] == [
        safe_text(a.title)
        for a in client.get(url, {"attention": "unsigned"}).context["page"].object_list
    ]


@pytest.mark.parametrize("rows", [2, 20])
def test_agreement_export_queries_do_not_grow(
    client, office, system, organisation, rows, django_assert_num_queries
):
    for _ in range(rows):
        factories.PartyFactory(
            agreement=factories.AgreementFactory(system=system), organisation=organisation
        )
    client.force_login(office)
    url = reverse("governance:agreement-list", args=[system.slug])
    # session, user, accesses, system, agreements, their parties (prefetched once per chunk,
    # far larger than 20); and the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(9):
        response = client.get(url, {"format": "xlsx"})
        b"".join(response.streaming_content)
