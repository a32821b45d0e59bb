"""A system's security events, for its programme office: newest first, filtered by what
happened, by person and by dates (a date that is none is said, never a server error), paged,
downloaded as XLSX and CSV as the page lists them, in the same queries however many rows, and
none of another system's."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from core.models import SecurityEvent
from tests import factories
from tests.record_factories import SecurityEventFactory

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind


def url(system) -> str:
    return f"/s/{system.slug}/access/security/"


def at(day: str, hour: int = 12):
    return timezone.make_aware(datetime.fromisoformat(f"{day}T{hour:02d}:00"))


@pytest.fixture
def ann():
    return factories.UserFactory(first_name="Ann", last_name="Lee", username="ann")


@pytest.fixture
def log(system, other_system, ann, office):
    """Four events of the system (one about Ann, by the office), one of the other system, and
    a failed sign-in with a user name no account has (of no system)."""
    return {
        "sign_in": SecurityEventFactory(
            user=ann, occurred_at=at("2025-03-01"), systems=[system], detail="Alpha sign-in"
        ),
        "failed": SecurityEventFactory(
            kind=Kind.SIGN_IN_FAILED,
            user=ann,
            username="ann",
            occurred_at=at("2025-03-02"),
            systems=[system],
            detail="Not accepted",
        ),
        "granted": SecurityEventFactory(
            kind=Kind.ACCESS_GRANTED,
            user=office,
            subject=ann,
            occurred_at=at("2025-03-03"),
            systems=[system],
            detail="Chair",
        ),
        "refused": SecurityEventFactory(
            kind=Kind.PERMISSION_DENIED,
            user=ann,
            occurred_at=at("2025-03-04", 23),
            systems=[system],
            detail="POST /s/alpha/access/invite/",
        ),
        "theirs": SecurityEventFactory(
            occurred_at=at("2025-03-03"), systems=[other_system], detail="Beta sign-in"
        ),
        "unknown": SecurityEventFactory(
            kind=Kind.SIGN_IN_FAILED,
            user=None,
            username="mallory",
            occurred_at=at("2025-03-03"),
            systems=[],
            detail="No account has this user name",
        ),
    }


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    # Signing in is an event too: the test's own is left out of what the tests count.
    SecurityEvent.objects.filter(kind=Kind.SIGN_IN, user=office).delete()
    return client


def details(response) -> list[str]:
    return [event.detail for event in response.context["page"]]


def test_the_office_sees_its_systems_events_newest_first(office_client, system, log):
    response = office_client.get(url(system))
    assert response.status_code == 200
    assert details(response) == [
        "POST /s/alpha/access/invite/",
        "Chair",
        "Not accepted",
        "Alpha sign-in",
    ]
    page = response.content.decode()
    assert "Beta sign-in" not in page and "mallory" not in page
    assert "About Ann Lee" in page


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"kind": "sign_in_failed"}, ["Not accepted"]),
        # A person is whoever acted or whom it was about.
        (
            {"person": "ann"},
            ["POST /s/alpha/access/invite/", "Chair", "Not accepted", "Alpha sign-in"],
        ),
        ({"person": "office"}, ["Chair"]),
        # Each day whole, in the site's time zone: the refusal at 23:00 on the 4th is in.
        (
            {"from_date": "2025-03-02", "to_date": "2025-03-04"},
            ["POST /s/alpha/access/invite/", "Chair", "Not accepted"],
        ),
        (
            {"from_date_day": "3", "from_date_month": "3", "from_date_year": "2025"},
            ["POST /s/alpha/access/invite/", "Chair"],
        ),
        ({"to_date": "2025-03-01"}, ["Alpha sign-in"]),
        ({"kind": "access_granted", "person": "ann", "to_date": "2025-03-03"}, ["Chair"]),
    ],
)
def test_the_filters(office_client, system, log, ann, office, query, expected):
    people = {"ann": ann.pk, "office": office.pk}
    if "person" in query:
        query = {**query, "person": people[query["person"]]}
    response = office_client.get(url(system), query)
    assert details(response) == expected


@pytest.mark.parametrize(
    "query,message,listed",
    [
        ({"from_date": "2025-02-30"}, "Enter a valid date.", 4),
        ({"from_date_day": "30", "from_date_month": "2", "from_date_year": "2025"}, "real date", 4),
        ({"to_date_day": "3", "to_date_month": "", "to_date_year": "2025"}, "include a month", 4),
        ({"to_date": "9999-12-31"}, "Enter a date between", 4),
        ({"kind": "no-such-kind"}, "Choose one of the options offered", 4),
        ({"person": "99999999999999999999"}, "Choose one of the options offered", 4),
        # The start stands; the end before it is said, and left out.
        ({"from_date": "2025-03-04", "to_date": "2025-03-01"}, "same as or after the start", 1),
    ],
)
def test_a_filter_that_is_no_filter_is_said_next_to_it(
    office_client, system, log, query, message, listed
):
    response = office_client.get(url(system), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    # The valid filters still apply; the invalid one is left out.
    assert len(details(response)) == listed


def test_the_downloads_hold_what_the_page_lists(office_client, system, log):
    query = {"from_date": "2025-03-02", "format": "csv"}
    response = office_client.get(url(system), query)
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [
        "ID",
        "When",
        "What happened",
        "Person",
        "User name typed",
        "About",
        "Detail",
        "Client address",
        "Browser",
    ]
    assert [(row[2], row[3], row[4], row[5], row[6]) for row in rows[1:]] == [
        ("Permission denied", "Ann Lee", "", "", "POST /s/alpha/access/invite/"),
        ("Access granted", "alice", "", "Ann Lee", "Chair"),
        ("Sign-in failed", "Ann Lee", "ann", "", "Not accepted"),
    ]
    assert rows[1][1] == "2025-03-04 23:00" and rows[1][7] == "192.0.2.1"

    xlsx = office_client.get(url(system), {"kind": "sign_in", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    sheet = workbook["Security events"]
    assert [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Alpha sign-in"]
    about = dict(workbook["About this export"].iter_rows(values_only=True))
    assert about["Filters"] == "What happened: Signed in"


def test_a_csv_cell_a_spreadsheet_would_run_stays_text(office_client, system):
    SecurityEventFactory(
        kind=Kind.SIGN_IN_FAILED, user=None, username="=HYPERLINK(1)", systems=[system]
    )
    response = office_client.get(url(system), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


def test_the_list_is_paged(office_client, system):
    for number in range(55):
        SecurityEventFactory(
            systems=[system],
            detail=f"Event {number}",
            occurred_at=timezone.now() - timedelta(minutes=number),
        )
    first = office_client.get(url(system))
    assert details(first)[0] == "Event 0" and len(details(first)) == 50
    second = office_client.get(url(system), {"page": 2})
    assert details(second) == [f"Event {n}" for n in range(50, 55)]
    assert "page 2 of 2" in second.content.decode()


def test_the_page_reads_in_the_same_queries_however_many_rows(office_client, system):
    SecurityEventFactory(systems=[system])
    office_client.get(url(system))  # warm: the session, the header's systems

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert office_client.get(url(system)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(30):
        SecurityEventFactory(systems=[system], subject=factories.UserFactory())
    # The session and its user, the user's accesses, the system, the people the events name
    # (the filter's choices), the count and one page of events with who acted and whom it was
    # about (select_related), the header's systems: the same however many rows.
    assert count() == few


def test_only_the_programme_office_reads_it(client, system, chair, lead, regulator, outsider):
    for user in (chair, lead, regulator):
        client.force_login(user)
        assert client.get(url(system)).status_code == 403
    client.force_login(outsider)
    assert client.get(url(system)).status_code == 404


def test_the_access_page_links_to_it(office_client, system):
    page = office_client.get(f"/s/{system.slug}/access/").content.decode()
    assert f'href="{url(system)}"' in page
