from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from areas.backup.operations import create_backup
from areas.backup.postgres import BackupError, Database


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump of the server's own major version) and the private files "
        "(report PDFs, signed scans) into one dated archive, by default under var/backups."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url", help="the database to back up (default: the portal's own)"
        )
        parser.add_argument("--output-dir", type=Path, help="default: <VAR_DIR>/backups")
        parser.add_argument("--private-root", type=Path, help="default: PRIVATE_MEDIA_ROOT")

    def handle(self, *args, **options):
        url = options["database_url"]
        try:
            database = (
                Database.from_url(url)
                if url
                else Database.from_settings(connections["default"].settings_dict)
            )
            path, manifest = create_backup(
                database,
                options["private_root"] or Path(settings.PRIVATE_MEDIA_ROOT),
                options["output_dir"] or Path(settings.VAR_DIR) / "backups",
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: {len(manifest['tables'])} tables ({rows} rows), "
                f"{len(manifest['private'])} private files, "
                f"{path.stat().st_size / 1e6:.1f} MB ({manifest['versions']['pg_dump']})"
            )
        )
