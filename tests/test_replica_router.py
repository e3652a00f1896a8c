"""The read replica (config/db_routers.py): the dashboards and the statistics API read their
figures from it, the same figures as from the primary; a review report is rendered and issued
from the primary only; every write goes to the primary; without ``DATABASE_REPLICA_URL``
every read does too.

The replica here is Django's test mirror of the default database (tests/conftest.py): the
same test database through a connection of its own. A row the test keeps in an open
transaction is invisible to another connection, as an uncommitted row is to a real replica,
so the tests that read through it commit their rows (``transaction=True``).
"""

import contextvars
import datetime
import json
import re
import sys

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from accounts.roles import Role
from areas.models import Area
from areas.scoping import ScopeError, scoped_to
from config.db_routers import ReadsFromReplica, ReplicaRouter, reads_from_replica, replica_reads
from models_registry.models import GrassrootsModel, ModelRating
from patrols.models import Shift
from reports.models import ReportVersion
from reports.reviews import services
from reports.statistics import Period
from tests.conftest import PASSWORD, complete, login
from tests.factories import UserFactory
from tests.production import production_settings, run
from tests.test_scope_denial import all_routes

YEAR_2025 = "?preset=year&year=2025"
committed = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def with_replica(settings):
    """A replica configured, as with DATABASE_REPLICA_URL set."""
    settings.READ_REPLICA = "replica"


class Queries:
    """The SQL each connection ran during the block."""

    def __enter__(self):
        self.contexts = {
            alias: CaptureQueriesContext(connections[alias]) for alias in ("default", "replica")
        }
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def on(self, alias: str) -> list[str]:
        return [q["sql"] for q in self.contexts[alias].captured_queries]


def tables(sql: list[str], *names: str) -> list[str]:
    return [q for q in sql if any(f'"{name}"' in q for name in names)]


def is_read(sql: str) -> bool:
    """A query a hot standby answers: a SELECT, or a server-side cursor over one, writing
    nothing (pghistory puts its ``set_config`` before the writes it records)."""
    reads = re.match(
        r"(SELECT|WITH|DECLARE \S+ NO SCROLL CURSOR WITH(OUT)? HOLD FOR SELECT)\b", sql
    )
    return bool(reads) and not re.search(r'\b(INSERT INTO|UPDATE|DELETE FROM) "', sql)


def writes(sql: list[str], table: str) -> list[str]:
    return [q for q in sql if re.search(rf'\b(INSERT INTO|UPDATE|DELETE FROM) "{table}"', q)]


STATISTICS_TABLES = ("patrols_shift", "patrols_shiftmonth", "patrols_incident", "awards_award")


def get_twice(client, url, settings):
    """The response with the replica (and the SQL of each connection), and without one."""
    settings.READ_REPLICA = "replica"
    with Queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    settings.READ_REPLICA = None
    with Queries() as primary_only:
        without = client.get(url)
    assert without.status_code == 200, url
    assert primary_only.on("replica") == []
    return response, without, queries


# --- the dashboards and the statistics API --------------------------------------------


@committed
def test_the_province_dashboard_reads_its_figures_from_the_replica(
    settings, province, province_staff, patrols_b, awards_b
):
    client = login(province_staff)
    url = reverse("reports:unit_dashboard", args=[province.pk]) + YEAR_2025
    response, without, queries = get_twice(client, url, settings)

    replica, primary = queries.on("replica"), queries.on("default")
    assert tables(replica, *STATISTICS_TABLES) and tables(primary, *STATISTICS_TABLES) == []
    # The engine's own SQL (GROUPING SETS) goes where its querysets do.
    assert any("GROUPING SETS" in q for q in replica)
    assert not any("GROUPING SETS" in q for q in primary)
    # Only who is asking comes from the primary (a session or a user the replica has not yet
    # received would log the user out), and the bell's count of their unread notifications
    # (just marked read, a notification must not come back from a replica behind); the
    # page's template reads the replica too.
    own_state = ("django_session", "accounts_user", "auth_permission", "accounts_notification")
    assert tables(primary, *own_state) == primary
    assert tables(replica, *own_state) == []
    assert tables(replica, "models_registry_modeltype")  # the form's choices
    assert all(map(is_read, replica))

    figures = response.context["figures"].as_dict()
    assert figures == without.context["figures"].as_dict()
    assert figures["headline"]["shifts"]["value"] == 1
    assert figures["headline"]["incidents"]["value"] == 1


@committed
def test_the_statistics_api_reads_its_figures_from_the_replica(
    settings, province, province_staff, patrols_b
):
    client = login(province_staff)
    url = reverse("statistics-list") + YEAR_2025 + f"&unit={province.pk}"
    response, without, queries = get_twice(client, url, settings)
    assert tables(queries.on("replica"), *STATISTICS_TABLES)
    assert tables(queries.on("default"), *STATISTICS_TABLES) == []
    assert response.json() == without.json()
    assert response.json()["headline"]["turns"]["value"] == 1

    url = reverse("statistics-completeness") + f"?unit={province.pk}"
    response, without, queries = get_twice(client, url, settings)
    assert tables(queries.on("replica"), "patrols_shift")
    assert tables(queries.on("default"), "patrols_shift") == []
    assert response.json() == without.json()


@committed
def test_an_api_token_is_read_from_the_primary(with_replica, province_staff, patrols_b):
    """DRF reads the token inside the view, where the switch is on: a token just made on the
    primary is found there."""
    token = Token.objects.create(user=province_staff)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    with Queries() as queries:
        assert client.get(reverse("statistics-list") + YEAR_2025).status_code == 200
    assert tables(queries.on("default"), "authtoken_token")
    assert tables(queries.on("replica"), "authtoken_token", "accounts_user") == []
    assert tables(queries.on("replica"), *STATISTICS_TABLES)


@committed
def test_the_completeness_page_reads_from_the_replica(
    settings, province, province_staff, patrols_b
):
    url = reverse("reports:completeness") + f"?unit={province.pk}"
    response, without, queries = get_twice(login(province_staff), url, settings)
    assert tables(queries.on("replica"), "patrols_shift")
    assert tables(queries.on("default"), "patrols_shift") == []
    assert response.context["result"] == without.context["result"]


def test_exactly_the_dashboards_and_the_statistics_api_read_from_the_replica():
    """Not a review report, a record page or a form: what they show is written next, or
    printed, so it is read from the primary."""
    names = set()
    for route in all_routes():
        view = getattr(route.callback, "view_class", None) or getattr(route.callback, "cls", None)
        if isinstance(view, type) and issubclass(view, ReadsFromReplica):
            names.add(route.name)
            # First among the bases: the whole view, its login check too, inside the switch.
            assert view.__mro__[1] is ReadsFromReplica, view
    assert names == {
        "home",
        "reports:unit_dashboard",
        "reports:model_dashboard",
        "reports:completeness",
        "reports:unit_map",
        "statistics-list",
        "statistics-completeness",
    }


# --- the review report reads the primary ----------------------------------------------


@committed
def test_a_review_report_is_rendered_and_issued_from_the_primary(
    with_replica, province, secretary, patrols_b, django_capture_on_commit_callbacks
):
    report = services.create_report(
        user=secretary,
        kind="final",
        unit=province,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        number=3,
    )
    complete(report)
    client = login(secretary)
    # A dashboard just before, in the same thread: its switch does not outlive it.
    with Queries() as dashboard:
        assert client.get(reverse("home") + YEAR_2025).status_code == 200
    assert dashboard.on("replica") and not reads_from_replica()

    with Queries() as queries:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("reports:report_render", args=[report.pk]))
        version = ReportVersion.objects.get(report=report)
        assert version.status == "ready", version.error
        assert client.get(reverse("reports:report_preview", args=[report.pk])).status_code == 200
        issued = client.post(reverse("reports:version_issue", args=[version.pk]))
        assert issued.status_code == 302
    version.refresh_from_db()
    assert version.is_issued
    assert queries.on("replica") == []
    assert tables(queries.on("default"), *STATISTICS_TABLES)
    # The snapshot holds the figures as they stand on the primary: the shift of commune B.
    assert json.loads(version.snapshot["figures"])["headline"]["shifts"]["value"] == 1


# --- writes, and the switch -------------------------------------------------------------


@committed
def test_writes_during_a_dashboard_go_to_the_primary(settings, with_replica, province, patrols_b):
    """A real login (axes, last_login, the session), then a dashboard that saves its session."""
    UserFactory(username="tinh2", role=Role.PROVINCE_STAFF, scope_unit=province)
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = Client()
    with Queries() as queries:
        response = client.post(
            reverse("accounts:login"), {"username": "tinh2", "password": PASSWORD}
        )
    assert response.status_code == 302
    assert queries.on("replica") == [] and writes(queries.on("default"), "accounts_user")
    with Queries() as queries:
        assert client.get(reverse("home") + YEAR_2025).status_code == 200
    replica, primary = queries.on("replica"), queries.on("default")
    assert replica and all(map(is_read, replica))
    assert writes(primary, "django_session")

    team = patrols_b["shift"].model
    with Queries() as queries, replica_reads():
        ModelRating.objects.create(model=team, year=2024, rating="good")
        with transaction.atomic():
            # Inside a transaction on the primary a read must see its writes: the primary.
            ModelRating.objects.filter(model=team, year=2024).update(rating="average")
            assert ModelRating.objects.get(model=team, year=2024).rating == "average"
        assert GrassrootsModel.objects.filter(pk=team.pk).exists()
    assert writes(queries.on("default"), "models_registry_modelrating")
    assert [q for q in queries.on("replica") if "models_registry_modelrating" in q] == []
    assert tables(queries.on("replica"), "models_registry_grassrootsmodel")


def test_the_router_without_a_replica_always_answers_the_primary(settings):
    settings.READ_REPLICA = None
    router = ReplicaRouter()
    with replica_reads():
        for model in (Shift, Area, GrassrootsModel, User, Session):
            assert router.db_for_read(model) == "default"
            assert router.db_for_write(model) == "default"


def test_the_router_sends_only_the_domain_reads_inside_the_switch(settings):
    settings.READ_REPLICA = "replica"
    router = ReplicaRouter()
    assert router.db_for_read(Shift) == "default"  # outside the switch
    with replica_reads():
        assert reads_from_replica()
        assert [router.db_for_read(m) for m in (Shift, Area, GrassrootsModel, ReportVersion)] == [
            "replica"
        ] * 4
        # The request's own state: always the primary.
        assert [router.db_for_read(m) for m in (User, Session, Token)] == ["default"] * 3
        assert router.db_for_write(Shift) == "default"
    assert not reads_from_replica()
    assert router.allow_relation(object(), object())
    assert router.allow_migrate("default", "patrols") and not router.allow_migrate(
        "replica", "patrols"
    )


def test_the_switch_is_reset_when_the_view_fails():
    with pytest.raises(RuntimeError), replica_reads():
        raise RuntimeError("the view failed")
    assert not reads_from_replica()

    class View:
        def dispatch(self, request):
            assert reads_from_replica()
            raise RuntimeError("the view failed")

    class Failing(ReadsFromReplica, View):
        pass

    with pytest.raises(RuntimeError):
        Failing().dispatch(None)
    assert not reads_from_replica()
    # Nor does it reach another context (a thread, a task).
    with replica_reads():
        assert contextvars.Context().run(reads_from_replica) is False


# --- the scoping mechanism on the replica --------------------------------------------


@committed
def test_scoped_managers_read_the_replica_as_the_primary(officer_a, officer_b, model_a, registry_b):
    for alias in ("default", "replica"):
        with Queries() as queries:
            mine = list(GrassrootsModel.objects.using(alias).for_user(officer_a))
        assert mine == [model_a]
        assert len(queries.on(alias)) == 1
    # The active scope narrows a read on the replica too, and none at all is refused.
    with scoped_to(officer_b):
        theirs = set(GrassrootsModel.objects.using("replica").values_list("pk", flat=True))
    assert theirs == {registry_b["team"].pk, registry_b["network"].pk}
    with pytest.raises(ScopeError):
        contextvars.Context().run(lambda: list(GrassrootsModel.objects.using("replica")))


# --- the settings -----------------------------------------------------------------------


def test_the_replica_in_tests_is_django_s_test_mirror_of_default():
    replica = connections["replica"].settings_dict
    assert replica["TEST"]["MIRROR"] == "default"
    assert replica["NAME"] == connections["default"].settings_dict["NAME"]


def test_database_replica_url_configures_the_replica(django_db_setup):
    names = ("DATABASES", "READ_REPLICA", "DATABASE_ROUTERS")
    url = "postgres://reader:secret@replica.internal:5433/anninh"
    values = production_settings(*names, DATABASE_REPLICA_URL=url)
    replica = values["DATABASES"]["replica"]
    assert (replica["HOST"], replica["PORT"], replica["USER"]) == (
        "replica.internal",
        5433,
        "reader",
    )
    assert replica["NAME"] == "anninh" and replica["ENGINE"] == "django.db.backends.postgresql"
    assert replica["CONN_MAX_AGE"] == values["DATABASES"]["default"]["CONN_MAX_AGE"] == 60
    assert replica["TEST"]["MIRROR"] == "default"
    assert values["READ_REPLICA"] == "replica"
    assert values["DATABASE_ROUTERS"] == ["config.db_routers.ReplicaRouter"]


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_database_replica_url_means_no_replica(django_db_setup, empty):
    values = production_settings("DATABASES", "READ_REPLICA", DATABASE_REPLICA_URL=empty)
    assert list(values["DATABASES"]) == ["default"] and values["READ_REPLICA"] is None


def test_a_replica_without_a_primary_server_is_refused(django_db_setup):
    out = run(
        [sys.executable, "-c", "import django; django.setup()"],
        DATABASE_URL="",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal/anninh",
    )
    assert out.returncode != 0 and "DATABASE_REPLICA_URL" in out.stderr
