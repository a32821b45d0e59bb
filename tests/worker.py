"""A real Celery worker for tests, on the real Redis and the test PostgreSQL database.

It needs both services (CI has them). Without them the tests that use it are skipped on a
developer's machine, but fail under CI, so a missing service can never pass for a green run.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def require_services() -> None:
    missing = []
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (DATABASE_URL)")
    if not settings.REDIS_URL:
        missing.append("Redis (REDIS_URL)")
    if missing:
        message = f"needs a real worker's services: {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def share_storage(settings, media: Path) -> dict[str, str]:
    """The worker (config.settings.base) writes the report PDFs under its MEDIA_ROOT, and this
    process reads them: both on the same folder. The worker's environment for it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return {"MEDIA_ROOT": str(media)}


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def service_env(overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The test database and Redis, for a Celery process (``overrides``: its own settings)."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "LOG_LEVEL": "WARNING",
        **(overrides or {}),
    }


class Worker:
    """``celery worker`` with one prefork child, so the child that runs a task can be found."""

    def __init__(self, log: Path, env: dict[str, str] | None = None):
        self.log = log
        self.env = env
        self.process: subprocess.Popen | None = None
        self.restarts = 0  # each start appends to the same log

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "worker",
                "--pool=prefork", "--concurrency=1", "--loglevel=INFO",
                "--without-gossip", "--without-mingle", "--hostname=tests@%h",
            ],
            cwd=ROOT,
            env=service_env(self.env),
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(lambda: self.children(), timeout=60, what="the worker's pool child")
        wait_for(
            lambda: self.log.read_bytes().count(b" ready.") > self.restarts,
            timeout=60,
            what="the worker to be ready",
        )
        self.restarts += 1

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except FileNotFoundError:
            return []

    def kill_child(self) -> int:
        (child,) = self.children()
        os.kill(child, signal.SIGKILL)
        return child

    def kill(self) -> None:
        """The whole worker dies at once, main process and pool child: nothing is acknowledged
        or put back, and its message waits in Redis as unacknowledged."""
        for pid in [self.process.pid, *self.children()]:
            os.kill(pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def mark(self) -> None:
        """From here on, ``since_mark`` reads what the worker logs (one test's share)."""
        self._mark = self.log.stat().st_size

    def since_mark(self) -> bytes:
        return self.log.read_bytes()[getattr(self, "_mark", 0) :]


class Beat:
    """``celery beat`` on its own, as deployed: it sends the schedule (the reconciler)."""

    def __init__(self, log: Path, schedule: Path, env: dict[str, str] | None = None):
        self.log = log
        self.schedule = schedule
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "config", "beat",
                f"--schedule={self.schedule}", "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=service_env(self.env),
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(lambda: b"Starting" in self.log.read_bytes(), timeout=60, what="beat to start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
