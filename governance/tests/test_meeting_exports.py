"""Meetings and committees as XLSX and CSV: the lists' rows and filters, quorum in the words the
pages use."""

from datetime import datetime

import pytest
from django.urls import reverse

from governance.tests.test_pages import _meetings, pag  # noqa: F401
from tests import factories
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def test_meetings_export_with_their_quorum(client, office, system, pag):  # noqa: F811
    committee, _, _ = pag
    client.force_login(office)
    url = reverse("governance:meeting-list", args=[system.slug])
    page = client.get(url, {"committee": committee.pk})
    book = read_xlsx(client.get(url, {"committee": committee.pk, "format": "xlsx"}))
    assert column(book, "Date") == [
        datetime.combine(m.held_on, datetime.min.time()) for m, _ in page.context["rows"]
    ]
    assert column(book, "Quorum") == [outcome.label for _, outcome in page.context["rows"]]
    assert book.about["Filters"] == f"Committee: {committee}"


def test_committees_export_with_the_rule_in_force(client, office, system, pag):  # noqa: F811
    factories.CommitteeFactory(system=system, name="=cmd|' /C calc'!A0")
    client.force_login(office)
    url = reverse("governance:committee-list", args=[system.slug])
    rows = read_csv(client.get(url, {"format": "csv"}))
    assert [r["Committee"] for r in rows] == ["'=cmd|' /C calc'!A0", "Provider Alliance Group"]
    assert rows[1]["Quorum today"].startswith("1 of")
    book = read_xlsx(client.get(url, {"format": "xlsx"}))
    assert column(book, "Committee")[0] == "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("rows", [2, 20])
def test_meeting_export_queries_do_not_grow(
    client,
    office,
    system,
    pag,  # noqa: F811
    rows,
    django_assert_num_queries,
):
    committee, _, _ = pag
    _meetings(system, office, committee, rows)
    client.force_login(office)
    url = reverse("governance:meeting-list", args=[system.slug])
    # session, user, accesses (middleware), system, meetings, attendances, terms, quorum
    # requirements, memberships (prefetched once per chunk, far larger than 20 rows); and the
    # first visit's session save (savepoint, update, release).
    with django_assert_num_queries(12):
        response = client.get(url, {"format": "xlsx"})
        b"".join(response.streaming_content)


@pytest.mark.parametrize("rows", [2, 20])
def test_committee_export_queries_do_not_grow(
    client, office, system, organisation, rows, django_assert_num_queries
):
    for _ in range(rows):
        committee = factories.CommitteeFactory(system=system)
        terms = factories.TermsOfReferenceFactory(committee=committee)
        factories.QuorumRequirementFactory(terms=terms, organisation=organisation)
    client.force_login(office)
    url = reverse("governance:committee-list", args=[system.slug])
    # session, user, accesses, system, committees, their terms, quorum requirements, their
    # organisations; and the first visit's session save (savepoint, update, release).
    with django_assert_num_queries(11):
        response = client.get(url, {"format": "csv"})
        b"".join(response.streaming_content)
