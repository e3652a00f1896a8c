"""A history row on every write — generated from the URL conf and the API router: every route
and method that writes (an HTML POST, an API POST, PUT, PATCH or DELETE) is sent valid data by
a user with the permission, succeeds, and leaves a change-history row (pghistory) naming that
user. A write route without a case in tests/route_write_cases.py fails
``test_every_write_route_has_a_case``."""

from __future__ import annotations

import pytest
from django.apps import apps

from tests.route_write_cases import API_WRITES, CASES
from tests.test_routes import ROUTES, client_for, route_url


def write_routes() -> list[tuple]:
    writes = []
    for route in ROUTES:
        for method in route.methods:
            if (route.is_api and method in API_WRITES) or (not route.is_api and method == "POST"):
                writes.append((route, method))
    return writes


WRITES = write_routes()


def test_every_write_route_has_a_case():
    routes = {(route.name, method) for route, method in WRITES}
    assert routes - set(CASES) == set(), "write routes without a case: add one to CASES"
    assert set(CASES) - routes == set(), "cases of routes that no longer write"


def _events(label: str):
    app_label, name = label.split(".")
    return apps.get_model(app_label, f"{name}Event").objects


@pytest.mark.parametrize("route,method", WRITES, ids=lambda value: getattr(value, "pattern", value))
def test_every_write_leaves_a_history_row_naming_its_user(
    route, method, own_objects, administrator, django_capture_on_commit_callbacks
):
    write = CASES[(route.name, method)](own_objects)
    if write.on:
        own_objects = {**own_objects, "reports.ReportVersion": own_objects[write.on]}
    url = route_url(route, own_objects)
    client = client_for(administrator, route.is_api)
    events = _events(write.model)
    before = events.count()
    data = write.data(client, url) if callable(write.data) else write.data
    with django_capture_on_commit_callbacks(execute=True):
        if route.is_api:
            response = getattr(client, method.lower())(url, data, format=write.format)
            expected = write.status or API_WRITES[method]
        else:
            response = client.post(url, data)
            expected = 302
    assert response.status_code == expected, (
        f"{method} {url}: {response.status_code} {response.content.decode()[:1500]}"
    )
    assert events.count() > before, f"{method} {url} recorded no history of {write.model}"
    newest = events.order_by("-pgh_id").select_related("pgh_context").first()
    assert newest.pgh_context is not None, f"{method} {url}: history without its context"
    assert newest.pgh_context.metadata.get("user") == administrator.pk, f"{method} {url}"
    assert newest.pgh_context.metadata.get("url") == url.split("?")[0]


def test_the_harness_writes_through_both_pages_and_api():
    kinds = {route.is_api for route, _method in WRITES}
    assert kinds == {True, False}
