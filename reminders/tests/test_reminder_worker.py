"""Reminder e-mails sent by a real Celery worker, on the real Redis, to a real SMTP server; and
a worker killed after the server took an e-mail, before the row was marked sent, whose message
Celery delivers again: the redelivery sends nothing, so no one gets it twice; and two workers
at once never both claim a row."""

from datetime import date

import psycopg2
import pytest
from django.db import connection

from core.scoping import unscoped
from reminders import services
from reminders.models import Reminder, Status
from tests.worker import Worker, require_services, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(transactional_db, tmp_path, smtp, settings):
    require_services()
    from config.celery import app

    app.conf.task_always_eager = False
    app.control.purge()
    running = Worker(
        tmp_path / "worker.log",
        env={
            "EMAIL_BACKEND": settings.EMAIL_BACKEND,
            "EMAIL_HOST": settings.EMAIL_HOST,
            "EMAIL_PORT": str(settings.EMAIL_PORT),
            "SITE_URL": settings.SITE_URL,
            "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
        },
    )
    try:
        running.start()
        yield running
    finally:
        running.stop()
        app.conf.task_always_eager = True


def row_of(name: str) -> Reminder:
    with unscoped():
        return Reminder.objects.select_related("user").get(user__first_name=name)


def test_a_worker_killed_between_sending_and_marking_sends_no_duplicate(worker, smtp, scene):
    from reminders.tasks import deliver_reminders

    services.reminders_queue(as_at=date(2019, 7, 10))
    ann, ben = row_of("Ann"), row_of("Ben")

    # The server takes Ann's e-mail, then the worker's pool child dies before it hears back.
    killed = []

    def kill_the_worker():
        if not killed:
            killed.append(worker.kill_child())

    smtp.on_data = kill_the_worker
    worker.mark()
    deliver_reminders.delay([ann.pk])
    wait_for(lambda: killed, timeout=60, what=f"the e-mail to reach the server ({worker.output()})")
    # acks_late with reject_on_worker_lost: the message comes back, and a new child runs it.
    wait_for(
        lambda: b"succeeded" in worker.since_mark(),
        timeout=90,
        what=f"the redelivered task (worker log: {worker.output()})",
    )
    assert b"WorkerLostError" in worker.since_mark()
    assert len(smtp.to("ann@example.nhs.uk")) == 1
    ann = row_of("Ann")
    assert (ann.status, ann.attempts) == (Status.SENDING, 1)

    # The worker still sends the next one, once.
    deliver_reminders.delay([ben.pk])
    wait_for(lambda: row_of("Ben").status == Status.SENT, timeout=60, what="Ben's e-mail")
    assert len(smtp.to("ben@example.nhs.uk")) == 1
    assert len(smtp.to("ann@example.nhs.uk")) == 1


def test_a_row_another_worker_holds_is_skipped_not_sent_twice(smtp, scene):
    """Two workers at once: the second skips the row the first has locked (SKIP LOCKED), and
    once the first has claimed it, no one claims it again."""
    require_services()
    services.reminders_queue(as_at=date(2019, 7, 10))
    ann = row_of("Ann")
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT id FROM reminders_reminder WHERE id = %s FOR UPDATE", [ann.pk])
        assert services.reminders_deliver(reminder_ids=[ann.pk]) == []
        assert smtp.messages == []
    finally:
        other.rollback()
        other.close()
    (sent,) = services.reminders_deliver(reminder_ids=[ann.pk])
    assert sent.status == Status.SENT
    assert services.reminders_deliver(reminder_ids=[ann.pk]) == []
    assert len(smtp.to("ann@example.nhs.uk")) == 1
