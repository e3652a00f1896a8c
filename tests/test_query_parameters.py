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
