from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from areas.backup.operations import restore_backup
from areas.backup.postgres import BackupError, Database


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an EMPTY database and its private files, "
        "checking every checksum first and the rows per table, triggers and extensions after."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--database-url", help="the database to restore into (default: the portal's own)"
        )
        parser.add_argument("--private-root", type=Path, help="default: PRIVATE_MEDIA_ROOT")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that is not empty (every schema in it is dropped) and "
            "files of the same name in the private directory",
        )

    def handle(self, *args, **options):
        url = options["database_url"]
        try:
            database = (
                Database.from_url(url)
                if url
                else Database.from_settings(connections["default"].settings_dict)
            )
            restored = restore_backup(
                options["archive"],
                database,
                options["private_root"] or Path(settings.PRIVATE_MEDIA_ROOT),
                scratch=Path(settings.VAR_DIR),
                force=options["force"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = restored.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {database}: {len(manifest['tables'])} tables ({restored.rows} rows), "
                f"{len(manifest['triggers'])} triggers, {len(manifest['private'])} private "
                f"files, from the backup of {manifest['created_at']} "
                f"(portal {manifest['versions']['portal']})."
            )
        )
        if restored.kept_files:
            self.stdout.write(
                f"{len(restored.kept_files)} files that were in the private directory and are "
                "not in the backup were left in place."
            )
        self.stdout.write("If this code is newer than the backup, run `manage.py migrate` next.")
