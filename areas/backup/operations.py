"""Making a backup and restoring one (the management commands ``backup`` and ``restore``)."""

import importlib.metadata
import platform
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import django
from django.utils import timezone
from psycopg.pq import TransactionStatus

from areas.backup import archive
from areas.backup.postgres import (
    BackupError,
    Database,
    clear,
    contents,
    find_tool,
    inventory,
    run_tool,
    server_major,
    server_version,
)


def _portal_version() -> str:
    try:
        return importlib.metadata.version("anninh-coso")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _migrations(conn) -> dict[str, str]:
    """The last migration applied per app: the code a restore needs at least."""
    if conn.execute("SELECT to_regclass('public.django_migrations')").fetchone()[0] is None:
        return {}
    rows = conn.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
    return dict(rows.fetchall())


def archive_path(directory: Path, now: datetime) -> Path:
    """``anninh-2026-12-01T0600.tar``, local time; seconds added when that name is taken."""
    local = timezone.localtime(now)
    for stamp in (local.strftime("%Y-%m-%dT%H%M"), local.strftime("%Y-%m-%dT%H%M%S")):
        path = directory / f"anninh-{stamp}.tar"
        if not path.exists() and not path.with_name(path.name + ".part").exists():
            return path
    raise BackupError(f"an archive for {local:%Y-%m-%d %H:%M:%S} exists already in {directory}")


def create_backup(database: Database, private_root: Path, directory: Path) -> tuple[Path, dict]:
    """Dump ``database`` and archive it with the files under ``private_root``.

    The row counts are taken in the transaction whose snapshot pg_dump is given
    (``--snapshot``), so they describe exactly the rows dumped, whatever is written meanwhile.
    """
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = archive_path(directory, timezone.now())
    with database.connect() as conn:
        major = server_major(conn)
        pg_dump, dump_version = find_tool("pg_dump", major)
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            manifest = {
                "created_at": timezone.localtime().isoformat(timespec="seconds"),
                "database": database.name,
                "server_major": major,
                "versions": {
                    "portal": _portal_version(),
                    "django": django.get_version(),
                    "python": platform.python_version(),
                    "server": server_version(conn),
                    "pg_dump": dump_version,
                },
                "migrations": _migrations(conn),
                **inventory(conn),
            }
            with tempfile.TemporaryDirectory(dir=directory, prefix=".dump-") as tmp:
                dump = Path(tmp) / archive.DUMP
                run_tool(
                    pg_dump,
                    ["--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
                    database,
                )
                conn.execute("ROLLBACK")
                manifest = archive.write(path, dump, private_root, manifest)
        finally:
            if conn.info.transaction_status in (
                TransactionStatus.INTRANS,
                TransactionStatus.INERROR,
            ):
                conn.execute("ROLLBACK")  # the snapshot's transaction, after a failure
    return path, manifest


@dataclass
class Restored:
    manifest: dict
    rows: int
    kept_files: list[str]


def _differences(expected: dict, found: dict) -> list[str]:
    problems = []
    for table in sorted(set(expected["tables"]) | set(found["tables"])):
        want, got = expected["tables"].get(table), found["tables"].get(table)
        if want != got:
            problems.append(f"{table}: {want} rows in the backup, {got} restored")
    for key in ("triggers", "extensions"):
        missing = sorted(set(expected[key]) - set(found[key]))
        extra = sorted(set(found[key]) - set(expected[key]))
        if missing or extra:
            problems.append(f"{key}: missing {missing[:10]}, not in the backup {extra[:10]}")
    return problems


def restore_backup(
    path: Path, database: Database, private_root: Path, scratch: Path, force: bool = False
) -> Restored:
    """Bring an archive back into ``database`` (empty, unless ``force``) and its files under
    ``private_root``. The archive is checked whole before anything is changed; afterwards the
    database must hold the same rows per table, triggers and extensions as the manifest says.
    """
    with archive.Archive(path) as backup:
        backup.verify()
        manifest = backup.manifest
        with database.connect() as conn:
            major = server_major(conn)
            if manifest["server_major"] > major:
                raise BackupError(
                    f"the backup comes from PostgreSQL {manifest['server_major']}; it cannot be "
                    f"restored into PostgreSQL {major} (use a server of version "
                    f"{manifest['server_major']} or later)"
                )
            pg_restore, _version = find_tool("pg_restore", major)
            found = contents(conn)
            present = archive.private_files(private_root)
            if (found or present) and not force:
                what = []
                if found:
                    what.append(f"{database} is not empty ({', '.join(found[:3])} …)")
                if present:
                    what.append(f"{private_root} holds {len(present)} files")
                raise BackupError(
                    "; ".join(what) + ". Restore into an empty database and an empty "
                    "directory, or pass --force to replace what is there."
                )
            if found:
                clear(conn)
            scratch.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=scratch, prefix=".restore-") as tmp:
                dump = backup.extract_dump(Path(tmp))
                run_tool(
                    pg_restore,
                    [
                        "--no-owner",
                        "--no-acl",
                        "--exit-on-error",
                        "--single-transaction",
                        f"--dbname={database.name}",
                        str(dump),
                    ],
                    database,
                )
            problems = _differences(manifest, inventory(conn))
            if problems:
                raise BackupError(
                    "the restored database differs from the backup:\n" + "\n".join(problems)
                )
        backup.restore_private(private_root)
        kept = sorted(set(present) - set(backup.files))
        return Restored(manifest, sum(manifest["tables"].values()), kept)
