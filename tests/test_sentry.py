"""Sentry is started only where SENTRY_DSN is set, sends nothing personal, and no DSN is in
the repository."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = (
    "import json, django; django.setup(); import sentry_sdk; from django.conf import settings; "
    "client = sentry_sdk.get_client(); options = client.options if client.is_active() else {}; "
    "print(json.dumps({'enabled': settings.SENTRY_ENABLED, 'active': client.is_active(), "
    "'pii': options.get('send_default_pii'), 'body': options.get('max_request_body_size'), "
    "'integrations': sorted(getattr(client, 'integrations', {}))}))"
)
# A DSN of the right shape that reaches nothing (port 9, discard): nothing is sent by starting.
DSN = "https://0123456789abcdef0123456789abcdef@127.0.0.1:9/1"


def _settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.base", **env)
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_not_started_without_a_dsn():
    result = _settings()
    assert result.returncode == 0, result.stderr
    assert '"enabled": false, "active": false' in result.stdout


def test_started_with_a_dsn_sending_nothing_personal():
    result = _settings(SENTRY_DSN=DSN, SENTRY_TRACES_SAMPLE_RATE="0.1")
    assert result.returncode == 0, result.stderr
    assert '"enabled": true, "active": true, "pii": false, "body": "never"' in result.stdout
    assert '"celery"' in result.stdout and '"django"' in result.stdout


def test_a_bad_sample_rate_stops_start_up_with_its_name():
    result = _settings(SENTRY_DSN=DSN, SENTRY_TRACES_SAMPLE_RATE="all")
    assert result.returncode != 0
    assert "SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1, not 'all'" in result.stderr


def test_no_dsn_is_in_the_repository():
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    dsn = re.compile(r"https://[0-9a-f]{32}@(?!127\.0\.0\.1)[\w.-]+/\d+")
    found = [
        name
        for name in files
        if (ROOT / name).is_file() and dsn.search((ROOT / name).read_text(errors="ignore"))
    ]
    assert found == []
