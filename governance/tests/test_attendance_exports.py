"""A meeting's attendance as XLSX and CSV: its members as the attendance page lists them, each
with what is recorded, then the deputies and anyone else recorded."""

from datetime import date

import pytest
from django.urls import reverse

from governance import services
from tests import factories
from tests.spreadsheets import column, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


def _meeting(system, members: int):
    committee = factories.CommitteeFactory(system=system, name="Partnership Board")
    meeting = factories.MeetingFactory(committee=committee, held_on=date(2019, 6, 1))
    memberships = [
        factories.MembershipFactory(
            committee=committee, person=factories.PersonFactory(system=system, name=f"Member {n}")
        )
        for n in range(members)
    ]
    return meeting, memberships


def test_attendance_downloads_member_by_member(client, office, system, in_scope):
    meeting, (first, _) = _meeting(system, 2)
    services.attendance_record(
        actor=office, meeting=meeting, person=first.person, status="apologies"
    )
    deputy = factories.PersonFactory(system=system, name="=Deputy")
    services.attendance_record(
        actor=office,
        meeting=meeting,
        person=deputy,
        status="present",
        deputising_for=first,
        chair_agreed=True,
    )
    client.force_login(office)
    url = reverse("governance:meeting-attendance", args=[system.slug, meeting.pk])
    book = read_xlsx(client.get(url, {"format": "xlsx"}))
    assert column(book, "Name") == ["Member 0", "Member 1", "=Deputy"]
    assert column(book, "Attendance") == ["Apologies", "Not recorded", "Present"]
    assert column(book, "Role")[:2] == ["Member", "Member"]
    assert column(book, "Deputising for")[2] == "Member 0"
    assert column(book, "Chair's agreement")[2] == "Recorded"
    assert book.about["Filters"] == "Meeting: Partnership Board, 1 June 2019"
    assert read_csv(client.get(url, {"format": "csv"}))[2]["Name"] == "'=Deputy"
    detail = reverse("governance:meeting-detail", args=[system.slug, meeting.pk])
    assert f'href="{url}?format=xlsx"' in client.get(detail).content.decode()


@pytest.mark.parametrize("members", [2, 20])
def test_attendance_export_queries_do_not_grow(
    client, office, system, members, in_scope, django_assert_num_queries
):
    meeting, memberships = _meeting(system, members)
    for membership in memberships:
        services.attendance_record(
            actor=office, meeting=meeting, person=membership.person, status="present"
        )
    client.force_login(office)
    url = reverse("governance:meeting-attendance", args=[system.slug, meeting.pk])
    # session, user, accesses, system, the meeting with its committee; its attendance (with the
    # members deputised for), the committee's terms, its members (with their people and whom
    # they represent), the people who attended (with their organisations), its decisions and
    # actions (the meeting's page reads these too); and the first visit's session save
    # (savepoint, update, release).
    with django_assert_num_queries(14):
        response = client.get(url, {"format": "xlsx"})
        b"".join(response.streaming_content)
