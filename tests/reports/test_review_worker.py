"""The rendering job on a real Celery worker over the machine's Redis (as in production):
rendered end to end; a worker killed mid-render whose job finishes, once, after a restart; a
job that runs past its time limit stopped with a reason, and not handed out again."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from reports.models import RenderStatus, ReportVersion
from reports.reviews import jobs, services
from reports.statistics import Period
from tests.production import database_url

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
pytestmark = pytest.mark.django_db(transaction=True)


class Worker:
    def __init__(self, tmp_path: Path, **env):
        self.log = tmp_path / f"worker-{time.monotonic_ns()}.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": REDIS,
            "CELERY_RESULT_BACKEND": REDIS,
            **{k: str(v) for k, v in env.items()},
        }

    def start(self):
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-P",
                "prefork",
                "-c",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: "ready." in self.log.read_text(), 60, f"worker start ({self.log})")
        return self

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)  # no warm shutdown: the message stays unacked
        self.proc.wait(10)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def broker():
    """This process sends to Redis (not inline), in a database of its own (flushed). Earlier
    tests ran the app inline, so its cached connections and producers are dropped."""
    import redis

    from config.celery import app

    def reset():
        app._pool = None
        app.amqp._producer_pool = None
        app.__dict__.pop("producer_pool", None)

    redis.Redis.from_url(REDIS).flushdb()
    # The write / read URLs too: they keep the settings' CELERY_BROKER_URL otherwise.
    keys = ("task_always_eager", "broker_write_url", "broker_read_url", "result_backend")
    saved = {k: app.conf[k] for k in keys}
    app.conf.update(
        task_always_eager=False,
        broker_write_url=REDIS,
        broker_read_url=REDIS,
        result_backend=REDIS,
    )
    reset()
    yield app
    app.conf.update(saved)
    reset()
    redis.Redis.from_url(REDIS).flushdb()


@pytest.fixture
def report(world, secretary):
    import datetime

    return services.create_report(
        user=secretary,
        kind="final",
        unit=secretary.scope_unit,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        number=9,
    )


def status(version):
    version.refresh_from_db()
    return version.status


def test_a_real_worker_renders_the_report(broker, report, secretary, tmp_path):
    worker = Worker(tmp_path).start()
    try:
        version = jobs.request_rendering(report=report, user=secretary)  # commits, enqueues
        wait_for(lambda: status(version) in (RenderStatus.READY, RenderStatus.FAILED), 90, "render")
        assert version.status == RenderStatus.READY, version.error
        assert version.attempts == 1 and version.pages >= 2
        with default_storage.open(version.pdf.name, "rb") as f:
            assert f.read(5) == b"%PDF-"
    finally:
        worker.stop()


def test_a_worker_killed_mid_render_finishes_the_job_once_after_a_restart(
    broker, report, secretary, tmp_path
):
    first = Worker(tmp_path, REPORT_RENDER_PAUSE=30).start()
    try:
        version = jobs.request_rendering(report=report, user=secretary)
        wait_for(lambda: status(version) == RenderStatus.RENDERING, 60, "rendering")
        wait_for(lambda: version.refresh_from_db() or version.progress >= 40, 30, "snapshot")
    finally:
        first.kill()
    assert status(version) == RenderStatus.RENDERING and version.attempts == 1
    # The restarted worker gets the unacknowledged message back once its visibility timeout
    # passes: 330 s after the time limit of 300 s, shortened here to 17 s after 15 s (the
    # settings refuse a visibility timeout that is not longer than the time limit).
    second = Worker(
        tmp_path,
        CELERY_TASK_TIME_LIMIT=15,
        CELERY_VISIBILITY_TIMEOUT=17,
        CELERY_UNACKED_RESTORE_INTERVAL=1,
        CELERY_UNACKED_RESTORE_THROTTLE=1,
    ).start()
    try:
        wait_for(
            lambda: status(version) in (RenderStatus.READY, RenderStatus.FAILED), 90, "restart"
        )
        assert version.status == RenderStatus.READY, version.error
        assert version.attempts == 2  # the killed start and the one that finished
        time.sleep(3)  # nothing runs it a third time
        version.refresh_from_db()
        assert version.attempts == 2
        assert ReportVersion.objects.filter(report=report).count() == 1
        files = default_storage.listdir(f"reports/{report.pk}")[1]
        mine = [f for f in files if f.endswith(f"-{version.pk}.pdf") or f.endswith(".part")]
        assert mine == [Path(version.pdf.name).name]  # one PDF, no leftover part file
    finally:
        second.stop()


def test_a_job_past_its_time_limit_fails_with_a_reason_and_is_not_handed_out_again(
    broker, report, secretary, tmp_path
):
    """The soft time limit stops the job (the hard one, and the visibility timeout after it,
    would come later): the version fails and says why; its message is acknowledged, so the
    broker does not give it to a worker again once the visibility timeout has passed."""
    worker = Worker(
        tmp_path,
        REPORT_RENDER_PAUSE=60,
        CELERY_TASK_TIME_LIMIT=8,
        CELERY_TASK_SOFT_TIME_LIMIT=4,
        CELERY_VISIBILITY_TIMEOUT=10,
        CELERY_UNACKED_RESTORE_INTERVAL=1,
        CELERY_UNACKED_RESTORE_THROTTLE=1,
    ).start()
    try:
        version = jobs.request_rendering(report=report, user=secretary)
        wait_for(lambda: status(version) == RenderStatus.FAILED, 60, "the time limit")
        assert version.error == "Việc tạo báo cáo quá lâu và đã bị dừng."
        assert version.attempts == 1 and not version.pdf and version.can_retry
        time.sleep(10 + 3)  # past the visibility timeout and a restore sweep
        version.refresh_from_db()
        assert version.attempts == 1 and version.status == RenderStatus.FAILED
    finally:
        worker.stop()
