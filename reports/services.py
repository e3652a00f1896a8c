"""Writes of the review reports: drafting a report, the rendering job, issuing a version, and
the scheduled drafts. Views, tasks and commands call these; nothing else writes the rows.

The rendering job (``ReportVersion``) goes requested → queued → rendering → ready | failed.
A Celery message that is not acknowledged comes back after its worker died (``acks_late`` +
``reject_on_worker_lost``), and such a redelivery is not counted by Celery: ``attempts`` on
the row counts every start, and a job started ``MAX_ATTEMPTS`` times gives up as failed
instead of looping. A retry reuses the snapshot taken by an earlier attempt, so a job that
runs twice prints the same document once.
"""

from __future__ import annotations

import datetime
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

from areas.models import Area, AreaLevel
from areas.scoping import unscoped
from reports import documents
from reports.models import RenderStatus, ReportVersion, ReviewKind, ReviewReport
from reports.periods import Period

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A rendering job finds and updates its own row by id (the task runs outside any request);
# it builds the document as its requester, through the engine's own scope.
JOB_ROWS = "a rendering job reads and updates its own version row, by id"
CLAIMABLE = [RenderStatus.REQUESTED, RenderStatus.QUEUED, RenderStatus.RENDERING]
STEERING_COMMITTEE = (
    "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM VÀ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC"
)


class RenderingError(Exception):
    """A rendering that cannot succeed by trying again; its message is shown on the page."""


# --- drafting ----------------------------------------------------------------------------


def default_title(kind: str, period: Period, unit, model=None, model_type=None) -> str:
    word = "Sơ kết" if kind == ReviewKind.INTERIM else "Tổng kết"
    span = _period_words(period)
    where = documents.unit_phrase(unit)
    if model is not None:
        return f"{word} {span} thực hiện mô hình “{model.name}” {where}"
    if model_type is not None:
        return f"{word} {span} thực hiện mô hình “{model_type.name}” trên địa bàn {where}"
    return (
        f"{word} {span} công tác phòng, chống tội phạm và phong trào toàn dân bảo vệ an ninh "
        f"Tổ quốc trên địa bàn {where}"
    )


def _period_words(period: Period) -> str:
    months = round(period.days / 30.4)
    year = period.end.year
    if months in (11, 12, 13):
        return f"năm {year}"
    if months == 6:
        return f"06 tháng đầu năm {year}"
    if months == 9:
        return f"09 tháng năm {year}"
    if months >= 24 and months % 12 in (0, 1, 11):
        return f"{round(months / 12):02d} năm (giai đoạn {period.start.year}–{year})"
    return f"từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"


def draft_defaults(kind: str, unit, period: Period, model=None, model_type=None) -> dict:
    """Header data and a first draft of the written sections, for the secretary to complete."""
    province = unit if unit.level == AreaLevel.PROVINCE else unit.parent
    body_unit = documents.unit_phrase(unit).upper()
    where = documents.unit_phrase(unit)
    span = f"từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"
    subject = (
        f"mô hình “{model.name}”"
        if model
        else f"các mô hình “{model_type.name}”"
        if model_type
        else "các mô hình phòng, chống tội phạm, tự quản về an ninh, trật tự"
    )
    return {
        "kind": kind,
        "unit": unit,
        "model": model,
        "model_type": model_type,
        "period_start": period.start,
        "period_end": period.end,
        "parent_body": f"UBND {body_unit}",
        "issuing_body": f"{STEERING_COMMITTEE} {body_unit}",
        "place": documents.place_name(province or unit),
        "title": default_title(kind, period, unit, model, model_type),
        "recipients": "\n".join(
            [
                "Ban Chỉ đạo cấp trên (để báo cáo)",
                "Thường trực cấp ủy, HĐND, UBND (để báo cáo)",
                "Các thành viên Ban Chỉ đạo",
                "Lưu: VT",
            ]
        ),
        "situation": (
            f"Trong kỳ báo cáo ({span}), tình hình an ninh chính trị, trật tự, an toàn xã hội "
            f"trên địa bàn {where} cơ bản ổn định. [Nêu đặc điểm kinh tế - xã hội, tình hình "
            "tội phạm, tệ nạn xã hội có ảnh hưởng đến phong trào và hoạt động của các mô hình.]"
        ),
        "strengths": (
            f"Cấp ủy, chính quyền quan tâm lãnh đạo, chỉ đạo; {subject} duy trì hoạt động "
            "thường xuyên, phối hợp chặt chẽ với lực lượng Công an trong tuần tra, phát hiện, "
            "giải quyết vụ việc ngay từ cơ sở. [Bổ sung ưu điểm nổi bật.]"
        ),
        "limitations": "[Nêu những hạn chế, tồn tại trong tổ chức, hoạt động của các mô hình.]",
        "causes": "[Nêu nguyên nhân khách quan, chủ quan của ưu điểm và hạn chế.]",
        "lessons": (
            "Phải thường xuyên nhận được sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền; phát huy "
            "vai trò nòng cốt của lực lượng Công an; lấy Nhân dân làm chủ thể, lựa chọn người "
            "có uy tín tham gia mô hình. [Bổ sung bài học kinh nghiệm.]"
        ),
        "directions": (
            f"Tiếp tục củng cố, nâng cao chất lượng hoạt động của {subject} trên địa bàn {where}; "
            "duy trì tuần tra, kiểm soát, nhất là vào ban đêm và các dịp lễ, Tết; nhân rộng "
            "các mô hình hiệu quả; kịp thời biểu dương, khen thưởng tập thể, cá nhân có thành "
            "tích. [Bổ sung nhiệm vụ trọng tâm kỳ tới.]"
        ),
        "proposals": "[Nêu đề xuất, kiến nghị với cấp trên về kinh phí, chế độ, chính sách.]",
    }


@transaction.atomic
def create_report(
    *,
    user,
    kind: str,
    unit,
    period: Period,
    model=None,
    model_type=None,
    scheduled: bool = False,
    **overrides,
) -> ReviewReport:
    values = draft_defaults(kind, unit, period, model, model_type)
    values.update({k: v for k, v in overrides.items() if v not in (None, "")})
    report = ReviewReport(**values, created_by=user, scheduled=scheduled)
    report.full_clean()
    report.save()
    return report


# --- the rendering job -------------------------------------------------------------------


@transaction.atomic
def request_rendering(*, report: ReviewReport, user) -> ReportVersion:
    """A new version of the report, rendered by a Celery task enqueued once this transaction
    commits (so the worker finds the row)."""
    if report.versions.filter(issued_at__isnull=False).exists():
        raise RenderingError(_("This report has been issued; it can no longer be rendered."))
    ReviewReport.objects.select_for_update().filter(pk=report.pk).first()  # numbers in order
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    version = ReportVersion.objects.create(report=report, number=last + 1, requested_by=user)
    transaction.on_commit(partial(enqueue, version.pk))
    return version


def enqueue(version_id: int) -> None:
    from reports.tasks import render_report

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
    with transaction.atomic():
        version = (
            ReportVersion.objects.select_for_update()
            .filter(pk=version_id, status__in=CLAIMABLE)
            .first()
        )
        if version is None:
            return None
        version.attempts = F("attempts") + 1
        version.status = RenderStatus.RENDERING
        version.started_at = timezone.now()
        version.save(update_fields=["attempts", "status", "started_at", "updated_at"])
        version.refresh_from_db()
        return version


def set_progress(version_id: int, percent: int) -> None:
    ReportVersion.objects.filter(pk=version_id).update(progress=percent)


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
    report = version.report
    try:
        if version.snapshot is None:
            version.snapshot = documents.build_document(report, version.requested_by)
            ReportVersion.objects.filter(pk=version_id).update(
                snapshot=version.snapshot, progress=40
            )
        pause = getattr(settings, "REPORT_RENDER_PAUSE", 0)
        if pause:  # lets tests catch a job mid-render
            time.sleep(pause)
        set_progress(version_id, 60)
        content, pages = documents.render_pdf(version.snapshot)
        set_progress(version_id, 90)
    except (RenderingError, ValueError, KeyError, TypeError) as exc:
        log.exception("Rendering of version %s failed", version_id)
        fail(version_id, _("The report could not be rendered: %(error)s") % {"error": exc})
        return None
    name = store_pdf(version, content)
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


@transaction.atomic
def issue_version(*, version: ReportVersion, user) -> ReportVersion:
    """Ban hành: the version becomes the report as sent out and never changes again."""
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != RenderStatus.READY:
        raise RenderingError(_("Only a ready version can be issued."))
    if version.report.versions.filter(issued_at__isnull=False).exists():
        raise RenderingError(_("This report already has an issued version."))
    version.issued_at = timezone.now()
    version.issued_by = user
    version.save(update_fields=["issued_at", "issued_by", "updated_at"])
    return version


# --- scheduled drafts --------------------------------------------------------------------


def scheduled_period(today: datetime.date) -> tuple[str, Period] | None:
    """The draft due in ``today``'s month: in June the 6-month interim review, in December
    the annual final review, both over the police statistical calendar (from 15/12 of the
    year before)."""
    start = datetime.date(today.year - 1, 12, 15)
    if today.month == 6:
        return ReviewKind.INTERIM, Period(start, datetime.date(today.year, 6, 14))
    if today.month == 12:
        return ReviewKind.FINAL, Period(start, datetime.date(today.year, 12, 14))
    return None


def draft_scheduled_reports(today: datetime.date) -> list[ReviewReport]:
    """Draft the due review for every province and commune that had activity in the period
    (a shift or an incident logged); none for a unit without. Running it again drafts nothing
    new (one scheduled draft per unit, kind and period)."""
    from patrols.models import Incident, Shift

    due = scheduled_period(today)
    if due is None:
        return []
    kind, period = due
    country = Area.objects.get(level=AreaLevel.COUNTRY)
    # The schedule acts for the whole country: it reads through the scoping mechanism at the
    # country's unit, like a national user would.
    active = set(
        Shift.objects.in_unit(country)
        .filter(day__range=(period.start, period.end))
        .values_list("commune_id", flat=True)
        .distinct()
    ) | set(
        Incident.objects.in_unit(country)
        .filter(day__range=(period.start, period.end))
        .values_list("commune_id", flat=True)
        .distinct()
    )
    communes = list(Area.objects.filter(pk__in=active).select_related("parent"))
    provinces = {c.parent for c in communes if c.parent and c.parent.level == AreaLevel.PROVINCE}
    existing = set(
        ReviewReport.objects.filter(
            scheduled=True, kind=kind, period_start=period.start, period_end=period.end
        ).values_list("unit_id", flat=True)
    )
    drafted = []
    with transaction.atomic():
        for unit in sorted(provinces, key=lambda a: a.code) + sorted(
            communes, key=lambda a: a.code
        ):
            if unit.pk in existing:
                continue
            drafted.append(
                create_report(user=None, kind=kind, unit=unit, period=period, scheduled=True)
            )
    return drafted
