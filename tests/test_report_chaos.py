"""Faults injected into a real worker, beat and Redis: the pool child killed, the whole worker
killed, the broker flushed, a table lock held past the time limit. Every time the end is exactly
one report per system, month and version, built or failed with its reason, within five minutes.

The worker and beat run with short limits of their own (the environment below), while this
process, which queues the builds, keeps the defaults: messages carry no limits (tested in
reports/tests/test_build_failures.py). Each fault takes well under a minute or two.
"""

import hashlib
import time
from collections import Counter
from datetime import date
from pathlib import Path

import psycopg2
import pytest
import redis
from django.conf import settings
from django.db import connection

from core.roles import Role
from core.scoping import unscoped
from partners.models import Access
from reports import services
from reports.models import MonthlyReport, ReportStatus
from reports.storage import pdf_bytes
from tests import factories
from tests.worker import Beat, Worker, require_services, share_storage, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

HARD_LIMIT = 30
LIMITS = {
    "REPORT_TIME_LIMIT": str(HARD_LIMIT),
    "REPORT_SOFT_TIME_LIMIT": "20",
    "TASK_DB_LOCK_TIMEOUT": "4",
    "TASK_DB_STATEMENT_TIMEOUT": "8",
    "CELERY_VISIBILITY_TIMEOUT": str(HARD_LIMIT + 10),
    "REPORT_RECONCILE_INTERVAL": "2",
    "REPORT_QUEUE_GRACE": "10",
}
# The promise: whatever happened, the report is settled within five minutes.
SETTLED_WITHIN = 300
NOVEMBER, DECEMBER = date(2019, 11, 1), date(2019, 12, 1)


@pytest.fixture(scope="module")
def running(django_db_setup, tmp_path_factory):
    """One worker and one beat for the module (a test that kills the worker starts it again)."""
    require_services()
    from config.celery import app

    logs = tmp_path_factory.mktemp("celery")
    app.conf.task_always_eager = False
    app.control.purge()
    media = {"MEDIA_ROOT": str(logs / "media")}  # this process reads there too (services_up)
    worker = Worker(logs / "worker.log", env={**LIMITS, **media})
    beat = Beat(logs / "beat.log", logs / "beat-schedule", env=LIMITS)
    try:
        worker.start()
        beat.start()
        yield worker
    finally:
        beat.stop()
        worker.stop()
        app.control.purge()
        app.conf.task_always_eager = True


@pytest.fixture
def services_up(running, transactional_db, settings):
    from config.celery import app

    share_storage(settings, Path(running.env["MEDIA_ROOT"]))
    app.control.purge()
    running.mark()
    return running


@pytest.fixture
def office():
    """A system the month-end reconciler leaves alone (inactive), so the test's reports are the
    only ones, and its programme office."""
    system = factories.SystemFactory(slug="north", short_name="North", active=False)
    workstream = factories.WorkstreamFactory(plan=factories.PlanFactory(system=system))
    factories.MilestoneFactory(workstream=workstream, title="Key milestone", is_key=True)
    user = factories.UserFactory(username="programme.office")
    Access.objects.create(user=user, system=system, role=Role.PROGRAMME_OFFICE)
    return user


def request(office, month: date) -> MonthlyReport:
    with unscoped():
        system = office.accesses.get().system
        return services.report_request(system=system, month=month, actor=office)


def fetch(report: MonthlyReport) -> MonthlyReport:
    with unscoped():
        return MonthlyReport.objects.get(pk=report.pk)


def status_of(report: MonthlyReport, *statuses: str):
    return lambda: fetch(report).status in statuses


def settled(report: MonthlyReport, worker: Worker) -> MonthlyReport:
    """Built, or failed with the reason on the page: never left generating without a word."""
    wait_for(
        status_of(report, ReportStatus.DRAFT, ReportStatus.FAILED),
        timeout=SETTLED_WITHIN,
        what=f"the report to settle (worker log: {worker.output()})",
    )
    done = fetch(report)
    if done.status == ReportStatus.DRAFT:
        assert hashlib.sha256(pdf_bytes(done)).hexdigest() == done.sha256
    else:
        assert done.error, "a failed build says why"
    return done


def assert_one_report_per_version():
    with unscoped():
        keys = MonthlyReport.objects.values_list("system", "month", "version")
        assert keys and Counter(keys).most_common(1)[0][1] == 1


def database():
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )


def test_a_killed_pool_child_is_replaced_and_the_build_finishes(services_up, office):
    worker = services_up
    blocker = database()
    try:
        # Hold the build inside its snapshot (a wait shorter than the lock timeout), then kill it.
        blocker.cursor().execute("LOCK TABLE milestones_milestone IN ACCESS EXCLUSIVE MODE")
        report = request(office, NOVEMBER)
        wait_for(status_of(report, ReportStatus.GENERATING), timeout=60, what="the build")
        worker.kill_child()
    finally:
        blocker.rollback()
        blocker.close()
    done = settled(report, worker)
    assert done.status == ReportStatus.DRAFT, done.error
    assert done.attempts == 2  # the same message, delivered again
    assert_one_report_per_version()


def test_a_worker_killed_whole_is_recovered_by_the_next_worker(services_up, office):
    worker = services_up
    blocker = database()
    try:
        blocker.cursor().execute("LOCK TABLE milestones_milestone IN ACCESS EXCLUSIVE MODE")
        report = request(office, NOVEMBER)
        wait_for(status_of(report, ReportStatus.GENERATING), timeout=60, what="the build")
        worker.kill()
    finally:
        blocker.rollback()
        blocker.close()
    assert fetch(report).status == ReportStatus.GENERATING  # nobody left to say otherwise
    worker.start()
    done = settled(report, worker)
    assert done.status == ReportStatus.DRAFT, done.error
    assert_one_report_per_version()


def test_a_flushed_broker_loses_no_build(services_up, office):
    worker = services_up
    first, second = request(office, NOVEMBER), request(office, DECEMBER)
    # One pool child: the first builds while the second's message waits in Redis, and is wiped.
    wait_for(status_of(first, ReportStatus.GENERATING), timeout=60, what="the first build")
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    for report in (first, second):
        done = settled(report, worker)
        assert done.status == ReportStatus.DRAFT, done.error
    assert_one_report_per_version()


def test_a_table_lock_held_past_the_limit_fails_fast_and_the_report_settles(services_up, office):
    """The build's final save waits on a lock: it gives up after the lock timeout with an error,
    long before the hard limit, and the report ends built or failed with that reason."""
    worker = services_up
    report = request(office, NOVEMBER)
    wait_for(status_of(report, ReportStatus.GENERATING), timeout=60, what="the build")
    started = time.monotonic()
    blocker = database()
    try:
        # Reads go on (the page can still show the report); the build's writes wait.
        blocker.cursor().execute("LOCK TABLE reports_monthlyreport IN EXCLUSIVE MODE")
        wait_for(
            lambda: b"lock timeout" in worker.since_mark(),
            timeout=HARD_LIMIT - 5,
            what=f"the build to give up on the lock (worker log: {worker.output()})",
        )
        assert fetch(report).status == ReportStatus.GENERATING  # nothing could be written yet
        time.sleep(max(0, HARD_LIMIT + 3 - (time.monotonic() - started)))  # past the limit
    finally:
        blocker.rollback()
        blocker.close()
    done = settled(report, worker)
    if done.status == ReportStatus.FAILED:
        assert done.error.startswith("The build waited too long for the database"), done.error
    assert b"Hard time limit" not in worker.since_mark()
    assert_one_report_per_version()
