"""Every route with and without permission, and every list at a fixed number of queries —
generated from the URL conf and the API router, like the denial harness, in NetBox's manner
(netbox/utilities/testing/views.py). The writes are in ``test_route_writes.py``.

For every route the harness checks (``test_scope_denial.checked_routes``), on commune A's own
objects (``own_objects``):

- anonymous: the login page (HTML) or 401/403 (API), with every method;
- signed in with a unit but no role: 403 with every method, except the figures of one's own
  unit (``OPEN``), which every signed-in user with a unit may read;
- with the permission: a user of commune A with no role, holding only the permission(s) the
  route's view asks (``required_permissions``, read from the view: Django's
  ``get_permission_required()``, the viewset's permission classes), gets 200 on every GET; a
  user holding every other permission of the project gets 403. A route asking no permission
  beyond a login and a unit is in ``OPEN``, one whose view checks its permission in its own
  code in ``ANY_OF``, each with the reason: any other route whose view declares none fails;
- a read page (a list, one object) asks its model's view permission;
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


# Routes whose view checks its permission in its own code, where the harness cannot read it:
# any one of the permissions opens the route. With the reason.
ANY_OF = {
    "reports:search": (
        "reports.dashboards.search.PERMISSIONS",
        "the search opens to a user who may read any one of the kinds it searches",
    ),
}


def required_permissions(route: Route, url: str) -> list[str]:
    """The permissions the route's view asks of a GET, read from the view itself: Django's
    ``get_permission_required()`` (``permission_required``, or what the view chooses by its
    URL and method); for the API, each permission class of the viewset: the model's view
    permission (``ScopedModelPermissions``, which reads reads too) or the action's own
    (``action_permissions``), and a class of the project's own its ``required_permissions``.
    A route that asks nothing is in ``OPEN``; one whose view reads no permission of its own and
    is not there fails here."""
    from django.contrib.auth.mixins import PermissionRequiredMixin
    from django.test import RequestFactory
    from django.urls import resolve
    from django.utils.module_loading import import_string
    from rest_framework.permissions import IsAuthenticated

    from areas.base.drf import ScopedModelPermissions

    if route.name in OPEN:
        return []
    if route.name in ANY_OF:
        return list(import_string(ANY_OF[route.name][0]))
    view_class = getattr(route.callback, "view_class", None)
    if view_class is not None:
        assert issubclass(view_class, PermissionRequiredMixin), (
            f"{route.name}: {view_class.__name__} asks no permission: set permission_required, "
            "or list the route in OPEN with the reason"
        )
        view = view_class()
        view.setup(RequestFactory().get(url), **resolve(url.split("?")[0]).kwargs)
        return list(view.get_permission_required())
    viewset, action = route.callback.cls, route.callback.actions["get"]
    found = []
    for permission in viewset(action=action).get_permissions():
        if isinstance(permission, ScopedModelPermissions):
            own = getattr(viewset, "action_permissions", {}).get(action)
            found += own or permission.get_required_permissions("GET", viewset.queryset.model)
        elif type(permission) is IsAuthenticated:
            raise AssertionError(f"{route.name} asks only a login: list it in OPEN with the reason")
        else:
            assert hasattr(permission, "required_permissions"), (
                f"{route.name}: {type(permission).__name__} declares no required_permissions"
            )
            found += permission.required_permissions
    assert found, f"{route.name}: no permission found"
    return found


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


GETS = [r for r in ROUTES if "GET" in r.methods]


def _holder(username: str, commune, permissions) -> object:
    """A user of ``commune`` with no role, holding exactly ``permissions``."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    user = UserFactory(username=username, role="", scope_unit=commune)
    wanted = Q(pk__in=[])
    for code in permissions:
        app_label, codename = code.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(wanted))
    assert len({(p.content_type.app_label, p.codename) for p in found}) == len(set(permissions))
    user.user_permissions.set(found)
    return user


def _all_but(username: str, commune, permissions) -> object:
    """A user of ``commune`` with no role, holding every permission of the project but
    ``permissions``."""
    from django.contrib.auth.models import Permission

    codes = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    return _holder(username, commune, sorted(codes - set(permissions)))


def _own_notification(own: dict, user) -> dict:
    """The own objects, the notification one of ``user``'s (a user reads only their own)."""
    from accounts.models import Notification

    note = own["accounts.Notification"]
    mine = Notification.objects.create(
        recipient=user, kind=note.kind, title=note.title, link=note.link
    )
    return {**own, "accounts.Notification": mine}


@pytest.mark.parametrize("route", GETS, ids=lambda r: r.pattern)
def test_the_routes_own_permission_opens_it_and_nothing_else_does(route, own_objects, commune_a):
    """In NetBox's manner: a user of commune A (the own objects' unit) holding only the
    permission(s) the route's view asks (``required_permissions``) gets 200; a user holding
    every other permission of the project, each of the route's own taken away in turn, gets
    403. So a view asking a wrong permission, or checking none, fails here."""
    url = route_url(route, own_objects)
    required = required_permissions(route, url)
    alone = [[code] for code in required] if route.name in ANY_OF else [required]
    for i, permissions in enumerate(alone):
        holder = _holder(f"chiquyen{i}", commune_a, permissions)
        url = route_url(route, _own_notification(own_objects, holder))
        response = client_for(holder, route.is_api).get(url)
        assert response.status_code == 200, f"GET {url} with {permissions}: {response.status_code}"
    # Without one of them (without any, for a route that any one opens): refused.
    taken = [required] if route.name in ANY_OF else [[code] for code in required]
    for i, permissions in enumerate(taken):
        other = _all_but(f"khongquyen{i}", commune_a, permissions)
        url = route_url(route, _own_notification(own_objects, other))
        response = client_for(other, route.is_api).get(url)
        assert response.status_code == 403, (
            f"GET {url} with every permission but {permissions}: {response.status_code}"
        )


# Read pages (a list or one object, GET only) whose permission is not their model's view
# permission, with the reason.
READ_PAGES_ASKING_OTHERWISE = {
    "reports:proposal_achievements": "the proposal form's achievements (htmx): proposing",
}


def test_read_pages_ask_their_models_view_permission():
    """A list or an object read (an HTML page answering only GET, an API list or retrieve)
    asks the view permission of its own model, as NetBox's tests expect ``view_<model>``:
    a page of cameras asking ``view_person`` is caught here, since the permission tests above
    take the permission from the view."""
    wrong = []
    for route in GETS:
        actions = getattr(route.callback, "actions", None) or {}
        read = (
            actions.get("get") in {"list", "retrieve"} if route.is_api else route.methods == ["GET"]
        )
        if not read or route.model is None or route.name in OPEN | ANY_OF.keys():
            continue
        url = reverse(route.name, kwargs=dict.fromkeys(route.kwargs, 1))
        meta = route.model._meta
        wanted = f"{meta.app_label}.view_{meta.model_name}"
        asked = required_permissions(route, url)
        if (wanted in asked) == (route.name in READ_PAGES_ASKING_OTHERWISE):
            wrong.append(f"{route.name}: asks {asked}, not {wanted}")
    assert wrong == []


def test_open_and_any_of_routes_are_routes_that_ask_no_permission_of_their_own():
    """``OPEN`` and ``ANY_OF`` name routes that exist, and whose views declare no permission
    the harness could read (else they belong with the others)."""
    from django.contrib.auth.mixins import PermissionRequiredMixin

    names = {route.name: route for route in ROUTES}
    for name in {*OPEN, *ANY_OF}:
        assert name in names, f"stale: {name}"
        view_class = getattr(names[name].callback, "view_class", None)
        if view_class is not None:
            assert not issubclass(view_class, PermissionRequiredMixin), name
        else:
            from rest_framework.permissions import IsAuthenticated

            assert names[name].callback.cls.permission_classes == [IsAuthenticated], name


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
