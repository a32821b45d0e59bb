"""A Celery task base for work that must end within its limits, whatever the database does.

Two things go wrong with a plain task. Its time limits travel in the message: ``apply_async``
copies the sending process's ``time_limit`` into it, and the worker obeys the message, so a web
process (or an older deploy) decides how long a worker may run. And Python's soft time limit
cannot interrupt a query waiting on a lock: the wait lasts until the hard limit kills the process,
and nothing is left to record what happened. So a ``BoundedTask`` sends no limits (the worker's
own task attributes apply) and runs with every database wait bounded (``bounded_waits``).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from core import retention
from core.import_batches import batches_prune


@contextmanager
def bounded_waits(
    *, lock_timeout: float, statement_timeout: float, using: str = "default"
) -> Iterator[None]:
    """On PostgreSQL: a lock wait or a statement that runs longer than these (seconds) fails
    with an error, for everything run inside; the connection's own values come back after.

    Session settings, not ``SET LOCAL``: a task also reads outside transactions (autocommit).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('lock_timeout'), current_setting('statement_timeout')"
        )
        previous = cursor.fetchone()
        _set(cursor, f"{round(lock_timeout * 1000)}ms", f"{round(statement_timeout * 1000)}ms")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                _set(cursor, *previous)
        except DatabaseError:
            # The connection is broken or its transaction aborted: the values go with it.
            pass


def _set(cursor, lock_timeout: str, statement_timeout: str) -> None:
    cursor.execute(
        "SELECT set_config('lock_timeout', %s, false), set_config('statement_timeout', %s, false)",
        [lock_timeout, statement_timeout],
    )


def task_waits() -> dict[str, float]:
    return {
        "lock_timeout": settings.TASK_DB_LOCK_TIMEOUT,
        "statement_timeout": settings.TASK_DB_STATEMENT_TIMEOUT,
    }


class BoundedTask(Task):
    """Time limits from the worker's own settings; database waits bounded by settings."""

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, **options):
        # An explicit None keeps the task's limits out of the message (see the module's note);
        # a caller that passes a limit on purpose still can.
        options.setdefault("time_limit", None)
        options.setdefault("soft_time_limit", None)
        return super().apply_async(args, kwargs, task_id, producer, **options)

    def __call__(self, *args, **kwargs):
        with bounded_waits(**task_waits()):
            return super().__call__(*args, **kwargs)


@shared_task
def prune_import_batches() -> int:
    """Daily: previewed imports past their keeping (core.import_batches.batches_prune)."""
    return batches_prune()


@shared_task(acks_late=True)
def apply_retention() -> dict[str, int]:
    """Each night: every kind of personal data past its retention period (core.retention).
    Safe to run twice: what a run changed is no longer past retention."""
    return {o.kind.slug: o.count for o in retention.apply_retention(now=timezone.now(), apply=True)}
