"""A meeting can be scheduled ahead, but is recorded as held (with attendance, decisions and
actions) only once its date has come; every date typed is within the plausible range."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import Attendance, Meeting
from governance.rules import HELD_IN_FUTURE, NOT_YET_HELD
from governance.tests.form_helpers import error_next_to
from tests import factories

pytestmark = pytest.mark.django_db

TOMORROW = date.today() + timedelta(days=1)


@pytest.fixture
def committee(system, in_scope):
    return factories.CommitteeFactory(system=system, name="Partnership Board", kind="board")


@pytest.fixture
def upcoming(committee, office):
    return services.meeting_create(actor=office, committee=committee, held_on=TOMORROW)


def test_a_meeting_is_scheduled_ahead(upcoming):
    assert upcoming.status == Meeting.Status.SCHEDULED


def test_a_meeting_ahead_cannot_be_recorded_as_held(committee, office):
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            actor=office, committee=committee, held_on=TOMORROW, status=Meeting.Status.HELD
        )
    assert error.value.message_dict == {"status": [HELD_IN_FUTURE]}


def test_nothing_is_minuted_for_a_meeting_ahead(upcoming, office, system, organisation):
    person = factories.PersonFactory(system=system, organisation=organisation)
    writes = [
        lambda: services.attendance_record(
            actor=office, meeting=upcoming, person=person, status=Attendance.Status.PRESENT
        ),
        lambda: services.decision_record(actor=office, meeting=upcoming, title="Approve"),
        lambda: services.action_create(actor=office, meeting=upcoming, description="Draft"),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as error:
            write()
        assert error.value.messages == [NOT_YET_HELD]
    assert not upcoming.attendances.exists() and not upcoming.decisions.exists()


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1989-12-31", "2101-01-01"])
def test_an_implausible_date_is_refused_next_to_the_field(client, office, committee, typed):
    client.force_login(office)
    response = client.post(
        f"/s/{committee.system.slug}/meetings/new/",
        {"committee": committee.pk, "held_on": typed, "status": "scheduled"},
    )
    assert "Enter a date between 1 January 1990 and 31 December 2100" in error_next_to(
        response.content.decode(), "held_on"
    )
    assert not Meeting.objects.filter(committee=committee).exists()


def test_a_service_refuses_an_implausible_date_from_a_command_or_import(committee, office):
    with pytest.raises(ValidationError) as error:
        services.meeting_create(actor=office, committee=committee, held_on=date(9999, 12, 31))
    assert "held_on" in error.value.message_dict


def test_the_attendance_page_says_why_not_instead_of_failing(
    client, office, upcoming, system, organisation
):
    person = factories.PersonFactory(system=system, organisation=organisation)
    services.membership_add(actor=office, committee=upcoming.committee, person=person)
    membership = upcoming.committee.memberships.get()
    client.force_login(office)
    response = client.post(
        f"/s/{system.slug}/meetings/{upcoming.pk}/attendance/",
        {f"status-{membership.pk}": "present"},
    )
    assert response.status_code == 200
    assert "attendance, decisions and actions are recorded once" in response.content.decode()
    assert not upcoming.attendances.exists()
