"""Factories for the reminders' models (the outbox row and a person's choice)."""

import datetime

import factory

from reminders.models import Frequency, Preference, Reminder
from tests.factories import SavedFactory, SystemFactory, UserFactory


class ReminderFactory(SavedFactory):
    class Meta:
        model = Reminder

    system = factory.SubFactory(SystemFactory)
    user = factory.SubFactory(UserFactory)
    kind = "action"
    thing_key = factory.Sequence(lambda n: f"governance.action:{n + 1}")
    due_on = datetime.date(2019, 7, 15)
    title = factory.Sequence(lambda n: f"Action {n} to circulate the draft")
    url = factory.LazyAttribute(lambda reminder: f"/s/{reminder.system.slug}/actions/")
    frequency = Frequency.IMMEDIATE
    send_on = datetime.date(2019, 7, 10)
    found_as_at = datetime.date(2019, 7, 10)


class PreferenceFactory(SavedFactory):
    class Meta:
        model = Preference

    user = factory.SubFactory(UserFactory)
    kind = "action"
    frequency = Frequency.DAILY
