"""The programme office's audit of the reminders sent for its system: who, what, when and how
delivery ended, filtered and downloaded as the page lists it; and who has no e-mail address."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.roles import Role
from partners.models import Access
from reminders.models import Status
from reminders.tests.factories import ReminderFactory
from tests import factories

pytestmark = pytest.mark.django_db


def sent(system, user, title, status=Status.SENT, **extra):
    return ReminderFactory(
        system=system,
        user=user,
        title=title,
        status=status,
        to_email=user.email,
        sent_at=timezone.now() if status == Status.SENT else None,
        **extra,
    )


def test_the_office_sees_what_was_sent_to_whom_filtered(client, system, other_system, office):
    ann = factories.UserFactory(first_name="Ann", last_name="Lee", email="ann@example.nhs.uk")
    sent(system, ann, "Action due: circulate the draft")
    sent(system, ann, "Action due: book the room", Status.FAILED, error="550 Mailbox unavailable")
    sent(other_system, ann, "Beta's own reminder")
    client.force_login(office)
    url = f"/s/{system.slug}/reminders/sent/"

    page = client.get(url).content.decode()
    assert "Action due: circulate the draft" in page and "ann@example.nhs.uk" in page
    assert "550 Mailbox unavailable" in page
    assert "Beta" not in page

    failed = client.get(url, {"status": "failed"}).content.decode()
    assert "book the room" in failed and "circulate the draft" not in failed

    response = client.get(url, {"format": "csv", "status": "sent"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:6] == ["ID", "Person", "E-mail address", "Kind", "Reminder", "Due"]
    assert [(row[1], row[4], row[7]) for row in rows[1:]] == [
        ("Ann Lee", "Action due: circulate the draft", "Sent")
    ]
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Disposition"].endswith('.xlsx"')


def test_the_audit_is_the_programme_offices_alone(client, system, chair, lead):
    for user in (chair, lead):
        client.force_login(user)
        assert client.get(f"/s/{system.slug}/reminders/sent/").status_code == 403


def test_the_audit_page_reads_in_the_same_queries_however_many_rows(client, system, office):
    client.force_login(office)
    url = f"/s/{system.slug}/reminders/sent/"
    sent(system, factories.UserFactory(email="one@example.nhs.uk"), "First")
    client.get(url)  # warm: the session, the header's systems

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for number in range(30):
        sent(system, factories.UserFactory(email=f"p{number}@example.nhs.uk"), f"Row {number}")
    # The session and user, the user's accesses, the header's systems, the row count and one
    # page of reminders with their people (select_related): the same however many rows.
    assert count() == few


def test_the_office_sees_who_has_no_email_address(client, system, other_system, office):
    nobody = factories.UserFactory(first_name="Nia", last_name="Nobody", email="")
    Access.objects.create(user=nobody, system=system, role=Role.CHAIR)
    elsewhere = factories.UserFactory(first_name="Bob", last_name="Beta", email="")
    Access.objects.create(user=elsewhere, system=other_system, role=Role.CHAIR)
    has_one = factories.UserFactory(first_name="Hal", last_name="Has", email="hal@example.nhs.uk")
    Access.objects.create(user=has_one, system=system, role=Role.CHAIR)
    client.force_login(office)

    page = client.get(f"/s/{system.slug}/reminders/no-email/").content.decode()
    assert "Nia Nobody" in page
    assert "Hal Has" not in page and "Bob Beta" not in page

    download = client.get(f"/s/{system.slug}/reminders/no-email/", {"format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    found = list(csv.reader(io.StringIO(body)))
    assert found[0] == ["Person", "User name", "Role", "Organisation"]
    by_name = {row[0]: row for row in found[1:]}
    assert by_name["Nia Nobody"][1:3] == [nobody.username, "Chair"]
    assert "Hal Has" not in by_name and "Bob Beta" not in by_name
