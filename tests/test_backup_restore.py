"""A deployment backed up (pg_dump and the stored files) and restored into an empty database and
an empty storage, as a new deployment would be: every published report's PDF (and every paper)
still matches its SHA-256 afterwards, read by the restored deployment itself.

pg_dump and pg_restore must be installed: without them the test says so and is skipped, but
under CI=true it fails (.ci/run installs them)."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from tests.factories import SystemFactory
from tests.meeting_factories import PaperFactory
from tests.object_storage import make_bucket, s3_server, storage_env, storage_settings
from tests.record_factories import MonthlyReportFactory
from tests.worker import ROOT

pytestmark = pytest.mark.django_db(transaction=True)


def require_postgres_tools() -> None:
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (DATABASE_URL)")
    if missing:
        message = f"backup and restore need {', '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def report(system, status: str, month: date, version: int = 1):
    pdf = f"%PDF-1.7 {system.slug} {month:%Y-%m} v{version} {status}".encode()
    return MonthlyReportFactory(
        system=system,
        status=status,
        month=month,
        version=version,
        pdf=ContentFile(pdf, name="report.pdf"),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )


@pytest.fixture
def source(settings, tmp_path):
    """The deployment backed up: this test database, and its files in a folder."""
    require_postgres_tools()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def empty_database():
    """A new, empty database on the test database's server; dropped afterwards."""
    db = connection.settings_dict
    name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    server = psycopg2.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    finally:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def manage(
    *arguments: str, database_url: str, media: Path | None = None, storage: dict | None = None
) -> subprocess.CompletedProcess:
    """A command of the restored deployment: its own process, database and storage (a folder,
    or the object storage ``storage`` names)."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "STORAGE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media or ""),
        "STORAGE_BACKEND": "filesystem",
        "REDIS_URL": "",
        **(storage or {}),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_backup_restored_into_an_empty_deployment_keeps_every_published_report(
    tmp_path, source, empty_database
):
    north, south = SystemFactory(slug="north"), SystemFactory(slug="south")
    published = [
        report(north, "superseded", date(2019, 10, 1)),
        report(north, "published", date(2019, 10, 1), version=2),
        report(north, "published", date(2019, 11, 1)),
        report(south, "published", date(2019, 11, 1)),
    ]
    report(south, "draft", date(2019, 12, 1))
    PaperFactory()

    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    assert {entry["name"] for entry in manifest["files"]} >= {r.pdf.name for r in published}
    assert len(manifest["files"]) == 6  # five reports' PDFs and the paper
    # Personal data: the operator's account alone reads the backup.
    assert (backup.stat().st_mode & 0o777) == 0o700
    modes = {path.stat().st_mode & 0o777 for path in backup.rglob("*") if path.is_file()}
    assert modes == {0o600}

    restored_media = tmp_path / "restored-media"
    result = manage("restore", str(backup), database_url=empty_database, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert "Restored the database and 6 stored files" in result.stdout

    result = manage("verify_stored_files", database_url=empty_database, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert "4 published reports, 1 papers, 0 packs" in result.stdout

    # The check is real: a restored PDF changed by one byte is found and named.
    changed = restored_media / published[2].pdf.name
    changed.write_bytes(changed.read_bytes() + b" ")
    result = manage("verify_stored_files", database_url=empty_database, media=restored_media)
    assert result.returncode != 0
    assert published[2].pdf.name in result.stderr
    assert "1 stored files failed their SHA-256" in result.stderr


def test_a_restore_refuses_a_deployment_that_is_not_empty_or_a_changed_backup(
    tmp_path, source, empty_database
):
    kept = report(SystemFactory(), "published", date(2019, 11, 1))
    backup = tmp_path / "backup"
    call_command("backup", str(backup))

    # This very deployment: its database has tables.
    result = manage("restore", str(backup), database_url=_this_database(), media=tmp_path / "x")
    assert result.returncode != 0
    assert "The database is not empty" in result.stderr

    # An empty database, but a storage that holds a file.
    occupied = tmp_path / "occupied"
    (occupied / "reports").mkdir(parents=True)
    (occupied / "reports" / "stray.pdf").write_bytes(b"stray")
    result = manage("restore", str(backup), database_url=empty_database, media=occupied)
    assert result.returncode != 0
    assert "The storage is not empty" in result.stderr

    # A backup whose PDF changed after it was written is refused before anything is restored.
    stored = backup / "files" / kept.pdf.name
    stored.write_bytes(stored.read_bytes() + b" ")
    result = manage("restore", str(backup), database_url=empty_database, media=tmp_path / "new")
    assert result.returncode != 0
    assert f"{kept.pdf.name} is missing or does not match its SHA-256" in result.stderr
    assert not (tmp_path / "new").exists()


def _this_database() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_object_storage_backed_up_and_restored_into_an_empty_bucket(
    settings, tmp_path, empty_database
):
    """As Compose deploys it: the files in S3-compatible object storage (moto's server here)."""
    require_postgres_tools()
    with s3_server() as endpoint:
        source_bucket = make_bucket(endpoint, "tracker-source")
        source_storage = storage_settings(endpoint, "tracker-source")
        settings.STORAGES = {**settings.STORAGES, "default": source_storage}
        system = SystemFactory()
        published = report(system, "published", date(2019, 11, 1))
        PaperFactory()
        backup = tmp_path / "backup"
        call_command("backup", str(backup))

        restored_bucket = make_bucket(endpoint, "tracker-restored")
        restored = storage_env(endpoint, "tracker-restored")
        result = manage("restore", str(backup), database_url=empty_database, storage=restored)
        assert result.returncode == 0, result.stderr
        result = manage("verify_stored_files", database_url=empty_database, storage=restored)
        assert result.returncode == 0, result.stderr
        assert "1 published reports, 1 papers" in result.stdout

        def keys(client, bucket):
            return sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"])

        assert keys(restored_bucket, "tracker-restored") == keys(source_bucket, "tracker-source")
        assert published.pdf.name in keys(restored_bucket, "tracker-restored")
