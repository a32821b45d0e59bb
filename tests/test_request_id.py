"""Every request's id: taken from a safe X-Request-ID or made, sent back, on each log line the
request causes (one JSON object a line in production), and carried by the Celery tasks it
queues into a real worker's log lines."""

import io
import json
import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from config.celery import app
from core.logs import ContextFilter, json_formatter
from core.request_id import RequestIdMiddleware
from tests.worker import Worker, require_services, wait_for

pytestmark = pytest.mark.django_db
TASK = "core.tasks.prune_import_batches"


@pytest.fixture
def json_lines():
    """What the request loggers write, as production's handler would (filter and format)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("tracker.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_request_without_an_id_is_given_one(client, json_lines):
    response = client.get("/healthz?q=private")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32 and int(request_id, 16) >= 0
    (line,) = json_lines()
    assert line["request_id"] == request_id
    assert line["logger"] == "tracker.requests" and line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["duration_ms"] >= 0
    assert "private" not in json.dumps(line)  # the query (what was searched) is not logged


def test_a_safe_incoming_id_is_kept(client, json_lines):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c.2026:12")
    assert response["X-Request-ID"] == "lb-7f3a9c.2026:12"
    assert json_lines()[0]["request_id"] == "lb-7f3a9c.2026:12"


@pytest.mark.parametrize(
    "unsafe", ["two words", "forged\nline", "x" * 129, "<script>", "é-accented", ""]
)
def test_an_unsafe_incoming_id_is_replaced(client, unsafe):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=unsafe)
    assert response["X-Request-ID"] != unsafe
    assert len(response["X-Request-ID"]) == 32


def test_every_page_answers_with_its_id(client):
    assert client.get("/login/")["X-Request-ID"]
    assert client.get("/no-such-page/")["X-Request-ID"]


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_a_request_logs_under_its_id_in_the_worker(tmp_path):
    require_services()
    app.conf.task_always_eager = False
    app.control.purge()
    worker = Worker(tmp_path / "worker.log", env={"LOG_FORMAT": "json", "LOG_LEVEL": "INFO"})
    try:
        worker.start()
        worker.mark()

        def view(request):
            app.send_task(TASK)
            return HttpResponse("queued")

        request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-0123456789abcdef")
        assert RequestIdMiddleware(view)(request)["X-Request-ID"] == "req-0123456789abcdef"

        def task_lines():
            lines = [json.loads(line) for line in worker.since_mark().splitlines() if line]
            return [
                line for line in lines if line.get("task_name") == "core.tasks.prune_import_batches"
            ]

        lines = wait_for(
            lambda: [line for line in task_lines() if "succeeded" in line["message"]],
            timeout=30,
            what="the task's line in the worker's log",
        )
    finally:
        worker.stop()
        app.conf.task_always_eager = True
    (succeeded,) = lines
    assert succeeded["request_id"] == "req-0123456789abcdef"
    assert succeeded["task_id"] and succeeded["level"] == "INFO" and succeeded["time"]
    # Every line of the worker is one JSON object (json.loads above read them all).
