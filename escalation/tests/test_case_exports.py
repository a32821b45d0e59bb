"""Escalation cases as XLSX and CSV: the board's open cases column by column, then the resolved
and closed ones when the page lists them; age and overdue as at the reporting date."""

from datetime import datetime, timedelta

import pytest

from escalation.tests.page_helpers import TODAY
from escalation.tests.test_pages_board import _cases
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_the_workbook_shows_each_case_as_its_card(client, office, system, case):
    client.force_login(office)
    book = read_xlsx(client.get(f"/s/{system.slug}/escalations/", {"format": "xlsx"}))
    assert column(book, "Subject") == ["Implementation plan"]
    assert column(book, "Age (days)") == [40]
    assert column(book, "Raised") == [
        datetime.combine(TODAY - timedelta(days=40), datetime.min.time())
    ]
    assert column(book, "Response overdue") == ["Overdue"]
    assert column(book, "Step") == ["Step 1"]


def test_closed_cases_are_exported_only_when_the_page_lists_them(client, office, system, route):
    _cases(office, route, 8)
    client.force_login(office)
    base = f"/s/{system.slug}/escalations/"
    open_only = read_csv(client.get(base, {"format": "csv"}))
    everything = read_csv(client.get(base, {"format": "csv", "closed": "on"}))
    closed = read_csv(client.get(base, {"format": "csv", "status": "closed"}))
    assert {r["Status"] for r in open_only} <= {"Open", "Awaiting response", "Stepped up"}
    assert len(everything) == 8
    assert [r["Subject"] for r in closed] == [
        c.case.subject_label for c in client.get(base, {"status": "closed"}).context["closed"]
    ]
    assert {r["Status"] for r in closed} == {"Closed"}


@pytest.mark.parametrize("count", [2, 20])
def test_case_export_queries_do_not_grow(
    client, office, system, route, count, django_assert_num_queries
):
    _cases(office, route, count)
    client.force_login(office)
    # 1 session, 2 user, 3 accesses, 4 system, 5 step positions (the filter's steps), 6 open
    # cases with route, step, subject and organisation, 7 closed ones likewise, 8-10 savepoint,
    # session update, release.
    with django_assert_num_queries(10):
        response = client.get(f"/s/{system.slug}/escalations/", {"closed": "on", "format": "csv"})
        b"".join(response.streaming_content)
