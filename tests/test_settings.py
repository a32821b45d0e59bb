"""Settings are parsed strictly, and production refuses to start half-configured."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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
