"""The action log as XLSX and CSV: the page's rows and filters, statuses as the page words them
(overdue as at the reporting date)."""

from datetime import datetime

import pytest
from django.urls import reverse

from core.scoping import scope
from governance.tests.test_action_log import ALL_BUT_WITHDRAWN, PAST, _listed, log  # noqa: F401
from tests import factories, record_factories
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def _url(system) -> str:
    return reverse("governance:action-list", args=[system.slug])


@pytest.mark.parametrize(
    "params", [{}, {"status": "open"}, {"status": "withdrawn"}, {"overdue": "yes"}]
)
def test_the_export_lists_the_pages_actions(client, office, world, log, params):  # noqa: F811
    client.force_login(office)
    rows = read_csv(client.get(_url(world.system), {**params, "format": "csv"}))
    assert sorted(r["Action"] for r in rows) == _listed(client, world, **params)


def test_the_workbook_words_statuses_as_the_page(client, office, world, log):  # noqa: F811
    client.force_login(office)
    book = read_xlsx(client.get(_url(world.system), {"format": "xlsx", "overdue": "yes"}))
    assert column(book, "Action") == ["Overdue board action"]
    assert column(book, "Status") == ["Open (overdue)"]
    assert column(book, "Due") == [datetime.combine(PAST, datetime.min.time())]
    assert book.about["Filters"] == "Overdue only: Yes"
    withdrawn = read_xlsx(client.get(_url(world.system), {"format": "xlsx", "status": "withdrawn"}))
    assert column(withdrawn, "Status") == ["Withdrawn"]
    assert column(withdrawn, "Reason for withdrawing") == ["Entered twice"]
    every = read_xlsx(client.get(_url(world.system), {"format": "xlsx"}))
    assert sorted(column(every, "Action")) == ALL_BUT_WITHDRAWN


@pytest.mark.parametrize("rows", [2, 30])
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_export_queries_do_not_grow(
    client, office, system, organisation, rows, file_format, django_assert_num_queries
):
    with scope([system]):
        for n in range(rows):
            committee = factories.CommitteeFactory(system=system, name=f"Committee {n}")
            meeting = factories.MeetingFactory(committee=committee)
            owner = factories.PersonFactory(system=system, organisation=organisation)
            record_factories.ActionFactory(meeting=meeting, owner=owner, due_on=PAST)
    client.force_login(office)
    # session, user, accesses, system, the actions (with meeting, committee, owner and
    # organisation, overdue as at the reporting date), read in chunks far larger than 30; and
    # the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(8):
        response = client.get(_url(system), {"format": file_format})
        b"".join(response.streaming_content)
