"""Committee members from a spreadsheet: the committee list's download of members imports back
unchanged, a corrected date is one change with its history, an end date stands a member down
with its reason, hostile rows are refused with their messages and write nothing, and only the
programme office may import."""

import html
from datetime import date

import pytest
from django.urls import reverse

from core.scoping import scope
from governance.models import Membership
from tests import factories
from tests.import_helpers import edited, exported, previewed, workbook

pytestmark = pytest.mark.django_db
HEADER = ["ID", "Committee", "Person", "Person's organisation", "Role", "Started", "Ended"]
HEADER += ["Reason for standing down"]


def _url(system, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"slug": system.slug, **kwargs})


@pytest.fixture
def members(system, organisation):
    organisation.short_name = "AHFT"
    organisation.save()
    board = factories.CommitteeFactory(system=system, name="Programme Board", short_name="PB")
    chair = factories.PersonFactory(system=system, name="Ann Chair", organisation=organisation)
    member = factories.PersonFactory(system=system, name="Ben Member", organisation=organisation)
    return [
        factories.MembershipFactory(
            committee=board,
            person=chair,
            organisation=organisation,
            role=Membership.Role.CHAIR,
            started_on=date(2018, 1, 1),
        ),
        factories.MembershipFactory(committee=board, person=member, organisation=organisation),
    ]


def _download(client, system, file_format="xlsx"):
    query = {"table": "memberships", "format": file_format}
    return exported(client.get(_url(system, "committee-list"), query))


def _batch(client, system, file_name, data):
    return previewed(client, system, _url(system, "membership-import"), file_name, data)


def _confirm(client, system, batch):
    return client.post(_url(system, "membership-import-confirm", pk=batch.pk))


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_members_download_imports_back_unchanged(client, office, system, members, file_format):
    client.force_login(office)
    batch = _batch(client, system, f"members.{file_format}", _download(client, system, file_format))
    assert batch.counts == {"create": 0, "change": 0, "unchanged": 2, "error": 0}


def test_a_corrected_start_is_one_change_with_its_history(client, office, system, members):
    client.force_login(office)
    data = edited(_download(client, system), "Started", 1, date(2018, 2, 1))
    batch = _batch(client, system, "members.xlsx", data)
    (row,) = [r for r in batch.rows if r["action"] == "change"]
    assert row["changes"] == [["Started", "01/01/2018", "01/02/2018"]]
    assert _confirm(client, system, batch).status_code == 302
    with scope([system]):
        membership = Membership.objects.get(pk=row["pk"])
        assert membership.started_on == date(2018, 2, 1)
        assert membership.history.first().history_change_reason == "Imported from members.xlsx"


def test_an_end_date_stands_a_member_down_with_the_reason(client, office, system, members):
    client.force_login(office)
    ended = edited(_download(client, system), "Ended", 2, date(2018, 6, 30))
    refused = _batch(client, system, "members.xlsx", ended)
    assert refused.counts["error"] == 1
    data = edited(ended, "Reason for standing down", 2, "Left the trust")
    batch = _batch(client, system, "members.xlsx", data)
    assert batch.counts == {"create": 0, "change": 1, "unchanged": 1, "error": 0}
    assert _confirm(client, system, batch).status_code == 302
    with scope([system]):
        membership = Membership.objects.get(pk=members[1].pk)
        assert (membership.ended_on, membership.ended_reason) == (
            date(2018, 6, 30),
            "Left the trust",
        )
        reason = membership.history.first().history_change_reason
    assert reason == "Left the trust (imported from members.xlsx)"
    again = _batch(client, system, "members.xlsx", _download(client, system))
    assert again.counts["unchanged"] == 2


def test_a_new_row_adds_a_member(client, office, system, members, organisation):
    client.force_login(office)
    factories.PersonFactory(system=system, name="Cy New", organisation=organisation)
    row = [None, "PB", "Cy New", "AHFT", "Vice-chair", "01/04/2019", None, None]
    batch = _batch(client, system, "new.csv", _csv(HEADER, row))
    assert batch.counts["create"] == 1, batch.rows
    assert _confirm(client, system, batch).status_code == 302
    with scope([system]):
        membership = Membership.objects.get(person__name="Cy New")
    assert (membership.role, membership.organisation, membership.started_on) == (
        Membership.Role.VICE_CHAIR,
        organisation,
        date(2019, 4, 1),
    )
    assert membership.history.first().history_change_reason == "Imported from new.csv"


def _csv(header, *rows) -> bytes:
    lines = [header, *rows]
    return "\n".join(",".join("" if c is None else str(c) for c in line) for line in lines).encode()


def test_hostile_rows_are_refused_with_their_messages_and_nothing_written(
    client, office, system, members
):
    client.force_login(office)
    data = workbook(
        HEADER,
        [None, "Nobody's Board", "Ann Chair", None, "Member", None, None, None],
        [None, "PB", "Zed Unknown", None, "Member", None, None, None],
        [None, "PB", "Ben Member", None, "Emperor", None, None, None],
        [None, "PB", "Ann Chair", None, "Member", "31/02/2019", None, None],
        [None, "PB", 42, None, "Member", None, None, None],
        [9999, "PB", "Ann Chair", None, "Chair", None, None, None],
    )
    batch = _batch(client, system, "bad.xlsx", data)
    assert batch.counts == {"create": 0, "change": 0, "unchanged": 0, "error": 6}
    page = html.unescape(client.get(_url(system, "membership-import-preview", pk=batch.pk)).text)
    assert 'There is no committee "Nobody\'s Board" here.' in page
    assert 'There is no person "Zed Unknown" in this system' in page
    assert '"Emperor" is not one of: Chair, Vice-chair' in page
    assert '"31/02/2019" is not a date: February 2019 has 28 days.' in page
    assert "This column takes text, not the number 42." in page
    assert "There is no membership with ID 9999 in this system." in page
    assert _confirm(client, system, batch).status_code == 409
    with scope([system]):
        assert Membership.objects.count() == 2
        assert all(m.history.count() == 1 for m in Membership.objects.all())


def test_only_the_programme_office_imports(client, system, lead, chair, regulator, outsider):
    for user, status in ((lead, 403), (chair, 403), (regulator, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(_url(system, "membership-import")).status_code == status, user
        assert client.get(_url(system, "membership-import-template")).status_code == status
