"""Settings are parsed strictly, and production refuses to start half-configured."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from config.env import ImproperlyConfiguredEnv, env_bool, env_int


@pytest.mark.parametrize("value", ["yes", "1", "true", "FALSE"])
def test_env_bool_refuses_anything_but_true_or_false(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfiguredEnv):
        env_bool("SOME_FLAG", False)


def test_env_bool_reads_true_and_false(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "True")
    assert env_bool("SOME_FLAG", False) is True
    monkeypatch.setenv("SOME_FLAG", "False")
    assert env_bool("SOME_FLAG", True) is False
    monkeypatch.delenv("SOME_FLAG")
    assert env_bool("SOME_FLAG", True) is True


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfiguredEnv):
        env_int("SOME_NUMBER", 1)


def _production_check(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _production_check(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/tracker", REDIS_URL="redis://x:6379/0"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_sqlite():
    result = _production_check(SECRET_KEY="x" * 60, REDIS_URL="redis://x:6379/0")
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_a_web_worker_keeps_connections_and_collects_garbage_less_often():
    """config.wsgi (what gunicorn loads) tunes the collector once the project is loaded; the
    production settings keep database connections between requests."""
    script = (
        "import gc, config.wsgi; from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(gc.get_threshold()[0], gc.get_freeze_count() > 1000, db['CONN_MAX_AGE'], "
        "db['CONN_HEALTH_CHECKS'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "tracker.example.nhs.uk",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tracker",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["20000", "True", "60", "True"], result.stderr
    env["GC_THRESHOLD"] = "5000"
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.stdout.split()[0] == "5000", result.stderr


def test_a_web_server_started_without_a_settings_module_serves_production_settings():
    """config.wsgi reads production's settings when none is named, although importing the
    package first runs config.celery, which defaults a worker to the base settings; a module
    that is named is kept."""
    script = (
        "import config.wsgi; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="tracker.example.nhs.uk",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/tracker",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["config.settings.production", "False"], result.stderr
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.stdout.split()[0] == "config.settings.test", result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REPORT_SOFT_TIME_LIMIT": "120"}, "REPORT_SOFT_TIME_LIMIT must be between"),
        ({"TASK_DB_STATEMENT_TIMEOUT": "30"}, "TASK_DB_STATEMENT_TIMEOUT must both be positive"),
        ({"CELERY_VISIBILITY_TIMEOUT": "100"}, "must be longer than REPORT_TIME_LIMIT"),
    ],
)
def test_task_limits_that_would_let_a_build_hang_stop_start_up(env, message):
    """A database wait must end (with an error the build records) before the hard limit kills
    the build, and Redis must not hand a running build's message to another worker."""
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.base"],
        env={**os.environ, "REPORT_TIME_LIMIT": "120", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_the_image_collects_static_files_under_the_production_settings():
    """Collected under any other settings, the manifest the production pages look up is missing
    and every page is a 500 (scripts/smoke_production.sh proves the running side in CI). The
    placeholders that step needs are given to it alone: the image keeps no secret."""
    dockerfile = (Path(__file__).resolve().parent.parent / "Dockerfile").read_text()
    steps = re.split(r"\n(?=[A-Z]+ )", dockerfile.replace("\\\n", " "))
    (collect,) = [step for step in steps if "collectstatic" in step]
    assert collect.startswith("RUN ")
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in collect
    assert not [step for step in steps if step.startswith(("ENV ", "ARG ")) and "SECRET" in step]


def _production_settings(**env) -> subprocess.CompletedProcess:
    """The production settings' sessions, cache and default storage, as JSON."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'sessions': s.SESSION_ENGINE, "
        "'cache': s.CACHES['default']['BACKEND'], 'cache_at': s.CACHES['default']['LOCATION'], "
        "'storage': s.STORAGES['default']['BACKEND'], "
        "'options': {k: str(v) for k, v in s.STORAGES['default'].get('OPTIONS', {}).items()}}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "STORAGE_"))}
    clean.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="tracker.example.nhs.uk",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/tracker",
        REDIS_URL="redis://127.0.0.1:6379/0",
        **env,
    )
    return subprocess.run([sys.executable, "-c", script], env=clean, capture_output=True, text=True)


def test_production_keeps_sessions_and_cache_off_the_local_disk():
    """Any web process on any machine reads the same sessions (the database) and cache (Redis,
    which production requires); the file-based backends are never used."""
    result = _production_settings()
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["sessions"] in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    )
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["cache_at"] == "redis://127.0.0.1:6379/0"
    # The file system under MEDIA_ROOT by default (a volume shared by the deployment).
    assert found["storage"] == "django.core.files.storage.FileSystemStorage"


def test_production_stores_files_in_s3_compatible_storage_from_the_environment(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    result = _production_settings(
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="tracker-reports",
        AWS_S3_ENDPOINT_URL="https://objects.example.nhs.uk",
        AWS_ACCESS_KEY_ID="tracker",
        AWS_SECRET_ACCESS_KEY_FILE=str(secret),
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["storage"] == "storages.backends.s3.S3Storage"
    options = found["options"]
    assert options["bucket_name"] == "tracker-reports"
    assert options["endpoint_url"] == "https://objects.example.nhs.uk"
    assert (options["access_key"], options["secret_key"]) == ("tracker", "from-a-file")
    # Private objects, reached only through signed requests: never a public URL.
    assert (options["default_acl"], options["querystring_auth"]) == ("private", "True")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STORAGE_BACKEND": "s3"}, "STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"STORAGE_BACKEND": "disk"}, "STORAGE_BACKEND must be filesystem or s3"),
    ],
)
def test_a_storage_half_configured_stops_start_up(env, message):
    result = _production_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_no_url_serves_stored_files():
    """Report PDFs are served by the views that check access, never from a media URL."""
    for path in ("/media/reports/1/2019-11-v1/final.pdf", "/reports/1/2019-11-v1/final.pdf"):
        with pytest.raises(Resolver404):
            resolve(path)
