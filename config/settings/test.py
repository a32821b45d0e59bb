"""Test settings: real PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (CI),
SQLite otherwise."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in the test process unless a test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
DEMO_PASSWORD = "test-demo-password"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

# Static files come straight from the finders; nothing is collected for tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
