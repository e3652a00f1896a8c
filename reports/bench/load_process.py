"""The load part's processes: locust run headless and bounded, and the CPU time gunicorn's
workers and PostgreSQL's backends spent, read from /proc."""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

LEAD_S = 1.5  # from locust's start to the first arrival (every user spawned by then)
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def run_locust(
    url: str,
    user_class: str,
    users: int,
    seconds: float,
    plan: dict,
    workdir: Path,
    marks: tuple[float, ...] = (),
    on_mark=None,
):
    """locust headless against ``url`` for ``LEAD_S + seconds`` (users finish the request they
    are in); its records, and the CPU seconds it used. ``on_mark(i)`` is called, in this
    thread, ``marks[i]`` seconds after locust is started."""
    plan_path, records_path = workdir / "plan.json", workdir / "records.jsonl"
    plan_path.write_text(json.dumps(plan))
    records_path.write_text("")
    # locust's clock starts before its first user: a second more, so the last window is whole.
    run_s = math.ceil(plan.get("lead_s", LEAD_S) + seconds + 1.5)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    launched = time.monotonic()
    with (workdir / "locust.log").open("w") as output:
        locust = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(LOCUSTFILE),
                user_class,
                "--headless",
                "--only-summary",
                "--host",
                url,
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{run_s}s",
                "--stop-timeout",
                "30",
                "--loglevel",
                "ERROR",
                "--exit-code-on-error",
                "0",
            ],
            env={
                **os.environ,
                "BENCH_LOAD_PLAN": str(plan_path),
                "BENCH_LOAD_RECORDS": str(records_path),
            },
            cwd=workdir,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            for i, mark in enumerate(marks):
                try:
                    locust.wait(timeout=max(0.0, launched + mark - time.monotonic()))
                    break  # ended before the mark
                except subprocess.TimeoutExpired:
                    on_mark(i)
            locust.wait(timeout=run_s + 120)
        finally:
            if locust.poll() is None:
                locust.kill()
                locust.wait()
    if locust.returncode:
        log_text = (workdir / "locust.log").read_text()[-3000:]
        raise RuntimeError(f"locust failed ({locust.returncode}): {log_text}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    records = [json.loads(line) for line in records_path.read_text().splitlines() if line]
    return records, cpu


class ServerCpu:
    """The CPU time the server used between ``begin()`` and ``stop()``: gunicorn's workers (the
    children of the gunicorn this process started) and the PostgreSQL backends connected to
    the database (both on this machine; read from /proc, so Linux only — ``None`` elsewhere).
    A backend that closes during the measure takes its share with it (gunicorn's connections
    live 60 s: ``conn_max_age``), so the PostgreSQL figure may be a little low."""

    def __init__(self):
        self.begin()

    def begin(self) -> None:
        self.start = self._read()

    def _read(self) -> dict[str, dict[int, float]] | None:
        try:
            master = [p for p in _children(os.getpid()) if b"gunicorn" in _cmdline(p)]
            workers = [w for m in master for w in _children(m)]
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                backends = [row[0] for row in cursor.fetchall()]
            return {
                "gunicorn": {p: _cpu_s(p) for p in workers},
                "postgresql": {p: _cpu_s(p) for p in backends},
            }
        except OSError:
            return None

    def stop(self) -> None:
        self.end = self._read()

    def per(self, shifts: int) -> dict[str, float | None]:
        if self.start is None or self.end is None or not shifts:
            return {"gunicorn": None, "postgresql": None}
        return {
            name: round(
                sum(max(0.0, t - self.start[name].get(p, 0.0)) for p, t in self.end[name].items())
                * 1000
                / shifts,
                1,
            )
            for name in ("gunicorn", "postgresql")
        }


def _per(cpu_s: float, entries: list) -> float | None:
    return round(cpu_s * 1000 / len(entries), 1) if entries else None


def _children(pid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue  # gone
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(name))
    return found


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def _cpu_s(pid: int) -> float:
    """User and system CPU seconds of a process (0 if it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
