"""Every list reads its query parameters strictly: no value reaches the database as an error."""

import pytest
from django.urls import reverse

from tests.conftest import login

BAD = ["0", "-5", "10000", "99999999999999999999", "abc", "1e5"]


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize(
    "route, parameter",
    [
        ("reports:report_list", "year"),
        ("areas:list", "parent"),
        ("areas:village_list", "commune"),
    ],
)
def test_a_bad_value_is_refused_not_a_server_error(secretary, route, parameter, value):
    client = login(secretary)
    response = client.get(reverse(route), {parameter: value})
    assert response.status_code < 500, response.status_code
    assert client.get(reverse(route), {parameter: value, "export": "xlsx"}).status_code < 500


def _list_parameters():
    """Every HTML list with its filters' parameters, as its filter form names them."""
    from areas.scoping import unscoped
    from tests.test_list_queries import LISTS

    found = []
    with unscoped("reading the filter forms"):
        for route in LISTS:
            view = getattr(route.callback, "view_class", None)
            filterset = getattr(view, "filterset_class", None)
            if filterset is None:
                continue
            form = filterset(data={}, queryset=filterset._meta.model.objects.none()).form
            found += [(route, name) for name in form.fields]
    return found


LIST_PARAMETERS = _list_parameters()


def test_every_html_list_is_walked():
    assert {"reports:report_list", "patrols:shift_list", "registry:model_list"} <= {
        route.name for route, _name in LIST_PARAMETERS
    }


@pytest.mark.parametrize("route, parameter", LIST_PARAMETERS, ids=lambda v: getattr(v, "name", v))
def test_every_list_filter_refuses_a_bad_value(administrator, own_objects, route, parameter):
    from tests.test_routes import route_url

    client = login(administrator)
    url = route_url(route, own_objects)
    for value in ["0", "-5", "99999999999999999999", "1e5", "31/02/2026", "abc\x00"]:
        for extra in ({}, {"export": "xlsx"}):
            response = client.get(url, {parameter: value, **extra})
            assert response.status_code < 500, (url, parameter, value, extra)
