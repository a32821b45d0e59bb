"""The scheduled tasks: thin wrappers that open a scope and call the services."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.scoping import unscoped
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
    assert schedule["reconcile-monthly-reports"]["schedule"] == settings.REPORT_RECONCILE_INTERVAL


def test_at_the_default_settings_a_lost_build_is_recovered_within_five_minutes():
    """A worker that dies whole is found by the reconciler once its build is past the limit (or
    Redis hands its message on after the visibility timeout); a message the broker lost, once
    its grace has passed. Either way a worker has a minute left to build the report."""
    interval = timedelta(seconds=settings.REPORT_RECONCILE_INTERVAL)
    budget = timedelta(minutes=5) - timedelta(minutes=1)
    assert services.BUILD_TIME_LIMIT + interval <= budget
    assert services.QUEUE_GRACE + interval <= budget
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= budget.total_seconds()
