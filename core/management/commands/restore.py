"""Restore a backup (core.backup) into this deployment's empty database and storage."""

from pathlib import Path

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the backup in FOLDER into this deployment: its database and default storage "
        "must be empty. Every byte is checked against the manifest before anything is written; "
        "afterwards run verify_stored_files."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup_restore(source=folder, storage=storages["default"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the database and {len(manifest['files'])} stored files "
            f"from the backup of {manifest['created_at']}."
        )
