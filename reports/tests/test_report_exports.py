"""The monthly reports list as XLSX and CSV: newest first, drafts only for those who see them."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from reports.models import ReportStatus
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_reports_export_as_the_list_shows_them(client, office, lead, system, make_report):
    make_report(system, ReportStatus.SUPERSEDED, month=date(2019, 11, 1), version=1)
    make_report(system, ReportStatus.PUBLISHED, month=date(2019, 11, 1), version=2)
    make_report(system, ReportStatus.DRAFT, month=date(2019, 12, 1))
    url = reverse("reports:report-list", args=[system.slug])
    client.force_login(office)
    book = read_xlsx(client.get(url, {"format": "xlsx"}))
    assert column(book, "Month") == [datetime(2019, 12, 1)] + [datetime(2019, 11, 1)] * 2
    assert column(book, "Version") == [1, 2, 1]
    assert column(book, "Status") == ["Draft", "Published", "Superseded"]
    assert isinstance(column(book, "Published")[1], datetime)
    assert 'href="?format=csv"' in client.get(url).content.decode()
    client.force_login(lead)
    rows = read_csv(client.get(url, {"format": "csv"}))
    assert [r["Status"] for r in rows] == ["Published", "Superseded"]


@pytest.mark.parametrize("count", [2, 20])
def test_report_export_queries_do_not_grow(
    client, office, system, make_report, count, django_assert_num_queries
):
    for n in range(count):
        make_report(system, ReportStatus.PUBLISHED, month=date(2010 + n // 12, n % 12 + 1, 1))
    client.force_login(office)
    url = reverse("reports:report-list", args=[system.slug])
    # session, user, accesses, system, the reports with who published them (in chunks far larger
    # than 20), and the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(8):
        response = client.get(url, {"format": "xlsx"})
        b"".join(response.streaming_content)
