"""The production configuration, read in a fresh process: ``DEBUG=0`` and the variables of
``.env.example`` in an otherwise clean environment, as docker-compose.yml starts the portal."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def env_example() -> dict[str, str]:
    values = {}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def database_url() -> str:
    """The test database (only so that the settings do not start the embedded server)."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    # The embedded server listens on a socket directory: percent-encoded, as dj-database-url
    # reads a socket path in the host.
    host = quote(db["HOST"] or "localhost", safe="")
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def production_env(**extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        **env_example(),
        "DATABASE_URL": database_url(),
        **extra,
    }


def run(args: list[str], **extra_env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        env=production_env(**extra_env),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(*names: str, **extra_env: str) -> dict:
    """The values of the named settings in production (lists for tuples: read through JSON)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    out = run([sys.executable, "-c", code], **extra_env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])
