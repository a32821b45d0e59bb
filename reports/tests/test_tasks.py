"""The scheduled tasks: thin wrappers that open a scope and call the services."""

from django.conf import settings
from django.utils import timezone

from partners.scoping import unscoped
from reports import services, tasks
from reports.models import MonthlyReport, ReportStatus


def test_month_end_drafts_every_active_system_once(
    system, other_system, django_capture_on_commit_callbacks
):
    other_system.active = False
    other_system.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.queue_month_end_drafts.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.queue_month_end_drafts.delay().get() == 0  # beat firing twice is harmless
    with unscoped():
        (report,) = MonthlyReport.objects.all()
    assert report.system == system
    assert report.month == services.previous_month(timezone.localdate())
    assert report.status == ReportStatus.DRAFT
    assert report.requested_by.username == "system"


def test_the_schedule_names_real_tasks():
    schedule = settings.CELERY_BEAT_SCHEDULE
    for entry in ("monthly-report-drafts", "reconcile-monthly-reports"):
        name = schedule[entry]["task"]
        assert name in (tasks.queue_month_end_drafts.name, tasks.reconcile_reports.name)
    assert schedule["reconcile-monthly-reports"]["schedule"] <= 15 * 60
