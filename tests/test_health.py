"""Liveness and readiness: ``/healthz`` touches nothing; ``/readyz`` checks the database, Redis,
the storage and a real Celery worker's heartbeat, and says which failed."""

import pytest

from core import heartbeat
from tests.worker import Worker, require_services, wait_for

pytestmark = pytest.mark.django_db


def test_liveness_asks_nothing_of_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_when_every_service_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["storage"] == "ok"
    assert checks["workers"].startswith("eager")


def test_not_ready_without_redis(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "error: ConnectionError"
    assert "127.0.0.1" not in response.content.decode()


def test_not_ready_when_the_storage_folder_cannot_be_made(client, settings, tmp_path):
    folder = tmp_path / "media"
    folder.write_text("a file where the folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder / "not-yet-made")},
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "failed: the storage's folder cannot be written"


@pytest.mark.django_db(transaction=True)
def test_ready_only_while_a_worker_beats(client, settings, tmp_path):
    require_services()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    connection = heartbeat.client()
    for key in connection.scan_iter(match=f"{heartbeat.PREFIX}*"):
        connection.delete(key)

    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["workers"] == "failed: no worker's heartbeat"

    worker = Worker(tmp_path / "worker.log", env={"WORKER_HEARTBEAT_SECONDS": "1"})
    try:
        worker.start()
        wait_for(lambda: heartbeat.live_workers(connection), timeout=10, what="a heartbeat")
        response = client.get("/readyz")
        assert response.status_code == 200, (response.json(), worker.output())
        assert response.json()["checks"]["workers"] == "ok (1 alive)"
        # Renewed, not written once: it outlives its own lifetime of three rounds.
        first = connection.get(f"{heartbeat.PREFIX}{heartbeat.live_workers(connection)[0]}")
        wait_for(
            lambda: (
                connection.get(f"{heartbeat.PREFIX}{heartbeat.live_workers(connection)[0]}")
                != first
            ),
            timeout=5,
            what="the heartbeat renewed",
        )
    finally:
        worker.stop()
    # A worker that stops says so at once; one that dies lapses after three rounds.
    assert heartbeat.live_workers(connection) == []
    assert client.get("/readyz").status_code == 503
