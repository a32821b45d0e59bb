"""Prometheus's scrape at /metrics: only with the METRICS_TOKEN bearer token (404 to anyone
else, signed in or not), and what it reads: requests and queries (django-prometheus), Celery
tasks by state and the queue's depth (from the real Redis), and the monthly reports by status."""

import re

import pytest
from django.db import connection

from config.celery import app
from core import metrics
from core.redis_clients import connect
from tests.factories import SystemFactory, UserFactory
from tests.record_factories import MonthlyReportFactory
from tests.worker import Worker, require_services, wait_for

pytestmark = pytest.mark.django_db
TOKEN = "scrape-token-0123456789abcdef0123456789"
TASK = "core.tasks.prune_import_batches"


def value(text: str, sample: str) -> float:
    """A sample's value in the exposition text, e.g. ``tracker_reports{status="failed"}``."""
    match = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.MULTILINE)
    assert match, f"{sample} is not in the metrics"
    return float(match[1])


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def get():
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain; version=")
        return response.content.decode()

    return get


def test_not_served_without_a_token_configured(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(
    "authorization", ["", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", TOKEN]
)
def test_not_served_without_the_token(client, settings, authorization):
    settings.METRICS_TOKEN = TOKEN
    response = client.get("/metrics", HTTP_AUTHORIZATION=authorization)
    assert response.status_code == 404
    assert b"django_http" not in response.content


def test_not_served_to_a_signed_in_platform_operator(client, settings):
    settings.METRICS_TOKEN = TOKEN
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/metrics").status_code == 404


def test_requests_and_queries_are_counted(client, scrape):
    client.get("/healthz")
    client.get("/login/")
    text = scrape()
    assert value(text, 'django_http_responses_total_by_status_total{status="200"}') >= 2
    queries = f'django_db_execute_total{{alias="default",vendor="{connection.vendor}"}}'
    assert value(text, queries) >= 1


def test_monthly_reports_by_status_with_their_failures(scrape):
    system = SystemFactory()
    MonthlyReportFactory(system=system, status="failed")
    MonthlyReportFactory(system=system, status="draft", version=2)
    text = scrape()
    assert value(text, 'tracker_monthly_reports{status="failed"}') == 1
    assert value(text, 'tracker_monthly_reports{status="draft"}') == 1
    assert value(text, 'tracker_monthly_reports{status="published"}') == 0


def test_tasks_by_state_and_the_queue_depth_from_redis(scrape, settings):
    require_services()
    connect(settings.REDIS_URL).delete(metrics.TASKS_KEY)
    app.tasks[TASK].delay()  # eager here: run in this process
    assert value(scrape(), f'tracker_celery_tasks_total{{state="SUCCESS",task="{TASK}"}}') == 1

    app.conf.task_always_eager = False
    try:
        app.control.purge()
        for _ in range(3):
            app.send_task(TASK)
        assert value(scrape(), 'tracker_celery_queue_length{queue="celery"}') == 3
    finally:
        app.control.purge()
        app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_a_real_workers_tasks_are_counted_as_they_end(scrape, settings, tmp_path):
    require_services()
    connect(settings.REDIS_URL).delete(metrics.TASKS_KEY)
    app.conf.task_always_eager = False
    app.control.purge()
    worker = Worker(tmp_path / "worker.log")
    try:
        worker.start()
        app.send_task(TASK)
        app.send_task(TASK, args=["not an argument it takes"])  # fails in the worker

        def ended():
            text = scrape()
            succeeded = f'tracker_celery_tasks_total{{state="SUCCESS",task="{TASK}"}} 1.0'
            failed = f'tracker_celery_tasks_total{{state="FAILURE",task="{TASK}"}} 1.0'
            return succeeded in text and failed in text

        wait_for(ended, timeout=30, what=f"both tasks counted ({worker.output()})")
        assert value(scrape(), 'tracker_celery_queue_length{queue="celery"}') == 0
    finally:
        worker.stop()
        app.conf.task_always_eager = True


def test_a_source_that_is_down_leaves_the_rest_of_the_scrape(client, settings, scrape):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    text = scrape()
    assert value(text, 'tracker_metrics_source_up{source="CeleryCollector"}') == 0
    assert value(text, 'tracker_metrics_source_up{source="ReportCollector"}') == 1
    assert value(text, 'tracker_monthly_reports{status="failed"}') == 0
    assert text.count("# HELP tracker_metrics_source_up ") == 1
