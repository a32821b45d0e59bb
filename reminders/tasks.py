"""Celery tasks for the reminder e-mails: thin wrappers around reminders.services.

``deliver_reminders`` sends one e-mail's rows. ``acks_late`` with ``reject_on_worker_lost``: a
worker that dies puts its message back on the queue, and the redelivery finds the rows already
claimed (``sending``) and sends nothing, so a crash never sends twice (see reminders.services).
The daily check writes the outbox and queues the e-mails once its rows are committed; every ten
minutes ``dispatch_reminders`` queues again what is still waiting (a refusal to retry, a message
a flushed broker lost) and labels what a dead worker left unconfirmed.
"""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core.tasks import BoundedTask
from reminders import services

ONCE = {"base": BoundedTask, "acks_late": True, "reject_on_worker_lost": True}


@shared_task(**ONCE)
def deliver_reminders(reminder_ids: list[int]) -> list[str]:
    return [row.status for row in services.reminders_deliver(reminder_ids=reminder_ids)]


def queue_ready() -> int:
    """Queue an e-mail for each batch ready today, once the rows it reads are committed."""
    batches = services.ready_batches(timezone.localdate())
    for batch in batches:
        transaction.on_commit(lambda batch=batch: deliver_reminders.delay(batch))
    return len(batches)


@shared_task(**ONCE)
def check_reminders() -> int:
    """Daily: the outbox rows today's deadlines call for, then the e-mails that are ready."""
    new = services.reminders_queue(as_at=timezone.localdate())
    queue_ready()
    return len(new)


@shared_task(**ONCE)
def dispatch_reminders() -> int:
    services.reminders_flag_unconfirmed()
    return queue_ready()
