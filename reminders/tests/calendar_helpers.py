"""What the calendar tests share: a system as at a seed date, a person's address, and reading a
feed back with the icalendar library."""

from datetime import date

import icalendar
from django.test import Client
from django.urls import reverse

from core.scoping import scope
from reminders.calendar_tokens import calendar_token_create
from tests import factories
from tests.record_factories import ActionFactory

AS_AT = date(2019, 7, 10)


def as_at(system, day: date = AS_AT):
    system.opens_as_at = day
    system.save()
    return system


def address(user) -> str:
    """A new calendar address of ``user``'s, as the page shows it (the path)."""
    _, raw = calendar_token_create(actor=user, user=user)
    return reverse("reminders:calendar-feed", args=[raw])


def fetch(path: str, **headers):
    """The feed as a calendar client asks for it: a new client, no session, no cookies."""
    return Client().get(path, headers=headers)


def events(response) -> list[icalendar.Event]:
    assert response.status_code == 200, response.status_code
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def summaries(response) -> list[str]:
    return [str(event["SUMMARY"]) for event in events(response)]


def meeting(system, name="Joint Committee", **fields):
    with scope([system]):
        committee = factories.CommitteeFactory(system=system, name=name)
        return factories.MeetingFactory(committee=committee, **fields)


def action_for(user, system, due_on: date, description="Send the revised plan", held=None):
    """An open action of ``user``'s (of ``held``, or of a new committee's meeting)."""
    held = held or meeting(system, name="Action committee", held_on=date(2019, 6, 3))
    with scope([system]):
        person = factories.PersonFactory(system=system, user=user)
        return ActionFactory(meeting=held, owner=person, due_on=due_on, description=description)
