"""Health for load balancers and orchestrators, both JSON, 200 or 503.

``/healthz`` (liveness): the process answers requests. It touches nothing else, so a database
or Redis outage never makes an orchestrator restart every web process at once.

``/readyz`` (readiness): may this process be sent traffic: the database, Redis, the file
storage, and at least one Celery worker's heartbeat (``core.heartbeat``). Each check says
``ok`` or what failed (the kind of error only: no address or message that names the deployment).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from core import heartbeat

PROBE_NAME = ".readiness-probe"


class NotReady(Exception):
    pass


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    heartbeat.client().ping()
    return "ok"


def _storage() -> str:
    # One cheap call that reaches the storage: a HEAD of a name never stored (object storage
    # answers "not found", or refuses the credentials, or is not there at all).
    storage = storages["default"]
    storage.exists(PROBE_NAME)
    if isinstance(storage, FileSystemStorage):
        folder = storage.location
        while not os.path.exists(folder):  # made on the first write, under what exists
            folder = os.path.dirname(folder)
        if not (os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK)):
            raise NotReady("the storage's folder cannot be written")
    return "ok"


def _workers() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (tasks run in the web process)"
    workers = heartbeat.live_workers(heartbeat.client())
    if not workers:
        raise NotReady("no worker's heartbeat")
    return f"ok ({len(workers)} alive)"


CHECKS = (("database", _database), ("redis", _redis), ("storage", _storage), ("workers", _workers))


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks, ready = {}, True
    for name, check in CHECKS:
        try:
            checks[name] = check()
        except NotReady as error:
            checks[name], ready = f"failed: {error}", False
        except Exception as error:
            checks[name], ready = f"error: {type(error).__name__}", False
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
