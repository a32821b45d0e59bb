"""Celery tasks for the monthly report: thin, idempotent wrappers around reports.services.

``acks_late`` with ``reject_on_worker_lost``: the message is acknowledged only when the task
returns, and a pool child killed mid-render (out of memory, a deploy) puts it back on the queue
instead of losing it (``acks_late`` alone acknowledges it when the child is lost). The services
decide whether a message still owns its build, so a redelivery never builds twice.

``BoundedTask`` (core.tasks): the limits are the worker's own settings, and every database wait
inside is bounded, so a build blocked by a lock fails with an error instead of waiting for the
hard limit. Whenever a build's message ends without a report (an exception, a lock or statement
timeout, the soft or the hard time limit) ``on_failure`` records the failure and its reason: it
runs in the pool child, or, after the hard limit killed the child, in the worker's main process,
which only queues ``record_build_failure`` (a small task of its own) rather than touch the
database itself.
"""

import logging

from celery import shared_task
from celery.signals import worker_init
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from core.audit import system_actor
from core.scoping import unscoped
from core.tasks import BoundedTask
from partners.models import System
from reports import pdf, publishing, services

logger = logging.getLogger(__name__)

LIMITS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": settings.REPORT_TIME_LIMIT,
    "soft_time_limit": settings.REPORT_SOFT_TIME_LIMIT,
}


@worker_init.connect
def _load_weasyprint(**kwargs) -> None:
    """The pool's children are forked from the worker's main process, and one is replaced after
    any report that left it large (CELERY_MAX_MEMORY_PER_CHILD): WeasyPrint loaded here is in
    every child from its first report, instead of a second's import and warm-up in each."""
    pdf.warm_up()


class ReportTask(BoundedTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        try:
            record_build_failure.apply_async(
                args=[self.name, args[0], task_id, services.failure_reason(exc)]
            )
        except Exception:
            # No broker either: the reconciler finds the build past its limit.
            logger.exception("Could not record the failure of %s[%s]", self.name, task_id)


@shared_task(bind=True, base=ReportTask, **LIMITS)
def generate_report(self, report_id: int) -> str | None:
    with unscoped():
        report = services.report_build(report_id, task_id=self.request.id)
    return report.status if report else None


@shared_task(base=ReportTask, **LIMITS)
def publish_report(report_id: int) -> str | None:
    with unscoped():
        report = publishing.report_finish_publication(report_id)
    return report.status if report else None


# The failure is often recorded while the lock that stopped the build is still held: try again
# for about a minute; after that the reconciler takes the build as lost.
@shared_task(
    base=BoundedTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    max_retries=6,
    default_retry_delay=10,
)
def record_build_failure(task_name: str, report_id: int, task_id: str, error: str) -> bool:
    """The failure of a build or a publication, with its reason (if still unfinished)."""
    with unscoped():
        if task_name == publish_report.name:
            report = publishing.report_publication_failed(report_id, error=error)
        else:
            report = services.report_build_failed(report_id, task_id=task_id, error=error)
    return report is not None


@shared_task(base=BoundedTask, acks_late=True, reject_on_worker_lost=True)
def queue_month_end_drafts() -> int:
    """After month end: last month's draft for every active system (once each)."""
    with unscoped():
        actor = system_actor()
        month = services.previous_month(timezone.localdate())
        return sum(
            services.report_ensure(system=system, month=month, actor=actor)[1]
            for system in System.objects.filter(active=True).order_by("pk")
        )


@shared_task(base=BoundedTask, acks_late=True, reject_on_worker_lost=True)
def reconcile_reports() -> dict[str, int]:
    """Every minute or so: nothing missing, nothing stuck (even after the broker lost its data)."""
    with unscoped():
        return services.reports_reconcile(now=timezone.now(), actor=system_actor())
