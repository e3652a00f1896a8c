"""Every route with and without permission, and every list at a fixed number of queries —
generated from the URL conf and the API router, like the denial harness, in NetBox's manner
(netbox/utilities/testing/views.py). The writes are in ``test_route_writes.py``.

For every route the harness checks (``test_scope_denial.checked_routes``), on commune A's own
objects (``own_objects``):

- anonymous: the login page (HTML) or 401/403 (API), with every method;
- signed in with a unit but no role: 403 with every method, except the figures of one's own
  unit (``OPEN``), which every signed-in user with a unit may read;
- with the permission (the administrator): every GET answers 200;
- every list, HTML and API, runs the same number of queries for 3 rows and for 30.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from areas.base.views import ScopedListView
from tests.conftest import login
from tests.factories import UserFactory
from tests.test_scope_denial import KWARG_MODELS, Route, all_routes, checked_routes

# Routes any signed-in user with a unit may read, with the reason.
OPEN = {
    "reports:unit_dashboard": "the figures of one's own unit",
    "reports:model_dashboard": "the figures of one's own unit",
    "reports:completeness": "the figures of one's own unit",
    "reports:unit_map": "the figures of one's own unit",
    "statistics-list": "the figures of one's own unit",
    "statistics-completeness": "the figures of one's own unit",
}


def _label(model) -> str:
    return model._meta.concrete_model._meta.label


# Routes whose object is not the usual one of their model.
OBJECT_OF = {
    "areas:village_add": "commune",
    "reports:unit_dashboard": "commune",
    "reports:unit_map": "commune",
    "registry:commune_months": "commune",
}


def route_url(route: Route, own: dict) -> str:
    """The route's URL on commune A's own object (or its list), with the scope parameters a
    figures view needs."""
    kwargs = {}
    for name in route.kwargs:
        model = route.model if name == "pk" else _model(KWARG_MODELS[name])
        kwargs[name] = own[OBJECT_OF.get(route.name, _label(model))].pk
    url = reverse(route.name, kwargs=kwargs)
    if "commune" in route.scope_parameters:
        url += f"?commune={own['commune'].pk}"
    return url


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def client_for(user, api: bool):
    if api:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client
    return login(user) if user is not None else Client()


def send(client, method: str, url: str, api: bool):
    call = getattr(client, method.lower())
    if api and method in {"POST", "PUT", "PATCH"}:
        return call(url, {}, format="json")
    return call(url)


ROUTES = checked_routes()


def test_open_routes_are_routes():
    names = {route.name for route in ROUTES}
    assert set(OPEN) <= names, set(OPEN) - names


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.pattern)
def test_anonymous_users_are_sent_to_log_in(route, own_objects):
    url = route_url(route, own_objects)
    client = client_for(None, route.is_api)
    for method in route.methods:
        response = send(client, method, url, route.is_api)
        if route.is_api:
            assert response.status_code in (401, 403), f"{method} {url}"
        else:
            assert response.status_code == 302, f"{method} {url}"
            assert response.url.startswith(reverse("accounts:login")), f"{method} {url}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.pattern)
def test_a_user_without_the_permission_gets_403(route, own_objects, commune_a):
    roleless = UserFactory(username="khongvaitro", role="", scope_unit=commune_a)
    url = route_url(route, own_objects)
    client = client_for(roleless, route.is_api)
    for method in route.methods:
        response = send(client, method, url, route.is_api)
        if route.name in OPEN:
            assert response.status_code == 200, f"{method} {url}: {response.status_code}"
        else:
            assert response.status_code == 403, f"{method} {url}: {response.status_code}"


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if "GET" in r.methods], ids=lambda r: r.pattern
)
def test_a_user_with_the_permission_gets_every_page(route, own_objects, administrator):
    url = route_url(route, own_objects)
    response = client_for(administrator, route.is_api).get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"


# --- lists at a fixed number of queries --------------------------------------------------


def _list_routes() -> list[Route]:
    found = []
    for route in ROUTES:
        view_class = getattr(route.callback, "view_class", None)
        actions = getattr(route.callback, "actions", None) or {}
        if (
            view_class is not None
            and issubclass(view_class, ScopedListView)
            or actions.get("get") == "list"
            and route.model is not None
        ):
            found.append(route)
    return found


LISTS = _list_routes()

# Lists the generator above does not find, with the rows that grow on each: pages that build
# their rows themselves (not a ScopedListView), and the national catalogues, which the scope
# harness leaves out (the same for everyone) but which are lists all the same.
MORE_LISTS = {
    "registry:month_list": "commune",  # a row per commune of the unit, for the month asked
    "registry:commune_months": "models_registry.CommuneMonth",  # its last twelve months
    "registry:modeltype_list": "models_registry.ModelType",
    "modeltype-list": "models_registry.ModelType",
    "incidentcategory-list": "patrols.IncidentCategory",
}
# API routes named ``*-list`` that are not rows, with the reason.
NOT_LISTS = {
    "statistics-list": "the figures of one scope and period: one JSON object, whatever the rows",
}
MONTH_LISTED = datetime.date(2025, 2, 1)  # the own commune's month (own_objects)
# What a list's URL asks for, so that the rows that grow are on the page.
LIST_QUERY = {"areas:list": "?level=4", "registry:month_list": "?month=02/2025"}


def _grown(route: Route) -> str:
    return MORE_LISTS.get(route.name) or _label(route.model)


ALL_LISTS = LISTS + [route for route in all_routes() if route.name in MORE_LISTS]


def grow(label: str, own: dict, n: int) -> None:
    """``n`` more rows of a list's model in commune A, each like the own one."""
    import datetime

    from django.utils import timezone

    from awards import services as award_services
    from awards.models import Proposal
    from models_registry.models import ModelRating
    from patrols.models import Incident, Shift, ShiftParticipant
    from reports.models import ReportVersion
    from reports.reviews import services
    from reports.statistics import Period
    from tests import factories

    team, person = own["models_registry.GrassrootsModel"], own["models_registry.Person"]
    commune = team.commune
    for i in range(n):
        if label == "accounts.User":
            factories.UserFactory(role="commune_officer", scope_unit=commune)
        elif label == "areas.Area":
            factories.VillageFactory(parent=commune)
        elif label == "models_registry.GrassrootsModel":
            factories.GrassrootsModelFactory(commune=commune, model_type=team.model_type)
        elif label == "models_registry.Person":
            factories.PersonFactory(commune=commune, village=own["areas.Area"])
        elif label == "models_registry.Membership":
            other = factories.PersonFactory(commune=commune)
            factories.MembershipFactory(person=other, model=team)
        elif label == "models_registry.Camera":
            factories.CameraFactory(model=own["network"])
        elif label == "models_registry.CommuneMonth":
            from models_registry.models import CommuneMonth
            from models_registry.signoff import previous_month

            # The latest month the commune has no row for (its months' page shows the last
            # twelve), confirmed by its officer.
            month = previous_month()
            while CommuneMonth.objects.filter(commune=commune, month=month).exists():
                month = previous_month(month)
            CommuneMonth.objects.create(
                commune=commune,
                month=month,
                status="confirmed",
                confirmed_by=own["accounts.User"],
                confirmed_at=timezone.now(),
            )
        elif label == "commune":
            # One more commune of the province, with its month on the sign-off list.
            from models_registry.models import CommuneMonth

            other = factories.CommuneFactory(parent=commune.parent)
            CommuneMonth.objects.create(
                commune=other, month=MONTH_LISTED, status="confirmed", confirmed_at=timezone.now()
            )
        elif label == "models_registry.ModelType":
            from models_registry.models import ModelType

            ModelType.objects.create(
                name=f"Mô hình thử {ModelType.objects.count()}", category="patrol"
            )
        elif label == "patrols.IncidentCategory":
            from patrols.models import IncidentCategory

            n = IncidentCategory.objects.count()
            IncidentCategory.objects.create(name=f"Loại vụ việc thử {n}", code=f"thu-{n}")
        elif label == "models_registry.ModelRating":
            year = 1970 + ModelRating.all_objects.filter(model=team).count()  # a year not rated
            ModelRating.objects.create(model=team, year=year, rating="average")
        elif label == "patrols.Shift":
            # a day after the shifts already there: one member is never on two at once
            start = timezone.make_aware(datetime.datetime(2024, 1, 1, 20)) + datetime.timedelta(
                days=Shift.all_objects.count()
            )
            shift = Shift.objects.create(
                model=team,
                commune=commune,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
            )
            ShiftParticipant.objects.create(shift=shift, person=person)
            incident = own["patrols.Incident"]
            Incident.objects.create(
                model=team,
                commune=commune,
                shift=shift,
                occurred_at=start,
                category=incident.category,
                detected_by="patrol",
                outcome="settled",
                village=own["areas.Area"],
            )
        elif label == "patrols.Incident":
            incident = own["patrols.Incident"]
            Incident.objects.create(
                model=team,
                commune=commune,
                occurred_at=incident.occurred_at,
                category=incident.category,
                detected_by="tip_off",
                outcome="settled",
                village=own["areas.Area"],
            )
        elif label == "awards.Award":
            factories.AwardFactory(recipient_kind="person", person=person)
        elif label == "awards.Proposal":
            proposal = own["awards.Proposal"]
            award_services.submit_proposal(
                user=proposal.proposed_by,
                proposal=Proposal(
                    commune=commune,
                    period_start=proposal.period_start,
                    period_end=proposal.period_end,
                    proposed_form=proposal.proposed_form,
                    proposed_issuer=proposal.proposed_issuer,
                    reason=proposal.reason,
                    achievements=proposal.achievements,
                ),
                models=[team],
                persons=[person],
            )
        elif label == "reports.ReviewReport":
            report = services.create_report(
                user=own["reports.ReviewReport"].created_by,
                kind="final",
                unit=commune,
                period=Period(
                    datetime.date(2020 + i % 5, 1, 1), datetime.date(2020 + i % 5, 12, 31)
                ),
            )
            ReportVersion.objects.create(report=report, number=1, requested_by=report.created_by)
        elif label == "reports.ReportVersion":
            report = own["reports.ReviewReport"]
            last = report.versions.order_by("-number").first().number
            ReportVersion.objects.create(
                report=report, number=last + 1, requested_by=report.created_by
            )
        elif label == "reports.SignedCopy":
            from tests.reports.signing import plain_pdf

            copy = own["reports.SignedCopy"]
            services.attach_signed_copy(
                version=copy.version, user=copy.uploaded_by, content=plain_pdf(f"Ban {i}")
            )
        elif label == "accounts.Notification":
            from accounts.models import Notification

            note = own["accounts.Notification"]
            Notification.objects.create(
                recipient=note.recipient, kind=note.kind, title=f"{note.title} {i}", link=note.link
            )
        else:
            raise AssertionError(f"grow() does not know {label}: add it")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("route", ALL_LISTS, ids=lambda r: r.pattern)
def test_every_list_runs_a_fixed_number_of_queries(route, own_objects, administrator):
    label = _grown(route)
    grow(label, own_objects, 2)  # 3 rows with the own one
    client = client_for(administrator, route.is_api)
    url = route_url(route, own_objects) + LIST_QUERY.get(route.name, "")
    three = _queries(client, url)
    grow(label, own_objects, 27)  # (a commune's months' page shows twelve of them)
    assert _queries(client, url) == three, f"{url}: the queries grow with the rows"


def test_every_api_list_is_counted_or_said_not_to_be_rows():
    """A router's ``*-list`` route, exempt from the scope harness or not, is in the query
    count, or in ``NOT_LISTS`` with the reason."""
    counted = {route.name for route in ALL_LISTS}
    api_lists = {r.name for r in all_routes() if r.is_api and (r.name or "").endswith("-list")}
    assert api_lists - counted - set(NOT_LISTS) == set(), "add them to the query count"
    assert set(NOT_LISTS) <= api_lists - counted, "stale NOT_LISTS"
    assert set(MORE_LISTS) <= counted, "MORE_LISTS names a route that is not there"


def test_the_harness_finds_every_list():
    names = {route.name for route in ALL_LISTS}
    assert {
        "users:list",
        "areas:list",
        "areas:village_list",
        "registry:model_list",
        "registry:person_list",
        "registry:camera_list",
        "patrols:shift_list",
        "patrols:incident_list",
        "awards:award_list",
        "awards:proposal_list",
        "reports:report_list",
        "area-list",
        "village-list",
        "grassrootsmodel-list",
        "person-list",
        "membership-list",
        "camera-list",
        "shift-list",
        "incident-list",
        "award-list",
        "proposal-list",
        "reviewreport-list",
        "reportversion-list",
        "signedcopy-list",
        "notifications:list",
        "notification-list",
        "registry:month_list",
        "registry:commune_months",
        "registry:modeltype_list",
        "modeltype-list",
        "incidentcategory-list",
        "communemonth-list",
    } <= names
