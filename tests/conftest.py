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


# Records of every kind for the harnesses, kept in their own module (imported last: it uses the
# helpers above).
from tests.records import (  # noqa: E402, F401
    awards_b,
    notifications_b,
    own_objects,
    patrols_b,
    registry_b,
    reviews_b,
    staff_elsewhere,
)
