"""The report's life: queued, built, published, corrected; idempotent and frozen once published.

Celery runs eagerly here (the test settings); the real worker is in tests/test_report_worker.py.
"""

import hashlib
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import system_actor
from reports import publishing, services
from reports.models import MonthlyReport, ReportStatus
from reports.storage import pdf_bytes
from tests import factories
from tests.pdf_reading import pdf_text, squeezed

NOVEMBER = date(2019, 11, 1)


@pytest.fixture
def milestones(system, no_scope):
    workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
    return [
        factories.MilestoneFactory(
            workstream=workstream,
            title="Single acute stroke unit open",
            baseline_on=date(2019, 10, 31),
            forecast_on=date(2020, 1, 31),
            is_key=True,
        )
    ]


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    """Run what a service queues once its transaction commits (eager Celery: here and now)."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def fresh(report) -> MonthlyReport:
    return MonthlyReport.objects.get(pk=report.pk)


def test_a_request_builds_the_draft_with_its_snapshot_pdf_and_hash(
    system, office, milestones, build
):
    report = build(services.report_request, system=system, month=date(2019, 11, 20), actor=office)
    report = fresh(report)
    assert (report.month, report.version, report.status) == (NOVEMBER, 1, ReportStatus.DRAFT)
    assert report.sha256 == hashlib.sha256(pdf_bytes(report)).hexdigest()
    assert report.snapshot["month"] == "2019-11"
    assert report.attempts == 1
    text = pdf_text(pdf_bytes(report))
    assert "Single acute stroke unit open" in text
    assert "DRAFT" in squeezed(text)
    assert report.history.first().history_user == office


def test_asking_again_while_it_builds_gives_the_same_report(system, office, no_scope):
    first = services.report_request(system=system, month=NOVEMBER, actor=office, send=False)
    again = services.report_request(system=system, month=NOVEMBER, actor=office, send=False)
    assert again.pk == first.pk
    assert MonthlyReport.objects.count() == 1


def test_the_database_refuses_a_second_report_for_the_same_version(system, office, no_scope):
    services.report_request(system=system, month=NOVEMBER, actor=office, send=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(
            system=system, month=NOVEMBER, version=1, requested_at=timezone.now()
        )


def test_the_month_end_schedule_makes_one_report_however_often_it_runs(system, no_scope):
    actor = system_actor()
    report, created = services.report_ensure(system=system, month=NOVEMBER, actor=actor)
    again, created_again = services.report_ensure(system=system, month=NOVEMBER, actor=actor)
    assert (created, created_again) == (True, False)
    assert again.pk == report.pk
    assert MonthlyReport.objects.count() == 1


def test_a_message_that_no_longer_owns_the_build_changes_nothing(
    system, office, milestones, no_scope
):
    report = services.report_request(system=system, month=NOVEMBER, actor=office, send=False)
    stale_task = report.task_id
    with transaction.atomic():
        requeued = services._requeue(
            MonthlyReport.objects.get(pk=report.pk), actor=office, reason="test", send=False
        )
    assert services.report_build(report.pk, task_id=stale_task) is None
    assert fresh(report).status == ReportStatus.QUEUED

    built = services.report_build(report.pk, task_id=requeued.task_id)
    assert built.status == ReportStatus.DRAFT
    # Delivered twice: the second delivery finds the work done and leaves it alone.
    assert services.report_build(report.pk, task_id=requeued.task_id) is None
    assert fresh(report).sha256 == built.sha256


def test_a_failed_build_keeps_its_error_and_can_be_retried(
    system, office, milestones, build, monkeypatch
):
    import reports.snapshot

    real = reports.snapshot.build_snapshot

    def broken(*args, **kwargs):
        raise RuntimeError("the finance tables could not be read")

    monkeypatch.setattr(reports.snapshot, "build_snapshot", broken)
    report = fresh(build(services.report_request, system=system, month=NOVEMBER, actor=office))
    assert report.status == ReportStatus.FAILED
    assert report.error == "RuntimeError: the finance tables could not be read"
    assert (report.pdf.name, report.snapshot, report.sha256) == ("", None, "")

    monkeypatch.setattr(reports.snapshot, "build_snapshot", real)
    retried = fresh(build(services.report_request, system=system, month=NOVEMBER, actor=office))
    assert (retried.pk, retried.status, retried.error) == (report.pk, ReportStatus.DRAFT, "")


def test_a_build_that_keeps_dying_is_failed_not_retried_for_ever(system, office, no_scope):
    report = services.report_request(system=system, month=NOVEMBER, actor=office, send=False)
    MonthlyReport.objects.filter(pk=report.pk).update(attempts=services.MAX_ATTEMPTS)
    assert services.report_build(report.pk, task_id=report.task_id) is None
    report = fresh(report)
    assert report.status == ReportStatus.FAILED
    assert "stopped 3 times" in report.error


def publish(build, report, chair, **chair_fields):
    publishing.report_update_chair(report=report, actor=chair, **chair_fields)
    build(publishing.report_publish, report=report, actor=chair)
    return fresh(report)


def test_publishing_freezes_the_report_and_a_correction_supersedes_it(
    system, office, chair, milestones, build
):
    draft = fresh(build(services.report_request, system=system, month=NOVEMBER, actor=office))
    published = publish(
        build,
        draft,
        chair,
        commentary="The stroke unit is a quarter late.",
        flags=[{"title": "Stroke consultant vacancies", "detail": "", "case": None}],
    )
    assert published.status == ReportStatus.PUBLISHED
    assert published.published_by == chair
    assert published.sha256 == hashlib.sha256(pdf_bytes(published)).hexdigest()
    assert published.snapshot["chair_report"]["commentary"] == "The stroke unit is a quarter late."
    text = pdf_text(pdf_bytes(published))
    assert "Stroke consultant vacancies" in text
    assert "DRAFT" not in squeezed(text)

    with pytest.raises(ValidationError):
        publishing.report_update_chair(report=published, actor=chair, commentary="x", flags=[])
    with pytest.raises(ValidationError):
        publishing.report_publish(report=published, actor=chair)
    frozen = (pdf_bytes(published), published.sha256, published.snapshot)

    correction = fresh(build(services.report_request, system=system, month=NOVEMBER, actor=office))
    assert (correction.version, correction.supersedes_id) == (2, published.pk)
    assert correction.commentary == published.commentary  # the chair starts from their words
    corrected = publish(build, correction, chair, commentary="Corrected.", flags=[])

    older = fresh(published)
    assert older.status == ReportStatus.SUPERSEDED
    assert (pdf_bytes(older), older.sha256, older.snapshot) == frozen
    assert corrected.status == ReportStatus.PUBLISHED
    assert corrected.snapshot["chair_report"]["supersedes"]["version"] == 1
    assert "supersedes version 1" in pdf_text(pdf_bytes(corrected))


def test_publishing_twice_is_harmless(system, office, chair, milestones, build):
    draft = fresh(build(services.report_request, system=system, month=NOVEMBER, actor=office))
    published = publish(build, draft, chair, commentary="", flags=[])
    assert publishing.report_finish_publication(published.pk) is None
    assert fresh(published).sha256 == published.sha256


def test_the_reconciler_creates_what_is_missing_and_requeues_what_is_stuck(
    system, other_system, office, milestones, build
):
    other_system.active = False
    other_system.save()
    now = timezone.now()
    last_month = services.previous_month(timezone.localdate(now))
    # An older month whose message was lost (say Redis was wiped) and one whose worker died.
    lost = services.report_request(system=system, month=NOVEMBER, actor=office, send=False)
    dead = services.report_request(system=system, month=date(2019, 12, 1), actor=office, send=False)
    MonthlyReport.objects.filter(pk=lost.pk).update(requested_at=now - timedelta(hours=1))
    MonthlyReport.objects.filter(pk=dead.pk).update(
        status=ReportStatus.GENERATING, started_at=now - timedelta(hours=1), attempts=1
    )

    summary = build(services.reports_reconcile, now=now, actor=system_actor())

    assert summary == {"created": 1, "requeued": 2, "failed": 0, "republished": 0}
    assert fresh(lost).status == fresh(dead).status == ReportStatus.DRAFT
    assert fresh(lost).task_id != lost.task_id
    assert MonthlyReport.objects.get(system=system, month=last_month).status == ReportStatus.DRAFT
    assert not MonthlyReport.objects.filter(system=other_system).exists()
    # Run again: nothing is missing or stuck, so nothing happens.
    assert build(services.reports_reconcile, now=now, actor=system_actor()) == {
        "created": 0,
        "requeued": 0,
        "failed": 0,
        "republished": 0,
    }


def test_redis_holds_a_message_longer_than_any_build_may_run():
    """Past the visibility timeout Redis hands an unacknowledged message to another worker: not
    while the build may still run, and soon after it cannot (a worker that died whole)."""
    from reports.tasks import generate_report, publish_report

    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    for task in (generate_report, publish_report):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.time_limit < timeout <= task.time_limit + 120
        assert task.soft_time_limit < task.time_limit
    assert settings.CELERY_WORKER_MAX_TASKS_PER_CHILD


def test_a_publication_that_fails_leaves_the_draft_to_publish_again(
    system, office, chair, milestones, build, monkeypatch
):
    import reports.pdf

    draft = fresh(build(services.report_request, system=system, month=NOVEMBER, actor=office))
    real = reports.pdf.render_pdf

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(reports.pdf, "render_pdf", broken)
    build(publishing.report_publish, report=draft, actor=chair)
    failed = fresh(draft)
    assert (failed.status, failed.publish_requested_at, failed.published_by) == (
        ReportStatus.DRAFT,
        None,
        None,
    )
    assert failed.error == "Publishing failed: OSError: disk full"
    assert failed.sha256 == draft.sha256  # the draft's PDF is untouched

    monkeypatch.setattr(reports.pdf, "render_pdf", real)
    build(publishing.report_publish, report=failed, actor=chair)
    published = fresh(draft)
    assert (published.status, published.error) == (ReportStatus.PUBLISHED, "")


def test_the_reconciler_sends_a_lost_publication_again(system, office, chair, milestones, build):
    draft = fresh(build(services.report_request, system=system, month=NOVEMBER, actor=office))
    publishing.report_publish(report=draft, actor=chair)  # its message is lost: never sent
    now = timezone.now()
    MonthlyReport.objects.filter(pk=draft.pk).update(publish_requested_at=now - timedelta(hours=1))
    MonthlyReport.objects.filter(month=NOVEMBER).update(requested_at=now)

    summary = build(services.reports_reconcile, now=now, actor=system_actor())

    assert summary["republished"] == 1
    assert fresh(draft).status == ReportStatus.PUBLISHED
