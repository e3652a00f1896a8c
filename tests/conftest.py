"""Shared fixtures: a small province with two communes, and one user per role.

The "owner / colleague / outsider" pattern: ``officer_a`` owns commune A; ``officer_b`` is the
outsider for everything in A. Every scoped route is checked against this pair.
"""

import contextvars
import os

import pytest
from django.test import Client

from accounts.roles import Role
from tests.factories import (
    CommuneFactory,
    CountryFactory,
    ProvinceFactory,
    UserFactory,
    VillageFactory,
)

PASSWORD = "Mat-khau-2026"


def pytest_configure(config):
    """The session runs with a read replica configured, as production does with
    ``DATABASE_REPLICA_URL``: Django's test mirror of the default database (the same test
    database, through a connection of its own). Reads go to it only in the tests that set
    ``READ_REPLICA`` (tests/test_replica_router.py), which commit their rows: every other test
    keeps its rows in a transaction that another connection cannot see."""
    import copy

    from django.conf import settings
    from django.db import connections

    replica = copy.deepcopy(settings.DATABASES.get("replica") or settings.DATABASES["default"])
    replica["TEST"] = {"MIRROR": "default"}
    settings.DATABASES["replica"] = replica
    # Django has read DATABASES already (the same dict): fill in the new alias's defaults.
    connections.configure_settings(settings.DATABASES)
    settings.READ_REPLICA = None


@pytest.fixture(scope="session", autouse=True)
def _files_apart(tmp_path_factory):
    """What the tests write (report PDFs, signed copies, import previews, screenshots) goes to
    a directory of their own, never into var/ where the demo keeps its files; the Celery
    workers the job tests start read the same one (``VAR_DIR`` in their environment)."""
    from django.conf import settings
    from django.test.utils import override_settings

    var = tmp_path_factory.mktemp("var")
    private = var / "private"
    os.environ["VAR_DIR"] = str(var)
    storages = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": private}},
    }
    with override_settings(VAR_DIR=var, PRIVATE_MEDIA_ROOT=private, STORAGES=storages):
        yield


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_off(settings):
    """Two-factor sign-in is not required in the tests, whatever DEBUG says; a test of it
    turns it on (``settings.OTP_REQUIRED = True``)."""
    settings.OTP_REQUIRED = False


@pytest.fixture(autouse=True)
def _test_code_reads_unscoped():
    """The tests' own reads (fixtures, assertions) see every unit, by name; each request they
    send opens its user's scope (``areas.scoping.ScopeMiddleware``), tasks and the engine open
    theirs. ``tests/accounts/test_scoping.py`` runs code outside any scope on purpose."""
    from areas.scoping import unscoped

    with unscoped("test code reads the database directly"):
        yield


def outside_any_scope(function, *args):
    """Run ``function`` as a task or a command would: in a fresh context, with no scope (the
    tests' own unscoped block does not reach it)."""
    return contextvars.Context().run(function, *args)


def complete(report) -> None:
    """Fill in what issuing needs (number, date, signer) and replace the drafted prompts."""
    import datetime

    from reports.reviews.models import WRITTEN_SECTIONS, ReviewReport

    ReviewReport.objects.filter(pk=report.pk).update(
        number=12,
        issued_on=datetime.date(2026, 11, 20),
        signer_name="Nguyễn Văn An",
        **dict.fromkeys(WRITTEN_SECTIONS, "Nội dung đã viết."),
    )
    report.refresh_from_db()


def ready_version(report, user, *, number: int = 1, issuable: bool = True):
    """A rendered version of ``report`` (its snapshot built as ``user``, a stand-in PDF);
    ``issuable``: the report completed first, so nothing stops issuing it."""
    from reports.models import RenderStatus, ReportVersion
    from reports.reviews import document, jobs

    if issuable:
        complete(report)
    version = ReportVersion.objects.create(report=report, number=number, requested_by=user)
    ReportVersion.objects.filter(pk=version.pk).update(
        status=RenderStatus.READY,
        snapshot=document.build_document(report, user),
        pdf=jobs.store_pdf(version, b"%PDF-1.7 test"),
        pages=1,
    )
    version.refresh_from_db()
    return version


@pytest.fixture(autouse=True)
def _tasks_inline():
    """Tasks run inline in tests, even where CELERY_BROKER_URL is set (CI sets it); the job
    tests that use a real worker switch to the broker themselves (tests/reports/test_review_worker)."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def country(db):
    return CountryFactory()


@pytest.fixture
def province(country):
    return ProvinceFactory(parent=country, name="Tỉnh Lâm Đồng", code="68")


@pytest.fixture
def other_province(country):
    return ProvinceFactory(parent=country, name="Tỉnh Gia Lai", code="52")


@pytest.fixture
def commune_a(province):
    return CommuneFactory(parent=province, name="Xã Hiệp Thạnh", code="24967")


@pytest.fixture
def commune_b(province):
    return CommuneFactory(parent=province, name="Xã Đức Trọng", code="24958")


@pytest.fixture
def village_a(commune_a):
    return VillageFactory(parent=commune_a, name="Thôn Phi Nôm")


@pytest.fixture
def village_b(commune_b):
    return VillageFactory(parent=commune_b, name="Thôn Bắc Hội")


@pytest.fixture
def officer_a(commune_a):
    return UserFactory(username="officer_a", role=Role.COMMUNE_OFFICER, scope_unit=commune_a)


@pytest.fixture
def officer_b(commune_b):
    return UserFactory(username="officer_b", role=Role.COMMUNE_OFFICER, scope_unit=commune_b)


@pytest.fixture
def province_staff(province):
    return UserFactory(username="tinh", role=Role.PROVINCE_STAFF, scope_unit=province)


@pytest.fixture
def secretary(province):
    return UserFactory(username="thuky", role=Role.SECRETARY, scope_unit=province)


@pytest.fixture
def administrator(country):
    return UserFactory(
        username="quantri",
        role=Role.ADMINISTRATOR,
        scope_unit=country,
        is_staff=True,
        is_superuser=True,
    )


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_a(officer_a):
    return login(officer_a)


@pytest.fixture
def client_b(officer_b):
    return login(officer_b)


@pytest.fixture
def patrol_type(db):
    from models_registry.models import ModelType

    return ModelType.objects.get(name="Tổ tuần tra phòng, chống tội phạm")


@pytest.fixture
def camera_type(db):
    from models_registry.models import ModelType

    return ModelType.objects.get(name="Camera an ninh")


@pytest.fixture
def model_a(commune_a, patrol_type):
    from tests.factories import GrassrootsModelFactory

    return GrassrootsModelFactory(
        name="Tổ tuần tra Phi Nôm", commune=commune_a, model_type=patrol_type
    )


@pytest.fixture
def person_a(commune_a, village_a):
    from tests.factories import PersonFactory

    return PersonFactory(full_name="Trần Văn An", commune=commune_a, village=village_a)


@pytest.fixture
def registry_b(commune_b, village_b, patrol_type, camera_type):
    """Commune B's registry: a patrol team with a leader, a camera network with a camera."""
    from models_registry.models import ModelRating
    from tests.factories import (
        CameraFactory,
        GrassrootsModelFactory,
        MembershipFactory,
        PersonFactory,
    )

    team = GrassrootsModelFactory(
        name="Tổ tuần tra Bắc Hội", commune=commune_b, model_type=patrol_type
    )
    network = GrassrootsModelFactory(
        name="Mắt camera Bắc Hội", commune=commune_b, model_type=camera_type
    )
    person = PersonFactory(full_name="Lê Thị Bắc Hội", commune=commune_b, village=village_b)
    membership = MembershipFactory(person=person, model=team, role="leader")
    camera = CameraFactory(model=network, code="CAM-BH-01", place="Chợ Bắc Hội")
    rating = ModelRating.objects.create(model=team, year=2025, rating="good")
    return {
        "team": team,
        "network": network,
        "person": person,
        "membership": membership,
        "camera": camera,
        "rating": rating,
    }


@pytest.fixture
def patrols_b(registry_b, village_b):
    """Commune B's patrol log: one shift with its leader and an incident."""
    import datetime

    from django.utils import timezone

    from patrols.models import Incident, IncidentCategory, Shift, ShiftParticipant

    start = timezone.make_aware(datetime.datetime(2025, 3, 1, 20, 0))
    team = registry_b["team"]
    shift = Shift.objects.create(
        model=team,
        commune=team.commune,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    ShiftParticipant.objects.create(shift=shift, person=registry_b["person"])
    incident = Incident.objects.create(
        model=team,
        commune=team.commune,
        shift=shift,
        occurred_at=start,
        category=IncidentCategory.objects.get(code="theft_property"),
        detected_by="patrol",
        outcome="handed_to_police",
        village=village_b,
        description="Trộm ở Bắc Hội",
    )
    return {"shift": shift, "incident": incident}


@pytest.fixture
def reviews_b(commune_b, officer_b, patrols_b):
    """Commune B's review report with one rendered version (its snapshot and PDF stored)."""
    import datetime

    from reports.models import RenderStatus, ReportVersion
    from reports.reviews import document, jobs, services
    from reports.statistics import Period

    report = services.create_report(
        user=officer_b,
        kind="interim",
        unit=commune_b,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
        title="Sơ kết mô hình tuần tra Bắc Hội",
    )
    version = ReportVersion.objects.create(report=report, number=1, requested_by=officer_b)
    name = jobs.store_pdf(version, b"%PDF-1.7 test")
    ReportVersion.objects.filter(pk=version.pk).update(
        status=RenderStatus.READY,
        snapshot=document.build_document(report, officer_b),
        pdf=name,
        pages=1,
    )
    version.refresh_from_db()
    issued = issued_report(officer_b, commune_b, "Tổng kết mô hình tuần tra Bắc Hội")
    return {"report": report, "version": version, **issued}


def issued_report(user, unit, title: str) -> dict:
    """A report of ``unit`` with its issued version and a signed copy of it (a scan)."""
    import datetime

    from reports.reviews import services
    from reports.statistics import Period
    from tests.reports.signing import plain_pdf

    report = services.create_report(
        user=user,
        kind="final",
        unit=unit,
        period=Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        title=title,
    )
    version = services.issue_version(version=ready_version(report, user), user=user)
    copy = services.attach_signed_copy(
        version=version, user=user, content=plain_pdf(), name="ban-ky.pdf"
    )
    return {"issued_report": report, "issued_version": version, "signed_copy": copy}


@pytest.fixture
def awards_b(officer_b, registry_b, commune_b):
    """Commune B's commendations: an award to its patrol team, and a proposal for its member
    still awaiting a decision."""
    import datetime

    from awards import services
    from awards.models import Award, Proposal

    award = Award.objects.create(
        unit=commune_b,
        recipient_kind="model",
        model=registry_b["team"],
        form="certificate_of_merit",
        issuer="police_director",
        decision_number="77/QĐ-CAT-BH",
        decision_date=datetime.date(2025, 8, 19),
        reason="Thành tích tuần tra Bắc Hội",
    )
    proposal = services.submit_proposal(
        user=officer_b,
        proposal=Proposal(
            commune=commune_b,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
            proposed_form="certificate_of_merit",
            proposed_issuer="police_director",
            reason="Đề nghị khen Bắc Hội",
            achievements="Thành tích Bắc Hội",
        ),
        persons=[registry_b["person"]],
    )
    return {"award": award, "proposal": proposal}


@pytest.fixture
def notifications_b(officer_b, commune_b):
    """Commune B's officer's own notification (unread) and e-mail choice."""
    from accounts.models import Notification, NotificationPreference

    note = Notification.objects.create(
        recipient=officer_b,
        kind="proposal_decided",
        title=f"Đề nghị khen thưởng của {commune_b.name} đã được duyệt.",
        body="Quyết định số 77/QĐ-CAT-BH",
        link="/awards/proposals/",
    )
    choice = NotificationPreference.objects.create(
        user=officer_b, kind="proposal_decided", by_email=False
    )
    return {"notification": note, "preference": choice}


@pytest.fixture
def staff_elsewhere(other_province):
    """Province staff of another province: the outsider for views only staff may use."""
    return UserFactory(username="tinh_khac", role=Role.PROVINCE_STAFF, scope_unit=other_province)


@pytest.fixture
def own_objects(
    commune_a, village_a, model_a, person_a, camera_type, officer_a, province_staff, administrator
):
    """One object of every owned model in commune A, for the generated route tests
    (tests/test_routes.py): a patrol team with its leader, a camera network with a camera, a
    rating, a shift with its participant and incident, an award, a pending proposal, and a
    review report with a ready and a failed version, and another with its issued version and
    a signed copy; and, since a user reads only their own notifications, an unread one of the
    administrator who walks the routes."""
    import datetime

    from django.utils import timezone

    from accounts.models import Notification
    from awards import services as award_services
    from awards.models import Proposal
    from models_registry.models import CommuneMonth, ModelRating
    from patrols.models import Incident, IncidentCategory, Shift, ShiftParticipant
    from reports.models import RenderStatus, ReportVersion
    from reports.reviews import services
    from reports.statistics import Period
    from tests.factories import (
        AwardFactory,
        CameraFactory,
        GrassrootsModelFactory,
        MembershipFactory,
    )

    network = GrassrootsModelFactory(
        name="Mắt camera Phi Nôm", commune=commune_a, model_type=camera_type
    )
    membership = MembershipFactory(person=person_a, model=model_a, role="leader")
    camera = CameraFactory(model=network, code="CAM-PN-01", place="Chợ Phi Nôm")
    rating = ModelRating.objects.create(model=model_a, year=2025, rating="good")
    start = timezone.make_aware(datetime.datetime(2025, 3, 1, 20, 0))
    shift = Shift.objects.create(
        model=model_a,
        commune=commune_a,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    ShiftParticipant.objects.create(shift=shift, person=person_a)
    incident = Incident.objects.create(
        model=model_a,
        commune=commune_a,
        shift=shift,
        occurred_at=start,
        category=IncidentCategory.objects.get(code="theft_property"),
        detected_by="patrol",
        outcome="handed_to_police",
        village=village_a,
    )
    award = AwardFactory(
        model=model_a, decision_number="5/QĐ-CAT", decision_date=datetime.date(2025, 8, 19)
    )
    proposal = award_services.submit_proposal(
        user=officer_a,
        proposal=Proposal(
            commune=commune_a,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
            proposed_form="certificate_of_merit",
            proposed_issuer="police_director",
            reason="Đề nghị khen Phi Nôm",
            achievements="Thành tích Phi Nôm",
        ),
        models=[model_a],
    )
    report = services.create_report(
        user=officer_a,
        kind="interim",
        unit=commune_a,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    )
    ready = ready_version(report, officer_a)
    failed = ReportVersion.objects.create(
        report=report, number=2, requested_by=officer_a, status=RenderStatus.FAILED, error="x"
    )
    issued = issued_report(officer_a, commune_a, "Tổng kết mô hình tuần tra Phi Nôm")
    month = CommuneMonth.objects.create(
        commune=commune_a, month=datetime.date(2025, 2, 1), status="confirmed"
    )
    return {
        "commune": commune_a,
        "accounts.User": officer_a,
        "areas.Area": village_a,
        "models_registry.GrassrootsModel": model_a,
        "network": network,
        "models_registry.Person": person_a,
        "models_registry.Membership": membership,
        "models_registry.Camera": camera,
        "models_registry.ModelRating": rating,
        "patrols.Shift": shift,
        "patrols.Incident": incident,
        "awards.Award": award,
        "awards.Proposal": proposal,
        "reports.ReviewReport": report,
        "reports.ReportVersion": ReportVersion.objects.get(pk=ready.pk),
        "failed_version": failed,
        "issued_version": issued["issued_version"],
        "reports.SignedCopy": issued["signed_copy"],
        "models_registry.CommuneMonth": month,
        "accounts.Notification": Notification.objects.create(
            recipient=administrator,
            kind="report_ready",
            title="PDF của báo cáo “Sơ kết Phi Nôm” (phiên bản 1) đã tạo xong.",
            link=report.get_absolute_url(),
        ),
    }
