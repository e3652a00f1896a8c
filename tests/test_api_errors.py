"""The API's failures speak Vietnamese and name nothing of the code; a missing or bad token is
401 with ``WWW-Authenticate: Token``; a session's write without its CSRF token stays 403."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import login


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.mark.parametrize("auth", ["token", "session"])
def test_an_outsiders_404_is_vietnamese_and_names_no_model(auth, officer_b, model_a):
    client = token_client(officer_b) if auth == "token" else login(officer_b)
    response = client.get(reverse("grassrootsmodel-detail", args=[model_a.pk]))
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}
    body = response.content.decode()
    assert "GrassrootsModel" not in body and "matches" not in body


def test_an_owner_still_reads_the_record(officer_a, model_a):
    response = token_client(officer_a).get(reverse("grassrootsmodel-detail", args=[model_a.pk]))
    assert response.status_code == 200 and response.json()["name"] == model_a.name


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Token 0123456789abcdef0123456789abcdef01234567", "Mã token không hợp lệ."),
        ("Token", "Tiêu đề token không hợp lệ. Chưa cung cấp thông tin xác thực."),
        (None, "Chưa cung cấp thông tin xác thực."),
    ],
    ids=["invalid", "empty", "missing"],
)
def test_a_missing_or_invalid_token_is_401_with_the_scheme(db, header, detail):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(reverse("area-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": detail}


def test_a_token_of_an_inactive_user_is_refused_as_drf_refuses_it(officer_a):
    client = token_client(officer_a)
    officer_a.is_active = False
    officer_a.save()
    response = client.get(reverse("area-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Tài khoản người dùng đã ngừng hoạt động hoặc đã bị xóa."}


def test_a_token_reads_its_user_and_the_users_unit_in_one_query(officer_a, commune_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from areas.base.drf import TokenAuthentication

    key = Token.objects.create(user=officer_a).key
    with CaptureQueriesContext(connection) as queries:
        user, token = TokenAuthentication().authenticate_credentials(key)
        assert user == officer_a and token.key == key and user.scope_unit == commune_a
    assert len(queries.captured_queries) == 1


def test_a_bad_token_is_401_even_beside_a_live_session(client_a):
    response = client_a.get(
        reverse("area-list"),
        HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567",
    )
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_session_write_without_its_csrf_token_is_403_in_vietnamese(client_a, commune_a):
    client = Client(enforce_csrf_checks=True)
    client.cookies = client_a.cookies
    body = {"commune": commune_a.pk, "kind": "hamlet", "name": "Ấp 3"}
    response = client.post(reverse("village-list"), body, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Kiểm tra bảo mật (CSRF) không đạt: hãy tải lại trang rồi gửi lại."
    }
    assert "WWW-Authenticate" not in response


def test_a_role_without_the_permission_is_403_in_vietnamese(secretary, commune_a):
    response = token_client(secretary).post(
        reverse("village-list"), {"commune": commune_a.pk, "kind": "hamlet", "name": "Ấp 3"}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền thực hiện thao tác này."}


def test_a_body_that_is_not_json_is_400_in_vietnamese(officer_a):
    response = token_client(officer_a).post(
        reverse("village-list"), '{"name": "Ấp 3', content_type="application/json"
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("Nội dung yêu cầu không phải JSON hợp lệ (dòng 1, cột ")
    assert "Unterminated" not in detail and "JSON parse error" not in detail


def test_other_refusals_are_in_vietnamese(officer_a, model_a):
    client = token_client(officer_a)
    wrong_method = client.put(reverse("village-list"), {}, format="json")
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {"detail": 'Phương thức "PUT" không được phép.'}
    wrong_type = client.post(reverse("village-list"), "name=x", content_type="text/plain")
    assert wrong_type.status_code == 415
    assert wrong_type.json() == {
        "detail": 'Kiểu nội dung "text/plain" trong yêu cầu không được hỗ trợ.'
    }
    wrong_page = client.get(reverse("grassrootsmodel-list"), {"page": 99})
    assert wrong_page.status_code == 404
    assert wrong_page.json() == {"detail": "Trang không hợp lệ."}


def test_throttled_answers_are_in_vietnamese():
    from rest_framework import exceptions

    from areas.base.drf import exception_handler

    response = exception_handler(exceptions.Throttled(wait=30), {})
    assert response.status_code == 429 and response["Retry-After"] == "30"
    assert response.data == {
        "detail": "Yêu cầu đã bị giới hạn tần suất truy cập. Dự kiến có thể thử lại sau 30 giây."
    }
