"""``/healthz``: is the database reachable, is Redis, and is a Celery worker answering."""

from celery import current_app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
    return "ok"


def _celery() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (tasks run in the web process)"
    # The project's Celery app is the current one (config/__init__.py loads it at start-up).
    replies = current_app.control.ping(timeout=1.0)
    return "ok" if replies else "no worker answered"


@never_cache
def healthz(request):
    checks = {}
    for name, check in (("database", _database), ("redis", _redis), ("celery", _celery)):
        try:
            checks[name] = check()
        except Exception as error:
            checks[name] = f"error: {type(error).__name__}"
    healthy = all(not value.startswith(("error", "no worker")) for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": checks},
        status=200 if healthy else 503,
    )
