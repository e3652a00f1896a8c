"""Production is secure by default: with DEBUG=0 and the variables of .env.example, and
nothing else, ``check --deploy`` finds nothing; HTTPS behind the shipped nginx; every page
under a Content-Security-Policy that no template needs loosened; the API's schema and docs
for logged-in users only."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.template import engines
from django.test import Client
from django.urls import reverse

from tests.production import production_settings, run
from tests.test_light_pages import HANDLER, INLINE_SCRIPT

BASE_DIR = Path(settings.BASE_DIR)
APP_SERVICES = ("web", "worker", "beat")
SECURITY = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "CONTENT_SECURITY_POLICY",
]


@pytest.fixture(scope="module")
def production(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return production_settings(*SECURITY)


def test_check_deploy_finds_nothing_with_the_example_environment(django_db_setup):
    out = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert out.returncode == 0, out.stderr + out.stdout
    assert "System check identified no issues (0 silenced)." in out.stdout
    assert settings.SILENCED_SYSTEM_CHECKS == []


def test_production_is_secure_by_default(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True
    # Tests run under the production policy, not a loosened one.
    assert production["CONTENT_SECURITY_POLICY"] == settings.CONTENT_SECURITY_POLICY


def test_each_safeguard_can_be_set_from_the_environment(django_db_setup):
    values = production_settings(
        *SECURITY,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="0",
        SECURE_COOKIES="0",
        PROXY_COUNT="1",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SESSION_COOKIE_SECURE"] is False and values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_docker_compose_passes_the_same_defaults(production):
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    env = compose["x-app"]["environment"]

    def default(name):
        match = re.fullmatch(r"\$\{" + name + r":-([^}]*)\}", str(env[name]))
        assert match, f"{name} is passed from .env with a default"
        return match.group(1)

    assert env["DEBUG"] == "0" and env["PROXY_COUNT"] == "1"
    assert int(default("SECURE_HSTS_SECONDS")) == production["SECURE_HSTS_SECONDS"]
    for name in ["SECURE_SSL_REDIRECT", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]:
        assert default(name) == "1" and production[name] is True
    assert default("SECURE_COOKIES") == "1" and production["SESSION_COOKIE_SECURE"] is True
    ports = compose["services"]["nginx"]["ports"]
    assert ports == ["80:80", "443:443"]


def compose_config(**env: str) -> dict:
    """docker-compose.yml as docker-compose reads it, with .env.example as the .env and
    ``env`` set in the shell."""
    out = subprocess.run(
        ["docker-compose", "--env-file", ".env.example", "config"],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return yaml.safe_load(out.stdout)


needs_compose = pytest.mark.skipif(
    shutil.which("docker-compose") is None, reason="docker-compose is not installed"
)


@needs_compose
def test_workers_scale_by_processes_and_by_containers():
    worker = compose_config()["services"]["worker"]
    assert worker["command"].endswith("--concurrency 2")
    worker = compose_config(CELERY_CONCURRENCY="6")["services"]["worker"]
    assert worker["command"].endswith("--concurrency 6")
    # --scale worker=N starts N of them: nothing in it may be one of a kind.
    assert not {"container_name", "ports"} & set(worker)
    # The web container keeps its own count of gunicorn workers.
    assert "--workers 3" in compose_config()["services"]["web"]["command"]


@needs_compose
def test_the_replica_is_passed_from_env_and_empty_means_none(django_db_setup):
    url = "postgres://anninh_ro:pw@replica.internal:5432/anninh"
    services = compose_config(DATABASE_REPLICA_URL=url)["services"]
    assert all(services[s]["environment"]["DATABASE_REPLICA_URL"] == url for s in APP_SERVICES)
    passed = compose_config()["services"]["web"]["environment"]["DATABASE_REPLICA_URL"]
    assert passed == ""
    values = production_settings("DATABASES", "READ_REPLICA", DATABASE_REPLICA_URL=passed)
    assert list(values["DATABASES"]) == ["default"] and values["READ_REPLICA"] is None


def test_nginx_terminates_tls_and_leaves_hsts_to_django():
    conf = (BASE_DIR / "deploy/nginx.conf").read_text()
    servers = re.split(r"^server\s*{", conf, flags=re.M)[1:]
    plain = next(s for s in servers if re.search(r"listen 80;", s))
    tls = next(s for s in servers if re.search(r"listen 443 ssl;", s))
    assert "return 301 https://$host$request_uri;" in plain and "proxy_pass" not in plain
    assert re.search(r"ssl_certificate /etc/nginx/certs/fullchain\.pem;", tls)
    assert re.search(r"ssl_certificate_key /etc/nginx/certs/privkey\.pem;", tls)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in tls
    assert "Strict-Transport-Security" not in conf  # Django sends it (SECURE_HSTS_*)
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    assert "./deploy/certs:/etc/nginx/certs:ro" in compose["services"]["nginx"]["volumes"]


def test_behind_nginx_plain_http_is_redirected_and_https_gets_hsts(production, settings, db):
    settings.SECURE_SSL_REDIRECT = production["SECURE_SSL_REDIRECT"]
    settings.SECURE_HSTS_SECONDS = production["SECURE_HSTS_SECONDS"]
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    url = reverse("accounts:login")
    plain = Client(HTTP_X_FORWARDED_PROTO="http").get(url)
    assert plain.status_code == 301 and plain["Location"] == f"https://testserver{url}"
    secure = Client(HTTP_X_FORWARDED_PROTO="https").get(url)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_has_the_content_security_policy(client_a, db):
    for response in [
        Client().get(reverse("accounts:login")),
        client_a.get(reverse("home")),
        client_a.get(reverse("patrols:shift_add")),
        client_a.get("/api/"),
    ]:
        csp = policy(response)
        assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'self'"]


def test_the_api_schema_and_docs_are_for_logged_in_users(client_a, db):
    assert Client().get(reverse("schema")).status_code in (401, 403)
    docs = Client().get(reverse("api-docs"))
    assert docs.status_code == 302 and docs["Location"].startswith(reverse("accounts:login"))
    assert client_a.get(reverse("schema")).status_code == 200


def test_the_docs_page_runs_no_inline_script_and_its_style_has_the_nonce(client_a):
    response = client_a.get(reverse("api-docs"))
    html = response.content.decode()
    nonce = re.search(r'<style nonce="([^"]+)">', html).group(1)
    assert policy(response)["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy(response)["script-src"] == ["'self'"]
    scripts = INLINE_SCRIPT.findall(html)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    start = re.search(r'<script src="([^"]+\?[^"]*script=[^"]*)"', html).group(1)
    script = client_a.get(start.replace("&amp;", "&"))
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def our_templates() -> list[Path]:
    """Every template the portal serves: the project's folder and each of our apps' own."""
    dirs = [Path(d) for d in engines["django"].dirs]
    for app in ["areas", "accounts", "models_registry", "patrols", "awards", "reports", "config"]:
        dirs.append(BASE_DIR / app / "templates")
    return sorted(p for d in dirs if d.exists() for p in d.rglob("*.html"))


STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.S | re.I)
STYLE_ELEMENT = re.compile(r"<style\b(?P<attrs>[^>]*)>", re.I)


def test_no_template_needs_the_policy_loosened():
    """No inline script (``<script>`` with a body; JSON from ``json_script`` is rendered,
    never written in a template), no ``on…=`` handler, no ``style=`` attribute, and no
    ``<style>`` element without the response's nonce."""
    templates = our_templates()
    assert len(templates) > 50
    problems = []
    for path in templates:
        text, name = path.read_text(), path.relative_to(BASE_DIR)
        for match in INLINE_SCRIPT.finditer(text):
            if "src=" not in match["attrs"] or match["body"].strip():
                problems.append(f"{name}: inline <script{match['attrs']}>")
        problems += [f"{name}: {m} handler" for m in HANDLER.findall(text)]
        problems += [f"{name}: style= attribute" for _ in STYLE_ATTRIBUTE.findall(text)]
        for match in STYLE_ELEMENT.finditer(text):
            if "request.csp_nonce" not in match["attrs"]:
                problems.append(f"{name}: <style> without the nonce")
    assert problems == []


def test_the_template_checks_catch_what_the_policy_would_block():
    assert STYLE_ATTRIBUTE.search('<p class="x" style="color: red">')
    assert STYLE_ATTRIBUTE.search('<col\n style="width: 5%">')
    assert not STYLE_ATTRIBUTE.search('<p data-style="x">')
    assert not STYLE_ATTRIBUTE.search("<p>style=plain text</p>")
    assert STYLE_ELEMENT.search("<style>body{}</style>")["attrs"] == ""


def test_json_data_for_charts_is_not_script(client_a, model_a):
    html = client_a.get(reverse("home")).content.decode()
    blocks = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    inline = [attrs for attrs, body in blocks if body.strip()]
    assert inline and all('type="application/json"' in attrs for attrs in inline)


def test_figures_tables_keep_their_column_widths_without_style_attributes():
    """Column widths are classes of static/css/review.css, which the PDF and the preview both
    load: WeasyPrint lays the columns out at the widths asked."""
    import weasyprint
    from django.template.loader import render_to_string

    from reports.reviews import rendering, wording

    css = (BASE_DIR / "static/css/review.css").read_text()
    assert all(f".w-pct-{n} {{ width: {n}%; }}" in css for n in range(101))
    table = wording.table(["Loại mô hình", "Số"], [["Tổ tự quản", "225"]], widths=[70, 30])
    html = (
        f'<link rel="stylesheet" href="{rendering.STATIC_DIR.as_uri()}/css/review.css">'
        '<div class="review-doc">'
        + render_to_string("reports/review/_table.html", {"table": table})
        + "</div>"
    )
    assert 'class="w-pct-70"' in html
    document = weasyprint.HTML(string=html, url_fetcher=rendering.StaticOnlyFetcher()).render()

    def boxes(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from boxes(child)

    cells = [b for b in boxes(document.pages[0]._page_box) if type(b).__name__ == "TableCellBox"]
    first, second = cells[0].border_width(), cells[1].border_width()
    assert first / (first + second) == pytest.approx(0.70, abs=0.01)
