"""Celery tasks of the review reports: rendering a version, drafting the scheduled reviews.

Tasks take ids, reload, and return quietly when there is nothing to do; they are enqueued
after the transaction that created their row commits (``jobs.request_rendering``). Their
names stay "reports.tasks.…": the beat schedule and queued messages name them so.
"""

from __future__ import annotations

import datetime

from celery import Task, shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.scoping import unscoped
from reports.reviews import jobs, services
from reports.reviews.jobs import TRANSIENT


class RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Retries exhausted or an unexpected error: the page must say why, not spin forever.
        if args:
            jobs.fail(args[0], _("The report could not be rendered: %(error)s") % {"error": exc})


@shared_task(
    name="reports.tasks.render_report",
    base=RenderTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=3,
    # No time limits of its own: CELERY_TASK_(SOFT_)TIME_LIMIT, which the broker's visibility
    # timeout and the stalled threshold are checked against at start-up.
)
def render_report(version_id: int) -> str:
    """Render one version of a review report to PDF (see ``jobs.run_rendering``)."""
    version = jobs.run_rendering(version_id)
    return version.status if version else "skipped"


@shared_task(name="reports.tasks.draft_reviews")
def draft_reviews(today: str | None = None) -> int:
    """Each June and December: draft the due review for every unit with activity. ``today``
    (ISO date) runs a missed schedule by hand, as of that day."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    with unscoped("the schedule drafts the due review of every unit with activity"):
        return len(services.draft_scheduled_reports(day))
