"""The portal's own error pages (400, 403, the CSRF failure, 404, 500): Vietnamese, in the
portal's layout (500 standing alone), with a way back home — as served with DEBUG off, which is
how production and `make demo` run. Under /api/ the same failures answer JSON."""

import os
import re
import subprocess

import pytest
from django.conf import settings as django_settings
from django.template import loader
from django.test import Client
from django.urls import reverse

from tests.conftest import login

HOME = 'href="/"'


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def page(response) -> str:
    return response.content.decode()


def in_layout(body: str) -> bool:
    """The page is drawn by base.html: the viewport for a phone, the brand, the footer."""
    return (
        'name="viewport"' in body
        and 'class="navbar-brand" href="/">An ninh cơ sở</a>' in body
        and "Ban Chỉ đạo" in body.split("<footer", 1)[-1]
    )


def test_another_communes_record_is_the_portals_404_page(client_b, model_a):
    response = client_b.get(reverse("registry:model_detail", args=[model_a.pk]))
    assert response.status_code == 404
    body = page(response)
    assert in_layout(body)
    assert "<h1" in body and "Không tìm thấy" in body
    assert "Không tìm thấy trang hoặc bản ghi, hoặc bản ghi nằm ngoài địa bàn của bạn." in body
    assert HOME in body and "Về trang tổng quan" in body
    # Drawn with the request: the officer's menu and name, a token for the language buttons.
    assert "officer_b" in body and "Tổng quan" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "GrassrootsModel" not in body and "matches the given query" not in body


def test_an_unknown_address_is_the_404_page_with_a_login_for_a_visitor(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    body = page(response)
    assert in_layout(body) and "Không tìm thấy" in body
    assert reverse("accounts:login") in body and "Đăng nhập" in body


def test_a_role_without_the_permission_gets_the_403_page(province_staff):
    response = login(province_staff).get(reverse("reports:report_add"))
    assert response.status_code == 403
    body = page(response)
    assert in_layout(body)
    assert "Không được phép" in body
    assert "Vai trò của bạn không được phép thực hiện thao tác này." in body
    assert HOME in body and "tinh" in body


def test_a_bad_request_is_the_400_page_drawn_with_the_request(db):
    # A request for a host the portal does not serve is refused (DisallowedHost) with a 400.
    response = Client(HTTP_HOST="portal.example.invalid").get("/accounts/login/")
    assert response.status_code == 400
    body = page(response)
    assert in_layout(body)
    assert "Yêu cầu không hợp lệ" in body
    assert "Cổng thông tin không đọc được yêu cầu này và chưa thay đổi gì." in body
    assert HOME in body and 'name="csrfmiddlewaretoken"' in body


def test_a_form_sent_without_its_token_is_the_portals_csrf_page(db):
    client = Client(enforce_csrf_checks=True)
    login_url = reverse("accounts:login")
    client.get(login_url)  # the page sets the CSRF cookie; the form is then sent without the token
    response = client.post(login_url, {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = page(response)
    assert in_layout(body)
    assert "Chưa gửi được biểu mẫu" in body
    assert "mã bảo vệ của biểu mẫu không còn khớp. Chưa có gì được lưu." in body
    assert f'href="{login_url}">Mở lại biểu mẫu</a>' in body
    assert HOME in body
    # A fresh token on the page (the language buttons post with it).
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token and token[1]
    assert "CSRF verification failed" not in body


def test_without_the_cookie_the_csrf_page_says_to_allow_cookies(db):
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {})
    assert response.status_code == 403
    body = page(response)
    assert in_layout(body)
    assert "Trình duyệt không gửi cookie của cổng thông tin" in body


def test_the_csrf_failure_view_is_the_portals():
    assert django_settings.CSRF_FAILURE_VIEW == "areas.base.errors.csrf_failure"


@pytest.fixture
def broken_overview(monkeypatch):
    from reports.dashboards.views import DashboardView

    def fail(self, request, *args, **kwargs):
        raise RuntimeError("the overview broke")

    monkeypatch.setattr(DashboardView, "get", fail)


def test_a_server_error_is_the_standalone_500_page(client_a, broken_overview):
    client_a.raise_request_exception = False
    response = client_a.get("/")
    assert response.status_code == 500
    body = page(response)
    assert "<h1" in body and "Lỗi máy chủ" in body
    assert "thao tác vừa rồi có thể chưa được lưu" in body
    assert HOME in body and "Về trang tổng quan" in body
    assert 'name="viewport"' in body and "bg-danger" in body and "An ninh cơ sở" in body
    # Stands alone: nothing of the request or of the user is read.
    assert "officer_a" not in body and "csrfmiddlewaretoken" not in body
    assert "Traceback" not in body and "the overview broke" not in body


def test_the_500_page_renders_without_a_request_or_a_static_manifest(settings, tmp_path):
    # Production's storage with no manifest: a {% static %} lookup would raise here.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    body = loader.render_to_string("500.html")
    assert "Lỗi máy chủ" in body and HOME in body
    assert 'href="/static/vendor/bootstrap.min.css"' in body


def test_if_the_500_page_itself_fails_a_fixed_page_goes_out(client_a, broken_overview, monkeypatch):
    from areas.base import errors

    def no_template(*args, **kwargs):
        raise RuntimeError("templates broken too")

    monkeypatch.setattr(errors.loader, "render_to_string", no_template)
    client_a.raise_request_exception = False
    response = client_a.get("/")
    assert response.status_code == 500
    body = page(response)
    assert "<h1>Lỗi máy chủ</h1>" in body and HOME in body


# --- under /api/ the same failures are JSON ---------------------------------------------------


def test_an_unknown_api_address_is_a_json_404(client_a):
    response = client_a.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy."}


def test_a_server_error_in_the_api_is_json(client_a, monkeypatch):
    from models_registry.api.views import GrassrootsModelViewSet

    def fail(self, request, *args, **kwargs):
        raise RuntimeError("the list broke")

    monkeypatch.setattr(GrassrootsModelViewSet, "list", fail)
    client_a.raise_request_exception = False
    response = client_a.get(reverse("grassrootsmodel-list"))
    assert response.status_code == 500
    assert response.json() == {"detail": "Đã xảy ra lỗi máy chủ."}


# --- make demo ---------------------------------------------------------------------------------


def test_make_demo_serves_with_debug_off_over_plain_http():
    """`make demo` shows the portal's error pages, not Django's debug page: its runserver line
    runs with DEBUG=0, and those settings load (a key, cookies sent over plain HTTP)."""
    base = django_settings.BASE_DIR
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    dry = subprocess.run(
        ["make", "-n", "demo"], cwd=base, env=env, capture_output=True, text=True, check=True
    )
    serve = next(line for line in dry.stdout.splitlines() if "runserver" in line)
    assignments = dict(re.findall(r"\b([A-Z_]+)=(\S+)", serve.split("python", 1)[0]))
    assert assignments["DEBUG"] == "0"
    probe = subprocess.run(
        [
            str(base / ".venv/bin/python"),
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
            "django.setup(); from django.conf import settings as s; "
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE)",
        ],
        cwd=base,
        env={**env, **assignments},
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.split()[-2:] == ["False", "False"]


def test_a_bad_request_to_the_api_is_json(db):
    response = Client(HTTP_HOST="portal.example.invalid").get("/api/areas/")
    assert response.status_code == 400
    assert response.json() == {"detail": "Yêu cầu không đúng định dạng."}


def test_a_permission_denied_outside_drf_under_the_api_is_json(rf):
    # Every API view is DRF's, which answers itself; the handler still speaks JSON there.
    from django.core.exceptions import PermissionDenied
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(403)
    response = handler(rf.get("/api/areas/"), PermissionDenied())
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.content.decode() == '{"detail": "Bạn không có quyền thực hiện thao tác này."}'
