"""Celery tasks for the monthly report: thin, idempotent wrappers around reports.services.

``acks_late`` with ``reject_on_worker_lost``: the message is acknowledged only when the task
returns, and a pool child killed mid-render (out of memory, a deploy) puts it back on the queue
instead of losing it (``acks_late`` alone acknowledges it when the child is lost). The services
decide whether a message still owns its build, so a redelivery never builds twice.
"""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from partners.audit import system_actor
from partners.models import System
from partners.scoping import unscoped
from reports import services

LIMITS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": settings.REPORT_TIME_LIMIT,
    "soft_time_limit": settings.REPORT_TIME_LIMIT - 30,
}


@shared_task(bind=True, **LIMITS)
def generate_report(self, report_id: int) -> str | None:
    with unscoped():
        report = services.report_build(report_id, task_id=self.request.id)
    return report.status if report else None


@shared_task(**LIMITS)
def publish_report(report_id: int) -> str | None:
    with unscoped():
        report = services.report_finish_publication(report_id)
    return report.status if report else None


@shared_task(acks_late=True, reject_on_worker_lost=True)
def queue_month_end_drafts() -> int:
    """After month end: last month's draft for every active system (once each)."""
    with unscoped():
        actor = system_actor()
        month = services.previous_month(timezone.localdate())
        return sum(
            services.report_ensure(system=system, month=month, actor=actor)[1]
            for system in System.objects.filter(active=True).order_by("pk")
        )


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reconcile_reports() -> dict[str, int]:
    """Every few minutes: nothing missing, nothing stuck (even after the broker lost its data)."""
    with unscoped():
        return services.reports_reconcile(now=timezone.now(), actor=system_actor())
