"""The review report's rendering job, its pages and the scheduled drafts (tasks inline, as in
``make demo``; the real worker on Redis is in test_review_worker)."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.db import ProgrammingError, transaction
from django.urls import reverse

from reports.models import RenderStatus, ReportVersion, ReviewReport
from reports.reviews import jobs, rendering, services, tasks
from reports.statistics import Period
from tests.conftest import complete, login, outside_any_scope

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


@pytest.fixture
def report(world, secretary):
    return services.create_report(
        user=secretary, kind="final", unit=secretary.scope_unit, period=YEAR, number=3
    )


def render(report, user, capture):
    with capture(execute=True):
        version = jobs.request_rendering(report=report, user=user)
    version.refresh_from_db()
    return version


def test_rendering_is_enqueued_on_commit_and_ends_ready(
    report, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = jobs.request_rendering(report=report, user=secretary)
    version.refresh_from_db()
    assert version.status == RenderStatus.REQUESTED and len(callbacks) == 1  # not before commit
    outside_any_scope(callbacks[0])  # as a worker runs it: no request, no scope
    version.refresh_from_db()
    assert version.status == RenderStatus.READY and version.progress == 100
    assert version.attempts == 1 and version.pages >= 2 and version.error == ""
    with default_storage.open(version.pdf.name, "rb") as f:
        assert f.read(5) == b"%PDF-"
    assert version.snapshot["header"]["number"] == "Số: 3/BC-BCĐ"
    files = default_storage.listdir(f"reports/{report.pk}")[1]
    assert [f for f in files if f.endswith(f"-{version.pk}.pdf") or f.endswith(".part")] == [
        version.pdf.name.rsplit("/", 1)[1]
    ]  # one file for the version, no leftover part file


def test_each_rendering_is_a_new_version_and_a_rerun_adds_nothing(
    report, secretary, django_capture_on_commit_callbacks
):
    first = render(report, secretary, django_capture_on_commit_callbacks)
    second = render(report, secretary, django_capture_on_commit_callbacks)
    assert (first.number, second.number) == (1, 2) and second.pdf.name != first.pdf.name
    assert tasks.render_report.delay(first.pk).get() == "skipped"  # a redelivered message
    first.refresh_from_db()
    assert first.attempts == 1 and ReportVersion.objects.filter(report=report).count() == 2


def test_a_job_interrupted_too_often_fails_instead_of_looping(
    report, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = jobs.request_rendering(report=report, user=secretary)
    # The worker died mid-render MAX_ATTEMPTS times (each start was counted).
    ReportVersion.objects.filter(pk=version.pk).update(
        status=RenderStatus.RENDERING, attempts=jobs.MAX_ATTEMPTS
    )
    assert tasks.render_report.delay(version.pk).get() == "skipped"
    version.refresh_from_db()
    assert version.status == RenderStatus.FAILED and "gián đoạn 5 lần" in version.error
    assert not version.pdf


def test_a_failed_job_says_why_and_a_retry_renders_it(
    report, secretary, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(document):
        raise ValueError("ảnh không đọc được")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    version = render(report, secretary, django_capture_on_commit_callbacks)
    assert version.status == RenderStatus.FAILED and "ảnh không đọc được" in version.error
    monkeypatch.undo()
    client = login(secretary)
    page = client.get(report.get_absolute_url())
    assert (
        "ảnh không đọc được" in page.content.decode()
        and 'data-testid="retry"' in page.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:version_retry", args=[version.pk]))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == RenderStatus.READY and version.attempts == 1 and version.error == ""


def test_a_transient_database_error_is_retried(
    report, secretary, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import OperationalError

    calls = []
    real = rendering.render_pdf

    def flaky(document):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(document)

    monkeypatch.setattr(rendering, "render_pdf", flaky)
    with django_capture_on_commit_callbacks(execute=False):
        version = jobs.request_rendering(report=report, user=secretary)
    # As a worker runs it: the task retries itself (with backoff) and the second start renders.
    result = tasks.render_report.apply(args=[version.pk], throw=False)
    version.refresh_from_db()
    assert result.get() == "ready" and len(calls) == 2
    assert version.status == RenderStatus.READY and version.attempts == 2


def test_an_issued_version_never_changes(report, secretary, django_capture_on_commit_callbacks):
    complete(report)
    version = render(report, secretary, django_capture_on_commit_callbacks)
    client = login(secretary)
    assert client.post(reverse("reports:version_issue", args=[version.pk])).status_code == 302
    version.refresh_from_db()
    assert version.is_issued and version.issued_by == secretary
    with pytest.raises(ProgrammingError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(pages=1)
    with pytest.raises(jobs.RenderingError):
        jobs.request_rendering(report=report, user=secretary)
    # The report's text is locked too: the page refuses the edit and says why.
    before = ReviewReport.objects.get(pk=report.pk).situation
    response = client.post(report.get_absolute_url(), {"situation": "sửa"}, follow=True)
    assert (
        "can no longer be changed" in response.content.decode()
        or "không thể" in response.content.decode()
    )
    assert ReviewReport.objects.get(pk=report.pk).situation == before


def test_secretary_creates_edits_previews_renders_and_downloads(
    world, secretary, django_capture_on_commit_callbacks
):
    client = login(secretary)
    response = client.post(
        reverse("reports:report_add"),
        {
            "kind": "interim",
            "unit": secretary.scope_unit_id,
            "preset": "custom",
            "start": "2025-01-01",
            "end": "2025-12-31",
        },
    )
    report = ReviewReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.title.startswith("Sơ kết năm 2025") and report.created_by == secretary
    data = {
        f: getattr(report, f) or ""
        for f in [
            "title",
            "parent_body",
            "issuing_body",
            "symbol",
            "place",
            "situation",
            "results_note",
            "strengths",
            "limitations",
            "causes",
            "lessons",
            "directions",
            "proposals",
            "recipients",
            "signing_mode",
            "signing_body",
            "signer_title",
            "signer_name",
        ]
    }
    data.update(
        period_start="2025-01-01",
        period_end="2025-12-31",
        number="7",
        issued_on="",
        limitations="Một số tổ hoạt động chưa đều.",
    )
    assert client.post(report.get_absolute_url(), data).status_code == 302
    report.refresh_from_db()
    assert report.limitations == "Một số tổ hoạt động chưa đều." and report.number == 7
    preview = client.get(reverse("reports:report_preview", args=[report.pk])).content.decode()
    assert "Một số tổ hoạt động chưa đều." in preview and "tổ chức 3 ca tuần tra" in preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report_render", args=[report.pk]))
    version = report.versions.get()
    assert version.status == RenderStatus.READY
    status = client.get(reverse("reports:version_status", args=[version.pk]))
    assert 'data-status="ready"' in status.content.decode()
    download = client.get(reverse("reports:version_pdf", args=[version.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert "attachment" in download["Content-Disposition"]


def test_bad_input_gets_a_message_and_changes_nothing(world, secretary):
    client = login(secretary)
    response = client.post(
        reverse("reports:report_add"),
        {
            "kind": "final",
            "unit": secretary.scope_unit_id,
            "preset": "custom",
            "start": "2025-12-31",
            "end": "2025-01-01",
        },
    )
    assert response.status_code == 200 and ReviewReport.objects.count() == 0
    assert (
        "The end must be on or after the start." in response.content.decode()
        or "Ngày kết thúc" in response.content.decode()
    )


def test_province_staff_read_reports_but_do_not_write_them(report, province_staff):
    client = login(province_staff)
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.get(reverse("reports:report_add")).status_code == 403
    assert client.post(reverse("reports:report_render", args=[report.pk])).status_code == 403


def test_scheduled_drafts_only_for_units_with_activity(world, province, commune_a, commune_b):
    drafted = services.draft_scheduled_reports(datetime.date(2025, 12, 15))
    # The police statistical year 15/12/2024–14/12/2025: shifts in A and B, none in C.
    assert sorted(r.unit.name for r in drafted) == sorted(
        [province.name, commune_a.name, commune_b.name]
    )
    report = next(r for r in drafted if r.unit == province)
    assert (report.kind, report.period_start, report.period_end) == (
        "final",
        datetime.date(2024, 12, 15),
        datetime.date(2025, 12, 14),
    )
    assert report.scheduled and report.title.startswith("Tổng kết năm 2025")
    assert services.draft_scheduled_reports(datetime.date(2025, 12, 16)) == []  # once
    assert services.draft_scheduled_reports(datetime.date(2025, 3, 15)) == []
    june = services.draft_scheduled_reports(datetime.date(2025, 6, 15))
    assert {r.kind for r in june} == {"interim"} and june[0].period_end == datetime.date(
        2025, 6, 14
    )


def test_the_beat_schedule_runs_the_drafts_in_june_and_december(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="reports.tasks.draft_reviews")
    assert (
        task.enabled and task.crontab.month_of_year == "6,12" and task.crontab.day_of_month == "15"
    )


def test_the_drafting_task_runs_outside_any_scope(world, province):
    """As celery beat runs it: no request, no scope; the task opens its own."""
    from reports.reviews.tasks import draft_reviews

    assert outside_any_scope(draft_reviews, "2025-12-15") == 3
    assert outside_any_scope(draft_reviews, "2025-12-15") == 0
