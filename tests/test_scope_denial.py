"""Outsider denial, generated from the URL conf and the API router.

Every route of the portal is found by walking the URL resolver. Each one must be either
checked here or listed in ``EXEMPT`` with a reason, so a route added by a later issue fails
this test until it is scoped. For every checked route, an officer of commune A:

- gets 404 on each object of commune B, with every method the route accepts, while commune
  B's own officer reaches at least one of them (so the 404 is the scope, not a broken route):
  a GET answers 200, or, for an API action with no GET, the owner's request is done or
  refused for what it sent (400);
- never sees commune B's records in a list;
- cannot pick commune B's records in any form or serializer choice list.

Later issues extend ``outsider_objects`` with their models' commune-B objects. A page that
reads several kinds (the top bar's search) names them in ``searched_models``; each must be
scoped, and its lists are searched with terms that find commune B's rows.
"""

from __future__ import annotations

import datetime
import inspect
import json
import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from areas.base.forms import ScopedFormMixin
from areas.scoping import is_scoped_model
from tests.conftest import login

# Route prefixes that are not scoped data, each with the reason.
EXEMPT = {
    "admin/": "Django admin: staff only; AreaAdmin reads through for_user (tested separately)",
    "i18n/": "language switch, no data",
    "accounts/": "the user's own login, logout, password and token pages",
    "api/schema/": "OpenAPI document, no data",
    "api/docs/": "API documentation page, no data",
    "": "the overview reads only counts through for_user (tested in test_home)",
    "registry/types/": "the national catalogue of model types, the same for everyone",
    "api/^model-types/": "the national catalogue of model types, the same for everyone",
    "api/^incident-categories/": "the national catalogue of incident categories",
    "patrols/offline/": "offline entry's frame page and service worker: the records are on the "
    "phone, the worker names static files (tests/patrols/test_offline_entry.py)",
}
API_ROOT = "api/"  # the router's index: links only

# URL keyword arguments that name an object other than the view's own ``model``.
KWARG_MODELS = {"unit_pk": "areas.Area", "model_pk": "models_registry.GrassrootsModel"}
# Query parameters that name the scope of a figures view (``scope_parameters``).
PARAMETER_MODELS = {
    "unit": "areas.Area",
    "model": "models_registry.GrassrootsModel",
    "commune": "areas.Area",
    "models": "models_registry.GrassrootsModel",
    "persons": "models_registry.Person",
}


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


@dataclass
class Route:
    pattern: str
    name: str | None
    callback: object

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def kwargs(self) -> set[str]:
        return {a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", self.pattern)}

    @property
    def model(self):
        view_class = getattr(self.callback, "view_class", None)
        if view_class is not None:
            return getattr(view_class, "model", None)
        viewset = getattr(self.callback, "cls", None)
        if viewset is not None and getattr(viewset, "queryset", None) is not None:
            return viewset.queryset.model
        return None

    @property
    def searched_models(self) -> list:
        """The scoped models a page across several kinds reads (the top bar's search)."""
        return list(getattr(getattr(self.callback, "view_class", None), "searched_models", []))

    @property
    def scope_parameters(self) -> tuple[str, ...]:
        """Query parameters a figures view resolves through ``reports.statistics``."""
        view = getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)
        return tuple(getattr(view, "scope_parameters", ()))

    def object_kwarg(self) -> tuple[str, object] | None:
        """The keyword argument naming an object, and that object's model."""
        if "pk" in self.kwargs:
            return "pk", self.model
        for name in self.kwargs & set(KWARG_MODELS):
            return name, _model(KWARG_MODELS[name])
        return None

    @property
    def methods(self) -> list[str]:
        actions = getattr(self.callback, "actions", None)
        if actions:  # DRF viewset route
            return [m.upper() for m in actions]
        view_class = getattr(self.callback, "view_class", None)
        names = getattr(view_class, "http_method_names", ["get"])
        return [m.upper() for m in names if hasattr(view_class, m) and m not in {"options", "head"}]


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}{p.name}" if p.name else None
            yield Route(prefix + str(p.pattern), name, p.callback)


def all_routes() -> list[Route]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if "format" in route.pattern:  # DRF's ".json" suffix twins of the same views
            continue
        routes.append(route)
    return routes


def exemption(route: Route) -> str | None:
    pattern = route.pattern.lstrip("^")
    for prefix, reason in EXEMPT.items():
        if prefix == "" and pattern in {"", "$"}:
            return reason
        if prefix and pattern.startswith(prefix):
            return reason
    if pattern.rstrip("$") == API_ROOT:
        return "API index"
    return None


def checked_routes() -> list[Route]:
    return [r for r in all_routes() if exemption(r) is None]


@pytest.fixture
def outsider_objects(
    commune_b, village_b, registry_b, patrols_b, reviews_b, awards_b, officer_b, notifications_b
):
    """Commune B's objects by model; later issues add theirs. A notification and an e-mail
    choice belong to a user (commune B's officer), not to a unit."""
    from accounts.models import Notification, NotificationPreference, User
    from areas.models import Area
    from awards.models import Award, Proposal
    from models_registry.models import (
        Camera,
        CommuneMonth,
        GrassrootsModel,
        Membership,
        ModelRating,
        Person,
    )
    from patrols.models import Incident, Shift
    from reports.models import ReportVersion, ReviewReport, SignedCopy

    month_b = CommuneMonth.objects.create(
        commune=commune_b, month=datetime.date(2025, 2, 1), status="confirmed"
    )
    return {
        User: [officer_b],  # the users of one's unit (users/)
        Area: [commune_b, village_b],
        GrassrootsModel: [registry_b["team"], registry_b["network"]],
        Person: [registry_b["person"]],
        Membership: [registry_b["membership"]],
        Camera: [registry_b["camera"]],
        ModelRating: [registry_b["rating"]],
        Shift: [patrols_b["shift"]],
        Incident: [patrols_b["incident"]],
        ReviewReport: [reviews_b["report"], reviews_b["issued_report"]],
        ReportVersion: [reviews_b["version"], reviews_b["issued_version"]],
        SignedCopy: [reviews_b["signed_copy"]],
        Award: [awards_b["award"]],
        Proposal: [awards_b["proposal"]],
        CommuneMonth: [month_b],
        Notification: [notifications_b["notification"]],
        NotificationPreference: [notifications_b["preference"]],
    }


@pytest.fixture
def province_admin(province):
    """An administrator scoped to commune B's province (not the country)."""
    from tests.factories import UserFactory

    return UserFactory(username="quantri_tinh", role="administrator", scope_unit=province)


@pytest.fixture
def admin_elsewhere(other_province):
    from tests.factories import UserFactory

    return UserFactory(username="quantri_khac", role="administrator", scope_unit=other_province)


# Names that exist only in commune B: a list showing one of them leaks B's records.
B_MARKERS = ["Xã Đức Trọng", "Bắc Hội", "CAM-BH-01", "Trộm ở Bắc Hội", "77/QĐ-CAT-BH"]


def _client(user, api: bool):
    if api:
        client = APIClient()
        client.force_authenticate(user)
        return client
    return login(user)


def _request(client, method: str, url: str, api: bool):
    call = getattr(client, method.lower())
    if api and method in {"POST", "PUT", "PATCH"}:
        return call(url, {}, format="json")
    return call(url)


def test_every_route_is_checked_or_exempt_with_a_reason():
    routes = all_routes()
    assert len(routes) > 10
    known = {"pk", *KWARG_MODELS}
    for route in checked_routes():
        kwargs = route.kwargs
        assert kwargs <= known, f"{route.pattern}: extend the denial harness for {kwargs - known}"
        assert len(kwargs) <= 1, f"{route.pattern}: one object per route"
        if route.searched_models:
            for model in route.searched_models:
                assert is_scoped_model(model), f"{route.pattern}: {model} is not scoped"
            continue
        if route.model is None:
            assert route.scope_parameters or kwargs - {"pk"}, (
                f"{route.pattern}: view has no model to scope and no scope parameters"
            )
            assert set(route.scope_parameters) <= set(PARAMETER_MODELS), route.pattern
            continue
        assert is_scoped_model(route.model), f"{route.pattern}: {route.model} is not scoped"
    for prefix in EXEMPT:
        assert any(exemption(r) == EXEMPT[prefix] for r in routes), f"stale exemption {prefix!r}"


@pytest.mark.parametrize(
    "route", [r for r in checked_routes() if r.object_kwarg()], ids=lambda r: r.pattern
)
def test_outsider_gets_404_on_every_object_route(
    route,
    officer_a,
    officer_b,
    staff_elsewhere,
    province_staff,
    admin_elsewhere,
    province_admin,
    outsider_objects,
):
    kwarg, model = route.object_kwarg()
    candidates = outsider_objects[model._meta.concrete_model]
    # Where the commune officer's role may not use a method at all (403: editing an award,
    # deciding a proposal), the scope is checked with a role that may: province staff of
    # another province against the staff of commune B's province; where only administrators
    # may (resetting a user's two-factor sign-in), administrators scoped to those provinces.
    outsiders = [officer_a, staff_elsewhere, admin_elsewhere]
    owners = [officer_b, province_staff, province_admin]
    outsiders = [_client(user, route.is_api) for user in outsiders]
    owners = [_client(user, route.is_api) for user in owners]
    owner_reached = False
    for obj in candidates:
        url = reverse(route.name, kwargs={kwarg: obj.pk})
        for method in route.methods:
            for outsider in outsiders:
                response = _request(outsider, method, url, route.is_api)
                if response.status_code != 403:
                    break
            assert response.status_code == 404, (
                f"{method} {url} as outsider: {response.status_code}"
            )
        for owner in owners:
            if "GET" in route.methods:
                response = owner.get(url)
            else:  # an API action without a GET (render, issue): the owner's own request
                response = _request(owner, route.methods[0], url, route.is_api)
            if response.status_code != 403:
                break
        if "GET" in route.methods:
            owner_reached |= response.status_code == 200
        else:  # found: done, or refused for what was sent (400), but not "not found"
            owner_reached |= response.status_code in (200, 201, 202, 400)
    assert owner_reached, f"{route.pattern}: commune B's own officer reached none of {candidates}"
    # Nothing the outsider sent changed commune B's objects (a user's password neither).
    for obj in candidates:
        fresh = type(obj).objects.get(pk=obj.pk)
        assert str(fresh) == str(obj) and not getattr(fresh, "is_deleted", False)
        assert getattr(fresh, "password", None) == getattr(obj, "password", None)


@pytest.mark.parametrize(
    "route", [r for r in checked_routes() if not r.object_kwarg()], ids=lambda r: r.pattern
)
def test_lists_never_show_another_communes_records(
    route, officer_a, officer_b, staff_elsewhere, province_staff, commune_b, outsider_objects
):
    client = _client(officer_a, route.is_api)
    owner = _client(officer_b, route.is_api)
    url = reverse(route.name)
    if client.get(url).status_code == 403:
        # A page the commune officer's role may not use (recording an award): check it with
        # province staff of another province.
        client = _client(staff_elsewhere, route.is_api)
        owner = _client(province_staff, route.is_api)
    if route.model is not None:
        b_parent = outsider_objects[route.model._meta.concrete_model][0].pk
    else:
        b_parent = commune_b.pk
    # A figures view asked for commune B's unit or model: 404, while B's officer gets it.
    for parameter in route.scope_parameters:
        for obj in outsider_objects[_model(PARAMETER_MODELS[parameter])][:1]:
            query = f"?{parameter}={obj.pk}"
            assert client.get(url + query).status_code == 404, f"GET {url}{query} as outsider"
            assert owner.get(url + query).status_code == 200, f"GET {url}{query} as owner"
    queries = ["", "?q=Đức", "?level=3", "?level=4", "?current=", f"?parent={b_parent}"]
    # Terms that find commune B's rows (written so that the term itself, shown back in a
    # search box, is not one of the markers): its names, camera, decision and shift's day.
    queries += ["?q=bac hoi", "?q=cam-bh", "?q=77/qd-cat", "?q=01/03/2025"]
    for query in queries:
        response = client.get(url + query)
        assert response.status_code == 200, f"GET {url}{query}: {response.status_code}"
        body = response.content.decode()
        if route.is_api:
            body = json.dumps(response.json(), ensure_ascii=False)
        for marker in B_MARKERS:
            assert marker not in body, f"GET {url}{query} shows {marker!r}"


def _forms_and_serializers():
    found = []
    for route in checked_routes():
        view_class = getattr(route.callback, "view_class", None)
        form_classes = []
        if view_class is not None and getattr(view_class, "form_class", None):
            form_classes.append(view_class.form_class)
        form_classes.extend(getattr(view_class, "extra_form_classes", []))
        for form_class in form_classes:
            fields = getattr(form_class, "base_fields", {}).values()
            if issubclass(form_class, ScopedFormMixin) or any(
                hasattr(f, "queryset") for f in fields
            ):
                found.append(("form", route.pattern, form_class))
        viewset = getattr(route.callback, "cls", None)
        if viewset is not None and getattr(viewset, "serializer_class", None):
            found.append(("serializer", route.pattern, viewset.serializer_class))
    unique = {(kind, cls): pattern for kind, pattern, cls in found}
    return [(kind, pattern, cls) for (kind, cls), pattern in unique.items()]


@pytest.mark.parametrize("kind,pattern,cls", _forms_and_serializers(), ids=lambda v: str(v))
def test_choice_lists_offer_only_own_records(
    kind, pattern, cls, officer_a, outsider_objects, rf, model_a, commune_a
):
    outsider_pks = {(model, obj.pk) for model, objs in outsider_objects.items() for obj in objs}
    checked = 0
    if kind == "form":
        # Forms of pages under a parent (a commune, a model) get the officer's own parent.
        own_parents = {"model": model_a, "commune": commune_a, "team": model_a}
        params = inspect.signature(cls.__init__).parameters
        extra = {n: own_parents[n] for n in params if n in own_parents}
        form = cls(user=officer_a, **extra)
        for field in form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            checked += 1
            pks = set(queryset.values_list("pk", flat=True))
            model = queryset.model._meta.concrete_model
            assert not {(model, pk) for pk in pks} & outsider_pks, f"{cls.__name__}.{field}"
    else:
        from rest_framework.request import Request

        request = Request(rf.get("/"))
        request.user = officer_a
        serializer = cls(context={"request": request})
        for name, field in serializer.fields.items():
            if field.read_only or not hasattr(field, "get_queryset"):
                continue
            checked += 1
            queryset = field.get_queryset()
            model = queryset.model._meta.concrete_model
            pks = set(queryset.values_list("pk", flat=True))
            assert not {(model, pk) for pk in pks} & outsider_pks, f"{cls.__name__}.{name}"


def test_the_harness_checks_forms_and_serializers():
    kinds = {kind for kind, _pattern, _cls in _forms_and_serializers()}
    assert kinds == {"form", "serializer"}
