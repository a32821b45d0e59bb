"""A build never ends without a trace: every way a build's message can end without a report
records the failure and its reason, a build stuck past its limit is retried (by the reconciler
or from the page), and the limits are the worker's own.

Celery runs eagerly here; tests/test_report_chaos.py does the same with a real worker.
"""

from datetime import date, timedelta
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from core.audit import system_actor
from core.tasks import bounded_waits
from reports import services, tasks
from reports.models import MonthlyReport, ReportStatus

NOVEMBER = date(2019, 11, 1)
LOCK_TIMEOUT = "canceling statement due to lock timeout"


def fresh(report) -> MonthlyReport:
    return MonthlyReport.objects.get(pk=report.pk)


@pytest.fixture
def queued(system, office, no_scope):
    return services.report_request(system=system, month=NOVEMBER, actor=office, send=False)


def generating(report, *, minutes_ago: float, attempts: int = 1) -> MonthlyReport:
    MonthlyReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.GENERATING,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
        attempts=attempts,
    )
    return fresh(report)


def test_a_build_whose_save_times_out_on_a_lock_is_failed_with_the_reason(queued, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError(f'{LOCK_TIMEOUT}\nLINE 1: SELECT "reports_monthlyreport"."id"')

    monkeypatch.setattr(services, "_finish", locked)
    # throw=False: as in a worker, the failure ends the task instead of reaching the caller.
    tasks.generate_report.apply_async(args=[queued.pk], task_id=queued.task_id, throw=False)

    failed = fresh(queued)
    assert failed.status == ReportStatus.FAILED
    assert failed.error.startswith("The build waited too long for the database")
    assert failed.error.endswith(f"(OperationalError: {LOCK_TIMEOUT})")  # not the SQL
    assert (failed.pdf.name, failed.snapshot, failed.sha256) == ("", None, "")


def test_a_build_killed_at_the_hard_limit_is_failed_with_the_reason(queued):
    """After the hard limit the worker's main process calls ``on_failure``: the child is dead."""
    report = generating(queued, minutes_ago=1)
    tasks.generate_report.on_failure(
        TimeLimitExceeded(settings.REPORT_TIME_LIMIT), report.task_id, [report.pk], {}, None
    )
    failed = fresh(report)
    assert failed.status == ReportStatus.FAILED
    assert failed.error == (
        f"The build took longer than its time limit ({settings.REPORT_TIME_LIMIT} seconds) "
        "and was stopped. (TimeLimitExceeded)"
    )


def test_a_late_failure_leaves_a_build_that_a_newer_message_owns(queued):
    report = generating(queued, minutes_ago=1)
    old_message = report.task_id
    services._requeue(report, actor=system_actor(), reason="test", send=False)
    tasks.generate_report.on_failure(SoftTimeLimitExceeded(), old_message, [report.pk], {}, None)
    assert (fresh(report).status, fresh(report).error) == (ReportStatus.QUEUED, "")


def test_a_publication_stopped_by_its_limit_leaves_the_draft_to_publish_again(
    system, chair, make_report, no_scope
):
    draft = make_report(system, ReportStatus.DRAFT, publish_requested_at=timezone.now())
    tasks.publish_report.on_failure(SoftTimeLimitExceeded(), "any", [draft.pk], {}, None)
    draft = fresh(draft)
    assert (draft.status, draft.publish_requested_at) == (ReportStatus.DRAFT, None)
    assert draft.error.startswith("Publishing failed: The build took longer than its time limit")


def test_the_reconciler_fails_a_build_that_keeps_dying_with_the_reason(queued):
    report = generating(queued, minutes_ago=60, attempts=services.MAX_ATTEMPTS)
    summary = services.reports_reconcile(now=timezone.now(), actor=system_actor())
    assert (summary["requeued"], summary["failed"]) == (0, 1)
    failed = fresh(report)
    assert failed.status == ReportStatus.FAILED
    assert failed.error.startswith("The build stopped without finishing 3 times")


def test_a_build_is_stuck_only_past_its_limit(queued):
    now = timezone.now()
    assert not services.is_stuck(queued, now)
    assert services.is_stuck(queued, now + services.QUEUE_GRACE + timedelta(seconds=1))
    report = generating(queued, minutes_ago=0)
    assert not services.is_stuck(report, now + timedelta(seconds=settings.REPORT_TIME_LIMIT))
    assert services.is_stuck(report, now + services.BUILD_TIME_LIMIT + timedelta(seconds=1))
    ids = MonthlyReport.objects.filter(services.stuck(now + services.BUILD_TIME_LIMIT * 2))
    assert list(ids) == [report]


def test_retrying_a_stuck_build_queues_the_same_report_once(queued, office):
    stuck = generating(queued, minutes_ago=60)
    now = timezone.now()
    retried, changed = services.report_retry(report=stuck, actor=office, now=now)
    assert changed
    assert (retried.pk, retried.status, retried.attempts) == (stuck.pk, ReportStatus.QUEUED, 0)
    assert retried.task_id != stuck.task_id
    # A second click finds a build queued a moment ago: nothing changes.
    again, changed_again = services.report_retry(report=stuck, actor=office, now=now)
    assert (changed_again, again.task_id) == (False, retried.task_id)
    assert MonthlyReport.objects.count() == 1


def test_a_build_under_way_is_not_retried(queued, office):
    building = generating(queued, minutes_ago=0)
    _, changed = services.report_retry(report=building, actor=office, now=timezone.now())
    assert not changed
    assert fresh(building).task_id == building.task_id


def test_messages_carry_no_time_limits_so_the_workers_own_apply():
    app.conf.task_always_eager = False
    try:
        with mock.patch.object(app, "send_task") as send:
            tasks.generate_report.apply_async(args=[1], task_id="t")
            tasks.publish_report.delay(1)
    finally:
        app.conf.task_always_eager = True
    assert send.call_count == 2
    for call in send.call_args_list:
        assert (call.kwargs["time_limit"], call.kwargs["soft_time_limit"]) == (None, None)
    assert tasks.generate_report.time_limit == settings.REPORT_TIME_LIMIT
    assert tasks.generate_report.soft_time_limit == settings.REPORT_SOFT_TIME_LIMIT


def test_database_waits_are_bounded_inside_a_task_and_restored_after(db):
    if connection.vendor != "postgresql":
        with bounded_waits(lock_timeout=2, statement_timeout=5):
            pass  # nothing to bound: SQLite has no lock waits between processes here
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        before = cursor.fetchone()[0]
        with bounded_waits(lock_timeout=2, statement_timeout=5):
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone()[0] == "2s"
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "5s"
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == before


def page(name, system, pk):
    return reverse(f"reports:{name}", args=[system.slug, pk])


def test_the_programme_office_retries_a_stuck_build_from_the_page(
    client, system, office, chair, outsider, queued, django_capture_on_commit_callbacks
):
    stuck = generating(queued, minutes_ago=60)
    client.force_login(chair)
    assert "Retry the build" not in client.get(page("report-detail", system, stuck.pk)).text
    assert client.post(page("report-retry", system, stuck.pk)).status_code == 403
    client.force_login(outsider)
    assert client.post(page("report-retry", system, stuck.pk)).status_code == 404

    client.force_login(office)
    detail = client.get(page("report-detail", system, stuck.pk)).text
    assert "has not finished within its time limit" in detail and "Retry the build" in detail
    assert "Retry the build" in client.get(page("report-status", system, stuck.pk)).text
    with django_capture_on_commit_callbacks() as queued_builds:
        response = client.post(page("report-retry", system, stuck.pk))
        client.post(page("report-retry", system, stuck.pk))  # a double click
    assert response.url == page("report-detail", system, stuck.pk)
    assert len(queued_builds) == 1
    assert fresh(stuck).status == ReportStatus.QUEUED
    assert client.get(page("report-retry", system, stuck.pk)).status_code == 405
