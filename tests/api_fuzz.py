"""`make fuzz`: Schemathesis over the OpenAPI schema against a live server, failing on any 5xx.

A database of its own (`<name>_fuzz`, copied each run from `<name>_fuzz_seed`, which holds the
areas and the demo data and is made once), the portal served by `runserver`, the run signed in
as the demo administrator (`quantri`, who reaches every operation) with a token header — the
schema itself is read with it too. Fixed seed, ten examples an operation, positive and
negative data, only the `not_a_server_error` check: about a minute here.

    python -m tests.api_fuzz            # what `make fuzz` runs
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCHEMATHESIS = [
    str(BIN / "st"),
    "run",
    "--checks=not_a_server_error",
    "--seed=1",
    "--max-examples=10",
    "--phases=examples,fuzzing",
    "--mode=all",
    "--workers=2",
    "--generation-database=none",
    "--request-timeout=30",
    "--no-color",
]


def _url_with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _manage(database_url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": ""}
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _databases(url: str) -> tuple[str, str]:
    """The run's database, copied afresh from the seeded one (made on the first run)."""
    name = urlsplit(url).path.lstrip("/") or "anninh"
    seed, fuzz = f"{name}_fuzz_seed", f"{name}_fuzz"
    admin = _url_with_name(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as db:
        made = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [seed]).fetchone()
        if not made:
            db.execute(f'CREATE DATABASE "{seed}"')
    seed_url = _url_with_name(url, seed)
    if not made:
        print(f"fuzz: loading the areas and the demo data into {seed} (once)", flush=True)
        for command in (["migrate", "--noinput"], ["load_areas"], ["load_demo", "--size=small"]):
            _manage(seed_url, *command)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{fuzz}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{fuzz}" TEMPLATE "{seed}"')
    fuzz_url = _url_with_name(url, fuzz)
    _manage(fuzz_url, "migrate", "--noinput")  # migrations newer than the seed
    return seed_url, fuzz_url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except urllib.error.HTTPError:
            return  # answering (401/403 without the token)
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"fuzz: the server did not answer at {url}")


def main() -> int:
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        raise SystemExit("fuzz: set DATABASE_URL (a PostgreSQL server where databases can be made)")
    _seed, fuzz_url = _databases(database_url)
    token = _manage(fuzz_url, "drf_create_token", "quantri").split()[2]
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": fuzz_url, "CELERY_BROKER_URL": "", "DEBUG": "1"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        schema = f"http://127.0.0.1:{port}/api/schema/"
        _wait_for(schema)
        run = subprocess.run(
            [*SCHEMATHESIS, schema, f"--header=Authorization: Token {token}"], cwd=ROOT
        )
        return run.returncode
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
