"""Retention, kind by kind: a dry run counts what the real run changes, the real run changes
it, a second run finds nothing, and what is within its period is untouched."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessLog
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from accounts.models import UserSession
from core import retention
from core.audit import save_tracked
from core.models import SecurityEvent
from core.roles import Role
from core.tasks import apply_retention as nightly
from governance.personal_data import REMOVED
from partners.models import Access, Person
from reminders.models import Reminder
from reminders.tests.factories import ReminderFactory
from tests import factories as f
from tests import meeting_factories as mf
from tests import record_factories as rf

pytestmark = pytest.mark.usefixtures("no_scope")
LONG_AGO = timezone.now() - timedelta(days=3000)


def _counts(apply: bool) -> dict[str, int]:
    return {
        o.kind.slug: o.count for o in retention.apply_retention(now=timezone.now(), apply=apply)
    }


@pytest.fixture
def past(system, office):
    """One record past retention of each kind, and one of each within it."""
    person = f.PersonFactory(system=system, name="Ada Lovelace")
    person.name = "Ada King"
    save_tracked(person, actor=office, reason="Married")
    Person.history.filter(id=person.pk).update(history_date=LONG_AGO)
    person.name = "Ada King-Noel"
    save_tracked(person, actor=office, reason="Title")  # the current version: kept
    AccessLog.objects.filter(
        pk=AccessLog.objects.create(username="old", ip_address="10.0.0.1").pk
    ).update(attempt_time=LONG_AGO)
    AccessLog.objects.create(username="new", ip_address="10.0.0.1", attempt_time=timezone.now())
    leaver = f.UserFactory(username="leaver", first_name="Lee", last_name="Ver")
    Access.objects.create(
        user=leaver, system=system, role=Role.CHAIR, ends_on=LONG_AGO.date(), end_reason="Left"
    )
    withdrawn = mf.InterestFactory(person=person, description="Director of a charity")
    withdrawn.withdrawn_on, withdrawn.withdrawn_reason = LONG_AGO.date(), "Ended"
    save_tracked(withdrawn, actor=office)
    current = mf.InterestFactory(person=person, description="Governor of a school")
    ReminderFactory(system=system, user=office, status="sent", sent_at=LONG_AGO)
    ReminderFactory(system=system, user=office, status="queued")
    Reminder.objects.update(queued_at=LONG_AGO)
    SecurityEvent.objects.filter(pk=rf.SecurityEventFactory(user=leaver).pk).update(
        occurred_at=LONG_AGO
    )
    rf.SecurityEventFactory(user=leaver)
    browser = rf.UserSessionFactory.build(user=leaver)
    save_tracked(browser, actor=leaver, reason="Signed in")
    UserSession.history.filter(id=browser.pk).update(history_date=LONG_AGO)
    return {"person": person, "leaver": leaver, "withdrawn": withdrawn, "current": current}


EXPECTED = {
    "person_history": 2,  # "Ada Lovelace" and "Ada King": the current version is kept
    "sign_in_logs": 1,
    "ended_access": 1,
    "withdrawn_interests": 1,
    "reminders_sent": 1,
    "security_events": 1,
    "signed_in_browsers": 1,  # its history; the browser itself stays listed
}


def test_a_dry_run_counts_what_the_run_changes_and_a_second_run_finds_nothing(past):
    dry = _counts(apply=False)
    assert dry == _counts(apply=False)  # changed nothing
    assert dry == EXPECTED
    assert _counts(apply=True) == dry
    assert set(_counts(apply=True).values()) == {0}


def test_the_run_keeps_what_is_within_its_period(past):
    _counts(apply=True)
    person = past["person"]
    assert list(Person.history.filter(id=person.pk).values_list("name", flat=True)) == [
        "Ada King-Noel"
    ]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["new"]
    leaver = past["leaver"]
    leaver.refresh_from_db()
    assert not leaver.is_active and leaver.email == "" and leaver.username.startswith("erased-")
    assert "Lee" not in leaver.get_full_name()
    withdrawn, current = past["withdrawn"], past["current"]
    withdrawn.refresh_from_db(), current.refresh_from_db()
    assert withdrawn.description == REMOVED and withdrawn.organisation_name == ""
    assert set(withdrawn.history.values_list("description", flat=True)) == {REMOVED}
    assert current.description == "Governor of a school"
    assert list(Reminder.objects.values_list("status", flat=True)) == ["queued"]


def test_the_command_reports_counts_and_its_dry_run_changes_nothing(past):
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "sign_in_logs: 1 would change" in out.getvalue()
    assert "Dry run: 8 in all." in out.getvalue()
    assert AccessLog.objects.count() == 2
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "sign_in_logs: 1 changed" in out.getvalue()
    assert AccessLog.objects.count() == 1


def test_the_nightly_task_applies_every_kind(past):
    assert nightly.delay().get() == EXPECTED


def test_a_deployment_sets_a_kind_s_period_and_an_unknown_kind_is_refused(settings, past):
    settings.RETENTION_DAYS = {"sign_in_logs": 5000}
    assert _counts(apply=False)["sign_in_logs"] == 0
    settings.RETENTION_DAYS = {"sign_in_log": 30}
    with pytest.raises(ImproperlyConfigured, match="sign_in_log"):
        _counts(apply=False)


def test_the_privacy_notice_lists_each_kind_with_its_period(client, settings, db):
    settings.RETENTION_DAYS = {"reminders_sent": 400}
    page = client.get("/privacy/").content.decode()
    for kind in retention.kinds():
        assert kind.label.replace("'", "&#x27;") in page
    assert "400 days (the product's default is 365)" in page
    assert "the organisation completes this" in page
