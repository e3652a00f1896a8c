"""What the report's page says about a rendering job, whatever became of it: inline (no broker)
the job has run when the page comes back; a dead or silent broker fails the version at once,
with the reason, and it can be retried; a job lost long ago shows as stalled and can be
retried, and the old job, should it finish after all, cannot overwrite the new one."""

import datetime
import re
import socket
import threading
import time

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reports.models import RenderStatus, ReportVersion
from reports.reviews import jobs, rendering, services
from reports.statistics import Period
from tests.conftest import login
from tests.reports.test_review_worker import broker  # noqa: F401  (a live Redis, no worker)

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
LONG_AGO = datetime.timedelta(seconds=settings.REPORT_RENDER_STALLED_AFTER + 60)
QUEUE_DOWN = (
    "Hàng đợi công việc hiện không hoạt động nên chưa tạo được PDF. Hãy thử lại sau vài phút; "
    "nếu vẫn bị như vậy, hãy báo quản trị viên."
)


@pytest.fixture
def report(world, secretary):
    return services.create_report(
        user=secretary, kind="final", unit=secretary.scope_unit, period=YEAR, number=4
    )


def alerts(html: str) -> list[str]:
    """The page's alerts about its rendering jobs (not the sign-off's notice that the period's
    months are not all approved, tested in tests/models_registry/test_signoff_pages.py)."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", a).split())
        for attributes, a in re.findall(r'<div class="alert([^>]*)>(.*?)</div>', html, re.S)
        if "data-unapproved-period" not in attributes
    ]


def version_items(html: str) -> list[str]:
    return re.findall(r'<li class="list-group-item small" id="version-.*?</li>', html, re.S)


def send_to(app, url: str) -> None:
    """This process sends its tasks to ``url`` from now on (not inline), and keeps results
    there too, as the settings do by default."""
    app.conf.update(
        task_always_eager=False,
        broker_url=url,
        broker_write_url=url,
        broker_read_url=url,
        result_backend=url,
    )
    app._pool = None
    app.amqp._producer_pool = None
    app.__dict__.pop("producer_pool", None)
    app._local.__dict__.pop("backend", None)


@pytest.fixture(params=["refused", "silent"])
def dead_broker(request):
    """A broker that is down: nothing listens on its port ("refused"), or something accepts
    connections and never answers ("silent", a hung Redis or a dropped network path)."""
    from config.celery import app

    keys = (
        "task_always_eager",
        "broker_url",
        "broker_write_url",
        "broker_read_url",
        "result_backend",
    )
    saved = {k: app.conf[k] for k in keys}
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    if request.param == "refused":
        sock.close()
    else:
        sock.listen(8)  # the kernel completes connections; nobody reads or writes
    send_to(app, f"redis://127.0.0.1:{port}/0")
    yield app
    sock.close()
    send_to(app, saved["broker_url"])
    app.conf.update(saved)
    app._local.__dict__.pop("backend", None)


# The page tests commit for real, as a request does (no ATOMIC_REQUESTS): the job is enqueued
# when the rendering's transaction commits, before the view reads the version's state.
committing = pytest.mark.django_db(transaction=True)


@committing
def test_inline_the_page_says_ready_once_and_nothing_about_rendering(report, secretary):
    client = login(secretary)
    response = client.post(reverse("reports:report_render", args=[report.pk]), follow=True)
    html = response.content.decode()
    assert alerts(html) == ["Phiên bản 1 đã sẵn sàng."]
    [item] = version_items(html)
    assert 'data-status="ready"' in item and ">Sẵn sàng</span>" in item
    assert "hx-get" not in item and "progress" not in item  # nothing left to poll
    for running in ("Đang tạo", "Đang chờ", "Đã yêu cầu"):
        assert running not in html


@committing
def test_inline_a_failed_job_is_said_to_have_failed(report, secretary, monkeypatch):
    def broken(document):
        raise ValueError("phông chữ hỏng")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    client = login(secretary)
    response = client.post(reverse("reports:report_render", args=[report.pk]), follow=True)
    html = response.content.decode()
    assert alerts(html) == ["Không tạo được phiên bản 1: Không tạo được báo cáo: phông chữ hỏng"]
    [item] = version_items(html)
    assert 'data-status="failed"' in item and 'data-testid="retry"' in item
    assert "Đang tạo" not in html


@committing
def test_a_queued_job_is_only_said_to_be_requested(report, secretary, broker):  # noqa: F811
    """With a broker the message claims no state: the version's own line shows it."""
    client = login(secretary)
    response = client.post(reverse("reports:report_render", args=[report.pk]), follow=True)
    html = response.content.decode()
    assert alerts(html) == [
        "Đã yêu cầu tạo phiên bản 1; tiến độ hiện ở danh sách phiên bản bên dưới."
    ]
    [item] = version_items(html)
    assert 'data-status="queued"' in item and ">Đang chờ</span>" in item and "hx-get" in item


@committing
def test_a_dead_broker_fails_the_version_at_once_and_it_can_be_retried(
    report, secretary, dead_broker
):
    client = login(secretary)
    started = time.monotonic()
    response = client.post(reverse("reports:report_render", args=[report.pk]))
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 3, f"the request waited {elapsed:.1f} s on a dead broker"
    version = report.versions.get()
    assert version.status == RenderStatus.FAILED and version.error == QUEUE_DOWN
    html = client.get(response["Location"]).content.decode()
    assert alerts(html) == [f"Không tạo được phiên bản 1: {QUEUE_DOWN}"]
    [item] = version_items(html)
    assert 'data-status="failed"' in item and QUEUE_DOWN in item
    assert 'data-testid="retry"' in item and "Đang tạo" not in html
    # The queue is back (inline here): the retry renders the same version.
    dead_broker.conf.task_always_eager = True
    response = client.post(reverse("reports:version_retry", args=[version.pk]), follow=True)
    version.refresh_from_db()
    assert version.status == RenderStatus.READY and version.error == ""
    assert alerts(response.content.decode()) == ["Phiên bản 1 đã sẵn sàng."]


def make_stalled(version: ReportVersion, status: str) -> None:
    """The version's job has been waiting, or rendering, for far longer than it may."""
    ReportVersion.objects.filter(pk=version.pk).update(
        status=status,
        requested_at=timezone.now() - LONG_AGO,
        started_at=timezone.now() - LONG_AGO if status == RenderStatus.RENDERING else None,
        attempts=1 if status == RenderStatus.RENDERING else 0,
        progress=40 if status == RenderStatus.RENDERING else 0,
    )


@pytest.mark.parametrize("status", [RenderStatus.QUEUED, RenderStatus.RENDERING])
def test_a_job_far_past_its_time_limit_is_stalled_and_a_retry_queues_it_again(
    report, secretary, status, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the message is lost
        version = jobs.request_rendering(report=report, user=secretary)
    make_stalled(version, status)
    client = login(secretary)
    [item] = version_items(client.get(report.get_absolute_url()).content.decode())
    assert 'data-status="stalled"' in item and ">Bị treo</span>" in item
    assert "Không có tiến triển từ" in item and 'data-testid="retry"' in item
    assert "<progress" not in item and 'hx-trigger="every 10s"' in item
    # The status the row keeps is the job's; "stalled" is only how it is shown.
    version.refresh_from_db()
    assert version.status == status and version.is_stalled and version.can_retry
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(reverse("reports:version_retry", args=[version.pk]))
    version.refresh_from_db()
    assert len(queued) == 1 and version.status == RenderStatus.REQUESTED
    assert not version.is_stalled and version.attempts == 0
    assert timezone.now() - version.requested_at < datetime.timedelta(seconds=30)
    queued[0]()  # the new message, run inline
    version.refresh_from_db()
    assert version.status == RenderStatus.READY and version.attempts == 1


@pytest.mark.parametrize("status", [RenderStatus.QUEUED, RenderStatus.RENDERING])
def test_a_job_within_its_time_limit_is_running_and_a_retry_leaves_it_alone(
    report, secretary, status, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = jobs.request_rendering(report=report, user=secretary)
    # Just under the threshold: slow, but the job may still finish by itself.
    almost = timezone.now() - datetime.timedelta(seconds=settings.REPORT_RENDER_STALLED_AFTER - 30)
    ReportVersion.objects.filter(pk=version.pk).update(
        status=status, requested_at=almost, started_at=almost, attempts=1
    )
    client = login(secretary)
    [item] = version_items(client.get(report.get_absolute_url()).content.decode())
    assert f'data-status="{status}"' in item and "<progress" in item
    assert 'hx-trigger="every 1s"' in item and 'data-testid="retry"' not in item
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("reports:version_retry", args=[version.pk]), follow=True)
    assert queued == []
    version.refresh_from_db()
    assert version.status == status and version.requested_at == almost
    assert alerts(response.content.decode()) == [
        "Đã yêu cầu tạo phiên bản 1; tiến độ hiện ở danh sách phiên bản bên dưới."
    ]


@pytest.mark.django_db(transaction=True)
def test_the_old_job_of_a_retried_version_cannot_overwrite_the_new_one(
    report, secretary, monkeypatch
):
    """The first job stalls inside the renderer; the version is retried and rendered; then
    the first job finishes after all. Only the latest start writes the row and the PDF."""
    real = rendering.render_pdf
    release, inside = threading.Event(), threading.Event()
    old_result = []

    def render(document):
        if threading.current_thread() is not threading.main_thread():
            inside.set()
            assert release.wait(60)
            return b"%PDF-old job", 99
        return real(document)

    monkeypatch.setattr(rendering, "render_pdf", render)
    version = ReportVersion.objects.create(report=report, number=1, requested_by=secretary)

    def old_job():
        try:
            old_result.append(jobs.run_rendering(version.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=old_job)
    thread.start()
    try:
        assert inside.wait(60)
        version.refresh_from_db()
        assert version.status == RenderStatus.RENDERING and version.attempts == 1
        ReportVersion.objects.filter(pk=version.pk).update(
            started_at=timezone.now() - LONG_AGO  # stalled, as far as the page can tell
        )
        jobs.retry_rendering(version=version, user=secretary)  # commits: runs inline
        version.refresh_from_db()
        assert version.status == RenderStatus.READY and version.attempts == 1
        new = (version.pages, version.size, version.requested_at, version.finished_at)
        with default_storage.open(version.pdf.name, "rb") as f:
            new_pdf = f.read()
    finally:
        release.set()
        thread.join(60)
    assert old_result == [None]  # it found a later start had taken over
    version.refresh_from_db()
    assert (version.pages, version.size, version.requested_at, version.finished_at) == new
    assert version.status == RenderStatus.READY and version.pages != 99
    with default_storage.open(version.pdf.name, "rb") as f:
        assert f.read() == new_pdf  # the file is the new job's, not the old one's
    files = default_storage.listdir(f"reports/{report.pk}")[1]
    assert [f for f in files if f"-{version.pk}." in f] == [version.pdf.name.rsplit("/", 1)[1]]


def test_a_start_that_is_no_longer_the_latest_writes_nothing(report, secretary):
    """Whatever the old start would write — the snapshot, progress, failure — is refused
    once a later start (a message that came back, or a retry) has claimed the version."""
    version = ReportVersion.objects.create(report=report, number=1, requested_by=secretary)
    first = jobs.claim(version.pk)
    second = jobs.claim(version.pk)  # the message came back while the first was running
    assert (first.attempts, second.attempts) == (1, 2)
    assert not jobs._update(first, progress=70)
    jobs._fail(first, "old failure")
    version.refresh_from_db()
    assert version.status == RenderStatus.RENDERING and version.progress == 0
    assert jobs._update(second, progress=70)
    ReportVersion.objects.filter(pk=version.pk).update(started_at=timezone.now() - LONG_AGO)
    jobs.retry_rendering(version=version, user=secretary)
    third = jobs.claim(version.pk)
    # The retry counts its starts from one again: the request tells the first start apart.
    assert third.attempts == first.attempts and third.requested_at != first.requested_at
    assert not jobs._update(first, progress=80) and not jobs._update(second, progress=80)
    assert jobs._update(third, progress=80)
