"""The API's request bodies are bounded (``areas/base/parsers.py``): too large, too deep or
not JSON at all, each is refused with a JSON answer in Vietnamese, never Django's HTML page
or a server error."""

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from areas.base.parsers import nested_deeper


@pytest.fixture
def api(officer_a):
    client = APIClient()
    client.force_authenticate(officer_a)
    return client


def post_raw(api, body: bytes, content_type="application/json"):
    return api.generic("POST", "/api/shifts/", body, content_type=content_type)


def test_a_body_over_the_limit_is_a_json_413(api):
    shift = {"notes": "x" * 3_000_000, "incidents": [{"description": "y"}] * 20_000}
    response = post_raw(api, json.dumps(shift).encode())
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Yêu cầu quá lớn: tối đa 1,0\xa0MB."}


def test_deep_json_is_refused_before_it_is_read(api):
    response = post_raw(api, b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code == 400
    assert response.json() == {"detail": "Dữ liệu JSON lồng nhau quá sâu: tối đa 32 cấp."}
    # Brackets in a string are text: read, and the shift's own rules answer.
    response = post_raw(api, b'{"notes": "' + b"[" * 100_000 + b'"}')
    assert response.status_code == 400
    assert "model" in response.json()


def test_the_depth_scan_skips_strings():
    assert not nested_deeper('{"a": [1, {"b": "[[[{{\\"[["}]}', 3)
    assert nested_deeper('{"a": [1, {"b": "[[[{{\\"[["}]}', 2)
    assert nested_deeper("[" * 100_000, 32)


def test_a_body_that_is_not_json_says_where(api):
    response = post_raw(api, b'{"model": 1,\n "notes": }')
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Nội dung yêu cầu không phải JSON hợp lệ (dòng 2, cột 11)."
    }
    assert post_raw(api, b'{"model": NaN}').json() == {
        "detail": "Nội dung yêu cầu không phải JSON hợp lệ."
    }
    assert post_raw(api, b'{"notes": "\xff"}').json() == {
        "detail": "Nội dung yêu cầu không phải văn bản UTF-8."
    }


def test_a_form_body_is_bounded_too(api):
    many = "&".join(f"f{i}=1" for i in range(6000)).encode()
    response = post_raw(api, many, "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json() == {"detail": "Biểu mẫu có quá nhiều trường: tối đa 5000."}
    big = b"notes=" + b"x" * 2_000_000
    response = post_raw(api, big, "application/x-www-form-urlencoded")
    assert response.status_code == 413


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_multipart_body_is_bounded_too(api):
    response = api.post("/api/shifts/", {"notes": "x" * 5000})  # multipart
    assert response.status_code == 413
    assert response.json() == {
        "detail": "Dữ liệu các trường của biểu mẫu quá lớn: tối đa 1000\xa0byte."
    }


@pytest.mark.parametrize("url", ["/api/shifts/", "/api/reviews/signed-copies/"])
def test_a_multipart_body_has_a_bounded_number_of_fields(api, url):
    # The signed copies' upload too, which names its own (multipart) parsers.
    response = api.post(url, {f"f{i}": "1" for i in range(6000)})
    assert response.status_code == 400
    assert response.json() == {"detail": "Biểu mẫu có quá nhiều trường: tối đa 5000."}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_json_body_over_djangos_own_limit_is_a_json_413_too(api):
    response = post_raw(api, json.dumps({"notes": "x" * 500}).encode())
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"


def test_the_body_stays_readable_after_parsing(api, rf):
    from areas.base.parsers import BoundedJSONParser

    request = rf.post("/api/shifts/", b'{"a": 1}', content_type="application/json")
    assert BoundedJSONParser().parse(request, parser_context={"request": request}) == {"a": 1}
    assert request.body == b'{"a": 1}'  # as DRF's own parser leaves it
