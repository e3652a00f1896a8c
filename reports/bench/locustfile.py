"""The users of the load benchmark, for locust (``reports/bench/load.py`` runs it headless
against gunicorn on 127.0.0.1; it reads no Django).

- ``Officer``: a commune officer posting, through the API with their token, the shifts
  planned for them (``load.plan_shifts``), one every ``pacing_s`` seconds from an offset of
  their own, whatever the answers take: together the users make a fixed arrival rate
  (an open model — a slow answer does not slow the arrivals, as long as it is shorter than
  the pacing, seconds against the 150 ms the rate is judged by).
- ``ProvinceStaff``: a province staff member who logs in through the login form and reads the
  province dashboard, waiting one second between pages as a person reading does.

The plan comes from the JSON file named by ``BENCH_LOAD_PLAN``; every request is written,
as it ends, as one JSON line ``[kind, started (epoch s), ms, status, submission key]`` to the
file named by ``BENCH_LOAD_RECORDS`` (the first line: ``["start", t0, 0, 0, ""]``).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
# Open for the whole run, a line written as each request ends.
RECORDS = open(os.environ["BENCH_LOAD_RECORDS"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_next_user = itertools.count()
_start: list[float] = []


def record(kind: str, started: float, ms: float, status: int, key: str = "") -> None:
    RECORDS.write(json.dumps([kind, round(started, 4), round(ms, 2), status, key]) + "\n")


@events.test_start.add_listener
def _started(environment, **kwargs):
    # The first arrivals after every user has been spawned (all within a second).
    _start.append(time.time() + PLAN.get("lead_s", 1.5))
    record("start", _start[0], 0, 0)


class Officer(FastHttpUser):
    """One commune officer; user ``i`` of ``n`` posts at t0 + i·pacing/n + k·pacing."""

    def on_start(self):
        index = next(_next_user)
        officer = PLAN["officers"][index]
        self.headers = {"Authorization": f"Token {officer['token']}"}
        self.shifts = iter(officer["shifts"])
        self.pacing = PLAN["pacing_s"]
        self.first = _start[0] + index * self.pacing / PLAN["users"]
        self.turn = 0
        gevent.sleep(max(0.0, self.first - time.time()))

    def wait_time(self):
        self.turn += 1
        return max(0.0, self.first + self.turn * self.pacing - time.time())

    @task
    def post_shift(self):
        shift = next(self.shifts, None)
        if shift is None:
            raise StopUser()
        started, clock = time.time(), time.perf_counter()
        with self.client.post(
            "/api/shifts/",
            json=shift,
            headers=self.headers,
            name="POST /api/shifts/",
            catch_response=True,
        ) as response:
            ms = (time.perf_counter() - clock) * 1000
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {(response.text or '')[:300]}")
        record("entry", started, ms, response.status_code, shift["submission_key"])


class ProvinceStaff(FastHttpUser):
    """One province staff member reading the dashboard, a page a second."""

    wait_time = constant(1)

    def on_start(self):
        staff = PLAN["staff"][next(_next_user)]
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text or "")
        answer = self.client.post(
            "/accounts/login/",
            data=urlencode(
                {
                    "username": staff["username"],
                    "password": staff["password"],
                    "csrfmiddlewaretoken": token[1] if token else "",
                }
            ),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            name="login",
            allow_redirects=False,
        )
        record("login", time.time(), 0, answer.status_code)
        gevent.sleep(max(0.0, _start[0] - time.time()))

    @task
    def dashboard(self):
        started, clock = time.time(), time.perf_counter()
        with self.client.get(
            PLAN["dashboard"], name="dashboard", allow_redirects=False, catch_response=True
        ) as response:
            ms = (time.perf_counter() - clock) * 1000
            if response.status_code != 200:
                response.failure(str(response.status_code))
        record("dashboard", started, ms, response.status_code)
