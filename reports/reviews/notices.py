"""The notification a rendering job sends when it ends: to the user who asked for the version,
that its PDF is ready, or why it could not be made (``accounts.notifications``)."""

from __future__ import annotations

from django.utils.text import Truncator

from accounts.models import NotificationKind
from accounts.notifications import notify
from areas.scoping import unscoped
from reports.reviews.models import RenderStatus, ReportVersion

JOB_ROW = "a rendering job that ended tells its requester, by the version's id"


def tell_requester(version_id: int) -> None:
    """Tell the requester how their version ended, once for each time it was asked for (a job
    retried by Thử lại tells again; a job that ends twice, or is failed twice, does not)."""
    with unscoped(JOB_ROW):
        version = (
            ReportVersion.objects.select_related("report", "requested_by")
            .filter(pk=version_id, status__in=[RenderStatus.READY, RenderStatus.FAILED])
            .first()
        )
    if version is None:
        return
    ready = version.status == RenderStatus.READY
    report = version.report
    notify(
        kind=NotificationKind.REPORT_READY if ready else NotificationKind.REPORT_FAILED,
        recipients=[version.requested_by],
        link=report.get_absolute_url(),
        params={"report": Truncator(report.title).chars(150), "number": version.number},
        body="" if ready else version.error,
        event=f"version:{version.pk}:{version.requested_at.timestamp():.6f}",
    )
