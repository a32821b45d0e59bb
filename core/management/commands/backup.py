"""Back up this deployment: its database and every stored file (core.backup)."""

from pathlib import Path

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write a backup of the database (pg_dump) and of every file in the default storage "
        "into FOLDER (new or empty), with a manifest of their SHA-256s."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup_write(destination=folder, storage=storages["default"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"Backed up the database and {len(manifest['files'])} stored files "
            f"({size:,} bytes) into {folder}."
        )
