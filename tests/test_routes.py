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

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import login
from tests.factories import UserFactory
from tests.test_scope_denial import KWARG_MODELS, Route, checked_routes

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
