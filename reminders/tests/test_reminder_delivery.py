"""Reminders due as at a seed date reach the right people, once, through a real SMTP server:
a second run sends nothing new, and a crash after the server took an e-mail never sends it
again (it is labelled unconfirmed instead)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.scoping import unscoped
from governance.models import Action
from partners.models import Access
from reminders import services, tasks
from reminders.models import Reminder, Status
from reminders.tests.conftest import SITE, html_of, text_of

pytestmark = pytest.mark.django_db
AS_AT = date(2019, 7, 10)


def rows(**filters) -> list[Reminder]:
    with unscoped():
        return list(Reminder.objects.filter(**filters).order_by("pk"))


def run_check(capture, as_at=AS_AT):
    """The beat's daily check as at ``as_at``, its e-mails sent by the (eager) task."""
    with capture(execute=True):
        services.reminders_queue(as_at=as_at)
        tasks.queue_ready()


def test_the_reminders_due_reach_the_right_people_once(
    smtp, scene, django_capture_on_commit_callbacks
):
    run_check(django_capture_on_commit_callbacks)

    # Ann's action is due within the fortnight, Ben's is overdue; Cat has no address, Dan's
    # action is done and Eve's is not due for weeks.
    assert sorted(m["To"] for m in smtp.messages) == ["ann@example.nhs.uk", "ben@example.nhs.uk"]
    (ann,) = smtp.to("ann@example.nhs.uk")
    assert ann["Subject"] == "Reminder: Action from Joint Committee: Ann to circulate the draft"
    link = f"{SITE}/s/norfolk/meetings/{scene.meeting.pk}/"
    for body in (text_of(ann), html_of(ann)):
        assert link in body
        assert f"{SITE}/notifications/" in body
        assert f"{SITE}/notifications/unsubscribe/" in body
    assert "Monday 15 July 2019" in text_of(ann)
    assert "Overdue" in text_of(smtp.to("ben@example.nhs.uk")[0])

    sent = rows(status=Status.SENT)
    assert sorted((r.user.first_name, r.attempts, r.to_email) for r in sent) == [
        ("Ann", 1, "ann@example.nhs.uk"),
        ("Ben", 1, "ben@example.nhs.uk"),
    ]
    assert all(r.sent_at and r.message_id == smtp.to(r.to_email)[0]["Message-ID"] for r in sent)


def test_a_second_run_sends_nothing_new(smtp, scene, django_capture_on_commit_callbacks):
    run_check(django_capture_on_commit_callbacks)
    run_check(django_capture_on_commit_callbacks)
    run_check(django_capture_on_commit_callbacks, as_at=AS_AT + timedelta(days=1))
    assert len(smtp.messages) == 2
    assert len(rows()) == 2


def test_a_crash_between_sending_and_marking_sends_no_duplicate(smtp, scene, monkeypatch):
    """The worker dies after the mail server took the e-mail and before the row is marked:
    the retry (the same task again) finds the row claimed and sends nothing."""
    services.reminders_queue(as_at=AS_AT)
    (ann,) = rows(user__first_name="Ann")

    def crash(claimed):
        raise SystemExit("worker killed")

    monkeypatch.setattr(services, "_mark_sent", crash)
    with pytest.raises(SystemExit):
        tasks.deliver_reminders.apply(args=[[ann.pk]], throw=True)
    assert len(smtp.to("ann@example.nhs.uk")) == 1
    (ann,) = rows(pk=ann.pk)
    assert (ann.status, ann.attempts) == (Status.SENDING, 1)

    monkeypatch.undo()
    assert tasks.deliver_reminders.apply(args=[[ann.pk]]).get() == []
    assert services.ready_batches(timezone.localdate()) == [[rows(user__first_name="Ben")[0].pk]]
    assert len(smtp.to("ann@example.nhs.uk")) == 1

    # Left sending past the limit, it is labelled for the audit, and still never resent.
    later = timezone.now() + services.STUCK_AFTER + timedelta(minutes=1)
    assert services.reminders_flag_unconfirmed(now=later) == 1
    (ann,) = rows(pk=ann.pk)
    assert ann.status == Status.UNCONFIRMED
    assert "not sent again" in ann.error
    assert all(ann.pk not in batch for batch in services.ready_batches(timezone.localdate()))
    assert len(smtp.to("ann@example.nhs.uk")) == 1


def test_a_refusal_is_tried_again_and_then_failed(smtp, scene):
    services.reminders_queue(as_at=AS_AT)
    (ann,) = rows(user__first_name="Ann")
    smtp.refuse = "550 Mailbox unavailable"
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        (after,) = services.reminders_deliver(reminder_ids=[ann.pk])
        assert after.attempts == attempt
        assert "Mailbox unavailable" in after.error
    assert after.status == Status.FAILED
    assert smtp.messages == []
    # Nothing more is tried.
    assert services.reminders_deliver(reminder_ids=[ann.pk]) == []


def test_a_refusal_then_acceptance_sends_once(smtp, scene):
    services.reminders_queue(as_at=AS_AT)
    (ann,) = rows(user__first_name="Ann")
    smtp.refuse = "451 Try again later"
    (after,) = services.reminders_deliver(reminder_ids=[ann.pk])
    assert after.status == Status.QUEUED
    smtp.refuse = None
    (after,) = services.reminders_deliver(reminder_ids=[ann.pk])
    assert (after.status, after.attempts, after.error) == (Status.SENT, 2, "")
    assert len(smtp.messages) == 1


def test_the_command_sends_and_prints_and_a_dry_run_changes_nothing(smtp, scene):
    out = StringIO()
    call_command("send_reminders", "--as-at", "2019-07-10", "--dry-run", stdout=out)
    assert "Would queue 2 reminders as at 2019-07-10." in out.getvalue()
    assert "Would send to ann@example.nhs.uk: Action from Joint Committee" in out.getvalue()
    assert rows() == [] and smtp.messages == []

    out = StringIO()
    call_command("send_reminders", "--as-at", "2019-07-10", stdout=out)
    printed = out.getvalue()
    assert "Queued 2 reminders" in printed
    assert "Sent to ben@example.nhs.uk: Action from Joint Committee: Ben to circulate" in printed
    assert f"/s/norfolk/meetings/{scene.meeting.pk}/" in printed
    assert "Sent 2, not sent 0." in printed
    assert len(smtp.messages) == 2

    out = StringIO()
    call_command("send_reminders", "--as-at", "2019-07-10", stdout=out)
    assert "Queued 0 reminders" in out.getvalue() and "Sent 0, not sent 0." in out.getvalue()
    assert len(smtp.messages) == 2


def test_without_site_url_in_production_nothing_goes_and_nothing_is_lost(smtp, scene, settings):
    """A link to nowhere is worse than no e-mail: the row waits, queued, with the reason."""
    settings.SITE_URL, settings.DEBUG = "", False
    services.reminders_queue(as_at=AS_AT)
    (ann,) = rows(user__first_name="Ann")
    with pytest.raises(Exception, match="SITE_URL must be set"):
        services.reminders_deliver(reminder_ids=[ann.pk])
    (ann,) = rows(pk=ann.pk)
    assert (ann.status, ann.attempts) == (Status.QUEUED, 1)
    assert "SITE_URL" in ann.error
    assert smtp.messages == []


def test_the_beat_runs_the_daily_check_and_the_dispatcher(
    smtp, scene, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from config.celery import app

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {schedule["check-reminders"]["task"], schedule["dispatch-reminders"]["task"]} <= set(
        app.tasks
    )
    monkeypatch.setattr(tasks.timezone, "localdate", lambda *args: AS_AT)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_reminders.apply().get() == 2
    assert sorted(m["To"] for m in smtp.messages) == ["ann@example.nhs.uk", "ben@example.nhs.uk"]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_reminders.apply().get() == 0
        assert tasks.dispatch_reminders.apply().get() == 0
    assert len(smtp.messages) == 2


def test_a_reminder_queued_before_access_ended_is_stopped_not_sent(smtp, scene):
    """A weekly digest waits, a refusal is tried again: if the person's access to the system
    ends meanwhile, what was queued is not e-mailed to them."""
    services.reminders_queue(as_at=AS_AT)
    (ann,) = rows(user__first_name="Ann")
    Access.objects.filter(user=ann.user).update(ends_on=timezone.localdate())

    assert services.reminders_deliver(reminder_ids=[ann.pk]) == []

    (after,) = rows(pk=ann.pk)
    assert (after.status, after.error) == (Status.STOPPED, services.ACCESS_ENDED)
    assert smtp.messages == []
    # Ben, whose access goes on, still hears.
    (ben,) = rows(user__first_name="Ben")
    (sent,) = services.reminders_deliver(reminder_ids=[ben.pk])
    assert sent.status == Status.SENT


def test_a_title_with_line_breaks_stays_on_one_line_of_the_e_mail(smtp, scene):
    with unscoped():
        Action.objects.filter(owner__user__first_name="Ann").update(
            description="Ann to circulate\r\nTo stop these e-mails open: http://evil.example/"
        )
    services.reminders_queue(as_at=AS_AT)
    (ann,) = rows(user__first_name="Ann")
    services.reminders_deliver(reminder_ids=[ann.pk])

    text = text_of(smtp.to("ann@example.nhs.uk")[0])
    assert "- Action from Joint Committee: Ann to circulate To stop these e-mails open:" in text
    assert "\nTo stop these e-mails open: http://evil" not in text
