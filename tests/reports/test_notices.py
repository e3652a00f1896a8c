"""What the reports app tells: a rendering job that ends tells its requester, once per
request; each Monday every province's staff hear of the communes and patrol teams that logged
no shift in the last 14 days — exactly the completeness page's — and no one else does."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Notification
from reports.dashboards import digest
from reports.dashboards.tasks import notify_silent_units
from reports.models import RenderStatus
from reports.reviews import jobs, rendering, services
from reports.statistics import Period, completeness
from tests.factories import CommuneFactory, GrassrootsModelFactory, UserFactory

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


def test_a_ready_pdf_tells_its_requester_only(
    report, secretary, province_staff, officer_a, django_capture_on_commit_callbacks
):
    version = render(report, secretary, django_capture_on_commit_callbacks)
    assert version.status == RenderStatus.READY
    note = Notification.objects.get()
    assert note.recipient == secretary and note.kind == "report_ready"
    assert note.title == f"PDF của báo cáo “{report.title}” (phiên bản 1) đã tạo xong."
    assert note.link == report.get_absolute_url()


def test_a_failed_pdf_tells_why_once_per_request(
    report, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(snapshot):
        raise ValueError("thiếu phông chữ")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    version = render(report, secretary, django_capture_on_commit_callbacks)
    assert version.status == RenderStatus.FAILED
    note = Notification.objects.get()
    assert note.kind == "report_failed" and note.recipient == secretary
    assert note.title == f"Không tạo được PDF của báo cáo “{report.title}” (phiên bản 1)."
    assert "thiếu phông chữ" in note.body
    jobs.fail(version.pk, "Lần nữa")  # failed again by the task's last resort: no second one
    assert Notification.objects.count() == 1
    # Thử lại is a new request: it ends ready, and says so.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.retry_rendering(version=version, user=secretary)
    assert list(Notification.objects.order_by("pk").values_list("kind", flat=True)) == [
        "report_failed",
        "report_ready",
    ]


def test_a_job_run_again_tells_nothing_new(report, secretary, django_capture_on_commit_callbacks):
    version = render(report, secretary, django_capture_on_commit_callbacks)
    jobs.run_rendering(version.pk)  # a redelivered message: nothing to do
    assert Notification.objects.count() == 1


def test_a_queue_that_is_down_tells_the_requester(
    report, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    from reports.reviews.tasks import render_report

    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    render_report.app.conf.task_always_eager = False  # put back by the autouse _tasks_inline
    monkeypatch.setattr(render_report, "apply_async", down)
    version = render(report, secretary, django_capture_on_commit_callbacks)
    assert version.status == RenderStatus.FAILED
    assert Notification.objects.get().kind == "report_failed"


# --- the weekly digest of silent units ---------------------------------------------------

MONDAY = datetime.date(2026, 11, 30)


def shift_on(team, day: datetime.date):
    from patrols.models import Shift

    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(20)))
    return Shift.objects.create(
        model=team,
        commune=team.commune,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )


@pytest.fixture
def silence(province, other_province, commune_a, commune_b, patrol_type, camera_type):
    """In the province: commune A with a team that logged 2 days ago and one silent for 20
    days; commune B whose only team never logged; commune C with no team. In the other
    province: one silent team beside one that logged today."""
    est = datetime.date(2024, 1, 1)

    def team(name, commune, model_type=patrol_type):
        return GrassrootsModelFactory(
            name=name, commune=commune, model_type=model_type, established_on=est
        )

    CommuneFactory(parent=province, name="Xã Tà Năng", code="24970")
    logging = team("Tổ tuần tra Phi Nôm", commune_a)
    shift_on(logging, MONDAY - datetime.timedelta(days=2))
    quiet = team("Tổ tuần tra Đoàn Kết", commune_a)
    shift_on(quiet, MONDAY - datetime.timedelta(days=20))
    edge = team("Tổ tuần tra Giáp Ranh", commune_a)  # 13 days ago: still inside the 14 days
    shift_on(edge, MONDAY - datetime.timedelta(days=13))
    never = team("Tổ tuần tra Bắc Hội", commune_b)
    team("Mắt camera Bắc Hội", commune_b, camera_type)  # not a patrol team: never silent
    far = CommuneFactory(parent=other_province, name="Xã Ia Grai", code="23500")
    team("Tổ tuần tra Ia Grai", far)
    shift_on(team("Tổ tuần tra Ia Grai 2", far), MONDAY)  # so the commune is not silent
    return {"quiet": quiet, "never": never}


def test_the_digest_lists_exactly_the_silent_communes_and_teams(
    silence, province, province_staff, officer_a, secretary, staff_elsewhere
):
    colleague = UserFactory(username="tinh2", role="province_staff", scope_unit=province)
    retired = UserFactory(
        username="tinh3", role="province_staff", scope_unit=province, is_active=False
    )
    assert notify_silent_units.delay(MONDAY.isoformat()).get() == 3
    mine = Notification.objects.get(recipient=province_staff)
    assert mine.kind == "silent_units"
    assert mine.title == (
        "Tỉnh Lâm Đồng: 1 xã, phường và 2 tổ tuần tra chưa ghi ca nào trong 14 ngày qua."
    )
    assert mine.body.splitlines() == [
        "Xã, phường không có tổ tuần tra nào ghi ca (1):",
        "- Xã Đức Trọng",
        "Tổ tuần tra chưa ghi ca (2):",
        "- Tổ tuần tra Bắc Hội — Xã Đức Trọng: chưa ghi ca nào",
        "- Tổ tuần tra Đoàn Kết — Xã Hiệp Thạnh: ca gần nhất ngày 10/11/2026, cách đây 20 ngày",
    ]
    assert mine.link == "/dashboard/completeness/?days=14"
    # The same figures as the completeness page's.
    page = completeness(province_staff, province, 14, MONDAY)
    assert [r.label for r in page.silent_models] == ["Tổ tuần tra Bắc Hội", "Tổ tuần tra Đoàn Kết"]
    assert [r.label for r in page.silent_communes] == ["Xã Đức Trọng"]
    # The colleague gets the same; the other province's staff only their own team.
    assert Notification.objects.get(recipient=colleague).body == mine.body
    theirs = Notification.objects.get(recipient=staff_elsewhere)
    assert theirs.title == "Tỉnh Gia Lai: 1 tổ tuần tra chưa ghi ca nào trong 14 ngày qua."
    assert "Ia Grai" in theirs.body and "Đức Trọng" not in theirs.body
    assert not Notification.objects.filter(recipient__in=[officer_a, secretary, retired]).exists()


def test_the_digest_runs_once_a_week(silence, province_staff):
    assert digest.notify_silent_units(MONDAY) == 1
    assert digest.notify_silent_units(MONDAY + datetime.timedelta(days=1)) == 0  # same week
    assert digest.notify_silent_units(MONDAY + datetime.timedelta(days=7)) == 1


def test_no_digest_when_every_team_logged(province_staff, commune_a, patrol_type):
    team = GrassrootsModelFactory(
        commune=commune_a, model_type=patrol_type, established_on=datetime.date(2024, 1, 1)
    )
    shift_on(team, MONDAY)
    assert digest.notify_silent_units(MONDAY) == 0


def test_the_digest_is_scheduled_every_monday_morning_in_viet_nam(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="reports.tasks.notify_silent_units")
    crontab = task.crontab
    assert task.enabled
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("0", "7", "1")
    assert str(crontab.timezone) == "Asia/Ho_Chi_Minh"
