"""The rendering job of a review report (``ReportVersion``): requested → queued → rendering →
ready | failed; a job that has not finished long after it should have is shown as stalled.

A Celery message that is not acknowledged comes back after its worker died (``acks_late`` +
``reject_on_worker_lost``), and such a redelivery is not counted by Celery: ``attempts`` on
the row counts every start, and a job started ``MAX_ATTEMPTS`` times gives up as failed
instead of looping. A restart reuses the snapshot taken by an earlier start, so a job that
runs twice prints the same document once.

Each start is identified by the request it serves (``requested_at``, renewed by a retry) and
its number (``attempts``): only the latest start writes to the row and the PDF. An older one
still running — the job of a stalled version that was retried, a message that came back —
finds that out at its next write and stops without a trace.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.scoping import scoped_to, unscoped
from reports.reviews import document, notices, rendering
from reports.reviews.models import RenderStatus, ReportVersion, ReviewReport
from reports.reviews.services import ReviewError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A rendering job finds and updates its own row by id (the task runs outside any request);
# it builds the document as its requester, inside their scope. Only the row work is unscoped.
JOB_ROWS = "a rendering job reads and updates its own version row, by id"
CLAIMABLE = [RenderStatus.REQUESTED, RenderStatus.QUEUED, RenderStatus.RENDERING]
# Errors worth another try of the task: the database went away or was busy for a moment.
TRANSIENT = (OperationalError, InterfaceError)


class RenderingError(ReviewError):
    """A rendering that cannot succeed by trying again; its message is shown on the page."""


QUEUE_DOWN = gettext_lazy(
    "The job queue is not working at the moment, so the PDF was not made. Try again in a few "
    "minutes; if it keeps happening, tell the administrator."
)


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
    """Hand the job to the workers, or run it here when there is no broker. A broker that is
    down or does not answer fails the version at once (in about two seconds at most, see the
    Celery settings) with a reason, and it can be retried."""
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
        # The message carries no time limits: the worker applies its own, which its start-up
        # checked against its visibility timeout (a message's limits would override them).
        render_report.apply_async([version_id], time_limit=None, soft_time_limit=None)
    except Exception:  # the broker is down: say so rather than wait forever
        log.exception("Could not enqueue rendering of version %s", version_id)
        if ReportVersion.objects.filter(pk=version_id, status=RenderStatus.REQUESTED).update(
            status=RenderStatus.FAILED,
            error=str(QUEUE_DOWN),
            finished_at=timezone.now(),
        ):
            notices.tell_requester(version_id)
    else:
        ReportVersion.objects.filter(pk=version_id, status=RenderStatus.REQUESTED).update(
            status=RenderStatus.QUEUED
        )


@transaction.atomic
def retry_rendering(*, version: ReportVersion, user) -> ReportVersion:
    """Run the job of a failed or stalled version again, from the report as it is now. A
    version that is still running, or finished, is left as it is."""
    row = ReportVersion.objects.select_for_update(of=("self",)).filter(pk=version.pk).first()
    if row is not None and row.can_retry:
        # A new request: any start of the earlier one still running can no longer write.
        ReportVersion.objects.filter(pk=version.pk).update(
            status=RenderStatus.REQUESTED,
            requested_at=timezone.now(),
            attempts=0,
            progress=0,
            error="",
            snapshot=None,
            started_at=None,
            finished_at=None,
            requested_by=user,
        )
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


def latest_start(version: ReportVersion) -> QuerySet:
    """The row of a claimed version, as long as this start of its job is the latest one (no
    retry and no later start since): the only start allowed to write."""
    return ReportVersion.objects.filter(
        pk=version.pk,
        status=RenderStatus.RENDERING,
        requested_at=version.requested_at,
        attempts=version.attempts,
    )


def _update(version: ReportVersion, **fields) -> bool:
    """Write to the row if this start is still the latest; False when it was superseded."""
    with unscoped(JOB_ROWS):
        return bool(latest_start(version).update(**fields))


def fail(version_id: int, reason: str) -> None:
    """Fail the version's job, whichever start is running (the task's last resort)."""
    with unscoped(JOB_ROWS), transaction.atomic():
        failed = (
            ReportVersion.objects.filter(pk=version_id)
            .exclude(status=RenderStatus.READY)
            .update(status=RenderStatus.FAILED, error=reason, finished_at=timezone.now())
        )
        if failed:
            notices.tell_requester(version_id)


def _fail(version: ReportVersion, reason: str) -> None:
    with transaction.atomic():
        if _update(version, status=RenderStatus.FAILED, error=reason, finished_at=timezone.now()):
            notices.tell_requester(version.pk)


def run_rendering(version_id: int) -> ReportVersion | None:
    """The job: snapshot the document (once), render the PDF, store it. Permanent errors set
    FAILED with the reason; transient database errors propagate to the task, which retries
    with backoff. None when there was nothing to do or a later start took over."""
    version = claim(version_id)
    if version is None:
        return None
    if version.attempts > MAX_ATTEMPTS:
        _fail(
            version,
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
            if not _update(version, snapshot=version.snapshot, progress=40):
                return superseded(version)
        pause = getattr(settings, "REPORT_RENDER_PAUSE", 0)
        if pause:  # lets tests catch a job mid-render
            time.sleep(pause)
        if not _update(version, progress=60):
            return superseded(version)
        content, pages = rendering.render_pdf(version.snapshot)
    except (RenderingError, ValueError, KeyError, TypeError) as exc:
        log.exception("Rendering of version %s failed", version_id)
        _fail(version, _("The report could not be rendered: %(error)s") % {"error": exc})
        return None
    except SoftTimeLimitExceeded:
        _fail(version, _("The rendering took too long and was stopped."))
        return None
    except DatabaseError as exc:
        if isinstance(exc, TRANSIENT):
            raise
        _fail(version, _("The report could not be rendered: %(error)s") % {"error": exc})
        return None
    with unscoped(JOB_ROWS), transaction.atomic():
        # Under the row's lock no other start can claim it: the file and the row written here
        # belong to the same, latest, start.
        if latest_start(version).select_for_update(of=("self",)).first() is None:
            return superseded(version)
        name = store_pdf(version, content)
        latest_start(version).update(
            status=RenderStatus.READY,
            progress=100,
            pdf=name,
            pages=pages,
            size=len(content),
            error="",
            finished_at=timezone.now(),
            render_ms=round((time.perf_counter() - started) * 1000),
        )
        notices.tell_requester(version.pk)
    version.refresh_from_db()
    return version


def superseded(version: ReportVersion) -> None:
    log.info(
        "Rendering of version %s (start %s of the request of %s) stopped: a later start took over",
        version.pk,
        version.attempts,
        version.requested_at,
    )


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
