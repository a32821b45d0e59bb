"""Approved minutes freeze what they record: the meeting's attendance and the declarations on
its items change only while the minutes are open, or once a correction opens a new version; the
attendance page says why instead of changing it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import services, services_interests
from governance import services_minutes as minutes_services
from governance.models import Attendance, Declaration
from governance.tests.minutes_helpers import approved
from tests import factories as f

pytestmark = pytest.mark.django_db

FROZEN = (
    "The minutes of this meeting were approved at the meeting on 1 March 2018, and what they "
    "record is frozen: start a correction of the minutes first."
)


@pytest.fixture
def member(system, board):
    person = f.PersonFactory(system=system, name="Dr Ann Example")
    f.MembershipFactory(committee=board.committee, person=person, role="member")
    return person


def test_attendance_and_declarations_are_frozen_with_the_approved_minutes(office, board, member):
    services.attendance_record(actor=office, meeting=board.meeting, person=member, status="present")
    declaration = services_interests.declaration_record(
        actor=office, meeting=board.meeting, item=board.public, person=member, description="Shares"
    )
    minutes = approved(office, board)
    attempts = [
        lambda: services.attendance_record(
            actor=office, meeting=board.meeting, person=member, status="absent"
        ),
        lambda: services_interests.declaration_record(
            actor=office, meeting=board.meeting, item=board.private, person=member,
            description="Consultancy",
        ),
        lambda: services_interests.declaration_update(
            actor=office, declaration=declaration, reason="Typo", takes_part=False
        ),
        lambda: services_interests.declaration_withdraw(
            actor=office, declaration=declaration, reason="Recorded in error"
        ),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.messages == [FROZEN]
    assert Attendance.objects.get(meeting=board.meeting, person=member).status == "present"
    declaration.refresh_from_db()
    assert (declaration.takes_part, declaration.withdrawn_on) == (True, None)
    assert Declaration.objects.count() == 1

    # A correction opens a new version: the record can be corrected with it.
    minutes_services.minutes_correct(actor=office, approved=minutes, reason="Attendance wrong")
    services.attendance_record(actor=office, meeting=board.meeting, person=member, status="absent")
    assert Attendance.objects.get(meeting=board.meeting, person=member).status == "absent"


def test_the_attendance_page_says_the_record_is_frozen(client, system, office, board, member):
    services.attendance_record(actor=office, meeting=board.meeting, person=member, status="present")
    approved(office, board)
    membership = member.memberships.get()
    client.force_login(office)
    url = reverse("governance:meeting-attendance", args=[system.slug, board.meeting.pk])
    response = client.post(url, {f"status-{membership.pk}": "absent"}, follow=True)
    assert response.status_code == 200
    assert FROZEN in response.content.decode()
    assert Attendance.objects.get(meeting=board.meeting, person=member).status == "present"
