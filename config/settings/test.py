"""Test settings: real PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (CI),
SQLite otherwise."""

import os
import re

from config.settings.base import *  # noqa: F403
from config.settings.base import CACHES, DATABASES, REDIS_URL

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in the test process unless a test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
DEMO_PASSWORD = "test-demo-password"

if DATABASES["default"]["ENGINE"].endswith(".sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

# Static files come straight from the finders; nothing is collected for tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests run in parallel processes (pytest-xdist; each has its own test database, named by
# pytest-django): each process gets its own Redis database too, so that one clearing its cache
# or running a worker never touches the other's.
_process = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _process.startswith("gw"):
    _base = re.match(r"^(redis://[^/]+)(?:/(\d+))?$", REDIS_URL)
    if _base is None:
        raise ValueError("REDIS_URL must be redis://host:port[/db] for parallel tests")
    REDIS_URL = f"{_base[1]}/{int(_base[2] or 0) + 1 + int(_process[2:])}"
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {**CACHES, "default": {**CACHES["default"], "LOCATION": REDIS_URL}}
