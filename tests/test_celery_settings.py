"""Celery's timings keep their order: a task is stopped (time limit) before the broker hands
its message to another worker (visibility timeout), a lost worker's job starts again within
about five and a half minutes, and only after that is a version shown as stalled. Start-up
refuses settings that break the order."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from config.celery import app


def start_up(**env) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process, as the web, a worker or beat does."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_timings_keep_their_order():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    visibility = options["visibility_timeout"]
    sweep = options["unacked_restore_interval"] * options["unacked_restore_throttle"]
    soft, hard = settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT
    assert 0 < soft < hard < visibility < visibility + sweep < settings.REPORT_RENDER_STALLED_AFTER
    assert (soft, hard, visibility, settings.REPORT_RENDER_STALLED_AFTER) == (240, 300, 330, 660)
    assert visibility + sweep <= 6 * 60  # a killed worker's job is picked up again by then
    assert app.conf.task_time_limit == hard and app.conf.task_soft_time_limit == soft
    assert app.conf.broker_transport_options["visibility_timeout"] == visibility


def test_no_task_runs_longer_than_the_broker_waits_for_it():
    import accounts.tasks  # noqa: F401  (registers them, as a worker's start does)
    import reports.dashboards.tasks  # noqa: F401
    import reports.reviews.tasks  # noqa: F401

    ours = [task for name, task in app.tasks.items() if name.startswith(("reports.", "accounts."))]
    # rendering, the scheduled drafts, the weekly digest of silent units, a notification's e-mail
    assert len(ours) == 4
    for task in ours:
        # A limit of its own would escape the start-up check: the tasks take the settings'.
        assert (task.time_limit, task.soft_time_limit) == (
            settings.CELERY_TASK_TIME_LIMIT,
            settings.CELERY_TASK_SOFT_TIME_LIMIT,
        ), task.name


def test_a_short_time_limit_shortens_the_rest_with_it():
    result = start_up(CELERY_TASK_TIME_LIMIT="20")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"CELERY_VISIBILITY_TIMEOUT": "300"},  # a running task would be handed out again
        {"CELERY_TASK_TIME_LIMIT": "1000", "CELERY_VISIBILITY_TIMEOUT": "330"},
        {"CELERY_TASK_SOFT_TIME_LIMIT": "300"},  # no time left to say why it stopped
        {"REPORT_RENDER_STALLED_AFTER": "350"},  # stalled while the broker may still restore it
    ],
)
def test_start_up_refuses_timings_out_of_order(env):
    result = start_up(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Celery timings must keep" in result.stderr
