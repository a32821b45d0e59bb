"""A deployment's backup, and its restore into an empty one: the PostgreSQL database (pg_dump's
custom format) and every file in the default storage (the reports' PDFs, meeting papers and
packs), with a manifest of SHA-256s that the restore checks before it writes anything.

A backup is a folder::

    manifest.json     format, when, the dump's hash, each file's name, size and hash
    database.dump     pg_dump --format=custom
    files/<name>      each stored file under its storage name

The restore refuses a database that has any table, or a storage that holds any file: it makes
a deployment again, never merges into one. Connection details go to pg_dump and pg_restore in
their environment (PGPASSWORD ...), never on a command line another user could read.
"""

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Why a backup or restore cannot go ahead (shown to the operator as it is)."""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs "
            f"(Debian: postgresql-client) of the server's major version or later."
        )
    return path


def _libpq_env(using: str) -> dict[str, str]:
    db = connections[using].settings_dict
    if db["ENGINE"].rsplit(".", 1)[-1] != "postgresql":
        raise BackupError("Backups are of PostgreSQL databases; DATABASE_URL names another.")
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in the storage, folders walked (a folder never made yet holds nothing)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _copy(source, target) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _private(path: Path):
    """A new file only its owner may read (0600 whatever the umask)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def backup_write(*, destination: Path, storage: Storage, using: str = "default") -> dict:
    """Dump the database and copy every stored file into ``destination`` (new or empty)."""
    pg_dump = _tool("pg_dump")
    env = _libpq_env(using)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: a backup goes into a new folder.")
    # It holds people's personal data: readable by the operator's account alone.
    destination.mkdir(parents=True, exist_ok=True)
    destination.chmod(0o700)
    (destination / FILES).mkdir(mode=0o700, exist_ok=True)
    dump = destination / DUMP
    _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"], env)
    dump.chmod(0o600)
    files = []
    for name in stored_names(storage):
        target = destination / FILES / name
        if not target.resolve().is_relative_to((destination / FILES).resolve()):
            raise BackupError(f"The stored name {name!r} leads outside the backup's folder.")
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, _private(target) as copy:
            sha256 = _copy(source, copy)
        files.append({"name": name, "size": target.stat().st_size, "sha256": sha256})
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"file": DUMP, "sha256": _hash_file(dump)},
        "files": files,
    }
    with _private(destination / MANIFEST) as handle:
        handle.write((json.dumps(manifest, indent=2) + "\n").encode())
    return manifest


def backup_check(source: Path) -> dict:
    """The backup's manifest, once every byte it lists is as it says."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format is {manifest.get('format')!r}, not {FORMAT}.")
    if _hash_file(source / DUMP) != manifest["database"]["sha256"]:
        raise BackupError(f"{DUMP} does not match the SHA-256 in the manifest.")
    root = (source / FILES).resolve()
    for entry in manifest["files"]:
        path = (source / FILES / entry["name"]).resolve()
        if not path.is_relative_to(root):
            raise BackupError(f"The name {entry['name']!r} leads outside the backup's folder.")
        if not path.is_file() or _hash_file(path) != entry["sha256"]:
            raise BackupError(f"{entry['name']} is missing or does not match its SHA-256.")
    return manifest


def _database_is_empty(using: str) -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        return cursor.fetchone()[0] == 0


def backup_restore(*, source: Path, storage: Storage, using: str = "default") -> dict:
    """Restore a checked backup into an empty database and an empty storage."""
    pg_restore = _tool("pg_restore")
    env = _libpq_env(using)
    manifest = backup_check(source)
    if not _database_is_empty(using):
        raise BackupError("The database is not empty: restore into a new, empty database.")
    if next(stored_names(storage), None) is not None:
        raise BackupError("The storage is not empty: restore into a new, empty storage.")
    connections[using].close()
    _run(
        [
            pg_restore, "--no-owner", "--no-privileges", "--exit-on-error",
            "--single-transaction", f"--dbname={env['PGDATABASE']}", str(source / DUMP),
        ],
        env,
    )  # fmt: skip
    for entry in manifest["files"]:
        with (source / FILES / entry["name"]).open("rb") as handle:
            saved = storage.save(entry["name"], File(handle))
        if saved != entry["name"]:
            raise BackupError(f"The storage saved {entry['name']} as {saved}.")
    return manifest
