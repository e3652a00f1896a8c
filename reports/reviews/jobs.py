"""The rendering job of a review report (``ReportVersion``): requested → queued → rendering →
ready | failed.

A Celery message that is not acknowledged comes back after its worker died (``acks_late`` +
``reject_on_worker_lost``), and such a redelivery is not counted by Celery: ``attempts`` on
the row counts every start, and a job started ``MAX_ATTEMPTS`` times gives up as failed
instead of looping. A retry reuses the snapshot taken by an earlier attempt, so a job that
runs twice prints the same document once.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from functools import partial

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.scoping import scoped_to, unscoped
from reports.reviews import document, rendering
from reports.reviews.models import RenderStatus, ReportVersion, ReviewReport
from reports.reviews.services import ReviewError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A rendering job finds and updates its own row by id (the task runs outside any request);
# it builds the document as its requester, inside their scope. Only the row work is unscoped.
JOB_ROWS = "a rendering job reads and updates its own version row, by id"
CLAIMABLE = [RenderStatus.REQUESTED, RenderStatus.QUEUED, RenderStatus.RENDERING]


class RenderingError(ReviewError):
    """A rendering that cannot succeed by trying again; its message is shown on the page."""


@transaction.atomic
def request_rendering(*, report: ReviewReport, user) -> ReportVersion:
    """A new version of the report, rendered by a Celery task enqueued once this transaction
    commits (so the worker finds the row)."""
    if report.is_issued:
        raise RenderingError(_("This report has been issued; it can no longer be rendered."))
    ReviewReport.objects.select_for_update(of=("self",)).filter(
        pk=report.pk
    ).first()  # numbers in order
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    version = ReportVersion.objects.create(report=report, number=last + 1, requested_by=user)
    transaction.on_commit(partial(enqueue, version.pk))
    return version


def enqueue(version_id: int) -> None:
    from reports.reviews.tasks import render_report

    if render_report.app.conf.task_always_eager:
        # No broker (make demo): the job runs here and now, retries included; whatever it
        # ends in, the page shows it.
        result = render_report.apply(args=[version_id], throw=False)
        if result.failed():
            fail(
                version_id,
                _("The report could not be rendered: %(error)s") % {"error": result.result},
            )
        return
    try:
        render_report.delay(version_id)
    except Exception as exc:  # the broker is down: say so rather than wait forever
        log.exception("Could not enqueue rendering of version %s", version_id)
        ReportVersion.objects.filter(pk=version_id, status=RenderStatus.REQUESTED).update(
            status=RenderStatus.FAILED,
            error=_("The job queue could not be reached (%(error)s). Try again.")
            % {"error": exc.__class__.__name__},
            finished_at=timezone.now(),
        )
    else:
        ReportVersion.objects.filter(pk=version_id, status=RenderStatus.REQUESTED).update(
            status=RenderStatus.QUEUED
        )


@transaction.atomic
def retry_rendering(*, version: ReportVersion, user) -> ReportVersion:
    """Run a failed version's job again, from the report as it is now."""
    updated = ReportVersion.objects.filter(pk=version.pk, status=RenderStatus.FAILED).update(
        status=RenderStatus.REQUESTED,
        attempts=0,
        progress=0,
        error="",
        snapshot=None,
        started_at=None,
        finished_at=None,
        requested_by=user,
    )
    if updated:
        transaction.on_commit(partial(enqueue, version.pk))
    version.refresh_from_db()
    return version


def claim(version_id: int) -> ReportVersion | None:
    """Count one more start of the job and mark it rendering; None when there is nothing to
    do (the row is gone, deleted, or already finished)."""
    with unscoped(JOB_ROWS), transaction.atomic():
        version = (
            ReportVersion.objects.select_for_update(of=("self",))
            .select_related("report", "requested_by")
            .filter(pk=version_id, status__in=CLAIMABLE)
            .first()
        )
        if version is None:
            return None
        version.attempts = F("attempts") + 1
        version.status = RenderStatus.RENDERING
        version.started_at = timezone.now()
        version.save(update_fields=["attempts", "status", "started_at", "updated_at"])
        version.refresh_from_db(fields=["attempts", "status", "started_at", "updated_at"])
        return version


def _update(version_id: int, **fields) -> int:
    with unscoped(JOB_ROWS):
        return ReportVersion.objects.filter(pk=version_id).update(**fields)


def set_progress(version_id: int, percent: int) -> None:
    _update(version_id, progress=percent)


def fail(version_id: int, reason: str) -> None:
    with unscoped(JOB_ROWS):
        ReportVersion.objects.filter(pk=version_id).exclude(status=RenderStatus.READY).update(
            status=RenderStatus.FAILED, error=reason, finished_at=timezone.now()
        )


def run_rendering(version_id: int) -> ReportVersion | None:
    """The job: snapshot the document (once), render the PDF, store it. Permanent errors set
    FAILED with the reason; transient ones (database, time limit) propagate to the task, which
    retries with backoff."""
    version = claim(version_id)
    if version is None:
        return None
    if version.attempts > MAX_ATTEMPTS:
        fail(
            version_id,
            _(
                "The rendering was interrupted %(n)d times (the worker stopped or ran out of "
                "memory). Try again, or shorten the report."
            )
            % {"n": version.attempts - 1},
        )
        return None
    started = time.perf_counter()
    try:
        if version.snapshot is None:
            # The document is built as its requester: the engine reads inside their scope.
            with scoped_to(version.requested_by):
                version.snapshot = document.build_document(version.report, version.requested_by)
            _update(version_id, snapshot=version.snapshot, progress=40)
        pause = getattr(settings, "REPORT_RENDER_PAUSE", 0)
        if pause:  # lets tests catch a job mid-render
            time.sleep(pause)
        set_progress(version_id, 60)
        content, pages = rendering.render_pdf(version.snapshot)
        set_progress(version_id, 90)
    except (RenderingError, ValueError, KeyError, TypeError) as exc:
        log.exception("Rendering of version %s failed", version_id)
        fail(version_id, _("The report could not be rendered: %(error)s") % {"error": exc})
        return None
    name = store_pdf(version, content)
    with unscoped(JOB_ROWS):
        ReportVersion.objects.filter(pk=version_id, status=RenderStatus.RENDERING).update(
            status=RenderStatus.READY,
            progress=100,
            pdf=name,
            pages=pages,
            size=len(content),
            error="",
            finished_at=timezone.now(),
            render_ms=round((time.perf_counter() - started) * 1000),
        )
        version.refresh_from_db()
    return version


def store_pdf(version: ReportVersion, content: bytes) -> str:
    """Write the PDF to a temporary file beside its place, then move it into place: a reader
    never sees half a file, and a second run replaces rather than adds a file."""
    name = f"reports/{version.report_id}/v{version.number}-{version.pk}.pdf"
    path = default_storage.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return name
