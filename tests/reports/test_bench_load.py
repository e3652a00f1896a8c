"""The load benchmark's pieces (``reports/bench/load.py``), without running locust: the server
as docker-compose.yml runs it, a shift plan valid for every person, the exactly-once check and
the figures of a step."""

import datetime
import itertools
from collections import defaultdict

import pytest
from django.utils import timezone

from reports.bench import load, load_process, load_setup, pages


def test_the_server_runs_the_app_and_worker_count_of_docker_compose(tmp_path):
    assert pages.web_service() == ("config.wsgi:application", 3)
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(
        'services:\n  web:\n    command: sh -c "python manage.py migrate && '
        'gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers 5 --timeout 60"\n'
    )
    assert pages.web_service(compose) == ("config.wsgi:application", 5)
    compose.write_text("services:\n  web:\n    command: gunicorn config.wsgi:application -w 2\n")
    assert pages.web_service(compose) == ("config.wsgi:application", 2)
    compose.write_text("services:\n  web:\n    command: gunicorn config.wsgi:application\n")
    with pytest.raises(ValueError, match="--workers"):
        pages.web_service(compose)


def planner(**kwargs) -> load_setup.ShiftPlanner:
    # Two communes; persons 1–3 serve in two teams of commune 10, team 3 has only two members.
    teams = [
        load_setup.Team(1, 10, [1, 2, 3, 4, 5]),
        load_setup.Team(2, 10, [1, 2, 3, 6]),
        load_setup.Team(3, 20, [7, 8]),
        load_setup.Team(4, 20, [9, 10, 11, 12, 13, 14]),
    ]
    return load_setup.ShiftPlanner(
        teams,
        datetime.date(2026, 1, 1),
        categories=[5, 6, 7],
        now=timezone.make_aware(datetime.datetime(2026, 12, 1)),
        **kwargs,
    )


def test_the_plan_never_puts_a_person_on_two_overlapping_shifts():
    plan = planner()
    members = {team.pk: set(team.members) for team in plan.teams}
    shifts = [
        plan.next_shift(commune) for commune in itertools.islice(itertools.cycle([10, 20]), 400)
    ]
    times = defaultdict(list)
    for shift in shifts:
        starts = datetime.datetime.fromisoformat(shift["starts_at"])
        ends = datetime.datetime.fromisoformat(shift["ends_at"])
        assert starts.tzinfo is not None and datetime.timedelta(
            0
        ) < ends - starts <= datetime.timedelta(hours=24)
        assert ends <= plan.now and starts.date() >= plan.first_day
        assert 2 <= len(shift["participants"]) <= 4
        assert len(set(shift["participants"])) == len(shift["participants"])
        assert set(shift["participants"]) <= members[shift["model"]]
        assert shift["leader"] in shift["participants"]
        assert len(shift["incidents"]) <= 2
        for incident in shift["incidents"]:
            assert starts <= datetime.datetime.fromisoformat(incident["occurred_at"]) <= ends
        for person in shift["participants"]:
            times[person].append((starts, ends))
    for person, spans in times.items():
        spans.sort()
        for (_s1, e1), (s2, _e2) in itertools.pairwise(spans):
            assert e1 <= s2, f"person {person} is on two overlapping shifts"
    assert len({s["submission_key"] for s in shifts}) == len(shifts)
    assert {len(s["participants"]) for s in shifts} == {2, 3, 4}
    assert {len(s["incidents"]) for s in shifts} == {0, 1, 2}
    # Each officer's commune gets its own teams, in turn.
    assert {s["model"] for s in shifts[::2]} == {1, 2} and {s["model"] for s in shifts[1::2]} == {
        3,
        4,
    }


def test_the_plan_stops_before_now():
    plan = planner()
    plan.now = timezone.make_aware(datetime.datetime(2026, 1, 3))
    with pytest.raises(RuntimeError, match="no room before now"):
        for _ in range(20):
            plan.next_shift(20)


def test_exactly_once_fails_when_a_shift_is_missing_doubled_or_not_sent():
    sent = {"a": (3, 1), "b": (2, 0), "c": (4, 2)}
    saved = [("a", 3, 1), ("b", 2, 0), ("c", 4, 2)]
    assert load.saved_once(sent, saved) == []
    assert load.saved_once(sent, saved[:2]) == ["1 shifts sent are not saved (e.g. c)"]
    assert load.saved_once(sent, [*saved, ("b", 2, 0)]) == [
        "1 shifts are saved more than once (e.g. b)"
    ]
    assert load.saved_once(sent, [*saved, (None, 2, 0)]) == [
        "1 shifts saved were not sent (e.g. None)"
    ]
    assert load.saved_once(sent, [("a", 3, 1), ("b", 1, 0), ("c", 4, 0)]) == [
        "2 shifts saved with other turns or incidents than sent"
    ]


def test_a_step_is_judged_on_its_windows():
    start = 1000.0
    # 20 s at 10 requests a second, four windows; the third window is slow.
    records = [["start", start, 0, 0, ""]] + [
        ["entry", start + i / 10, 300.0 if 100 <= i < 150 else 40.0 + i % 10, 201, f"k{i}"]
        for i in range(200)
    ]
    figures = load.windowed(records, "entry", start, 20, 4)
    assert figures["requests"] == 200
    assert figures["per_s"] == {
        "value": 10.0,
        "min": 10.0,
        "median": 10.0,
        "max": 10.0,
        "runs": [10.0] * 4,
    }
    assert figures["p95_ms"]["runs"] == [49.0, 49.0, 300.0, 49.0]
    assert figures["p95_ms"]["value"] == 300.0 and figures["p50_ms"]["value"] == 46.0
    step = {"errors": 0, "error_statuses": {}, "problems": []} | figures
    assert load.step_failures(step, 10) == ["p95 300 ms (worst window 300 ms)"]
    fast = load.windowed(
        [r if r[0] == "start" else [*r[:2], 40.0, *r[3:]] for r in records], "entry", start, 20, 4
    )
    assert load.step_failures({"errors": 0, "error_statuses": {}, "problems": []} | fast, 10) == []
    assert load.step_failures({"errors": 0, "error_statuses": {}, "problems": []} | fast, 20) == [
        "sent 10.0/s of 20/s"
    ]
    assert load.step_failures(
        {"errors": 2, "error_statuses": {"500": 2}, "problems": ["1 shifts sent are not saved"]}
        | fast,
        10,
    ) == ["2 errors ({'500': 2})", "1 shifts sent are not saved"]


def test_the_percentile_is_the_nearest_rank():
    assert load.percentile(list(range(1, 101)), 95) == 95
    assert load.percentile([5.0], 95) == 5.0
    assert load.percentile([1, 2, 3, 4], 50) == 2


def test_the_servers_cpu_a_shift_counts_every_process_it_saw():
    cpu = load_process.ServerCpu.__new__(load_process.ServerCpu)  # without reading /proc
    cpu.start = {"gunicorn": {1: 1.0, 2: 2.0}, "postgresql": {10: 5.0, 12: 3.0}}
    # worker 3 started during the step; backend 12 closed (its share is lost), 11 opened.
    cpu.end = {"gunicorn": {1: 1.5, 2: 2.5, 3: 0.2}, "postgresql": {10: 5.4, 11: 0.0}}
    assert cpu.per(100) == {"gunicorn": 12.0, "postgresql": 4.0}
    assert cpu.per(0) == {"gunicorn": None, "postgresql": None}
    cpu.end = None  # not Linux
    assert cpu.per(100) == {"gunicorn": None, "postgresql": None}
