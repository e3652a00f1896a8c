"""Light pages for a phone on a weak network (not timed: ``make bench`` weighs and times them).

- In the production configuration (``DEBUG=0``) static files are content-hashed, compressed
  once by ``collectstatic`` and reach a browser compressed (brotli, else gzip) with a long
  cache; the pages themselves are gzipped.
- No template runs script inline (a Content-Security-Policy would refuse it): no ``<script>``
  with a body, no ``on…=`` handler, no ``javascript:`` link, no ``hx-on``.
- Each page loads only what it uses: htmx on the pages whose forms reload through it, Chart.js
  where charts are drawn (the dashboards), and no page Bootstrap's JavaScript bundle.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
OUR_APPS = ["areas", "accounts", "models_registry", "patrols", "awards", "reports", "config"]


def production_settings() -> dict:
    """What config/settings.py sets for static files with DEBUG=0, read in a fresh process."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'STORAGES': s.STORAGES, 'MIDDLEWARE': s.MIDDLEWARE, "
        "'WHITENOISE_USE_FINDERS': s.WHITENOISE_USE_FINDERS, 'DEBUG': s.DEBUG}, default=str))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "production-settings-test",
        # Not connected to; set so that the settings do not start the embedded server.
        "DATABASE_URL": os.environ.get("DATABASE_URL") or "postgres://nobody@localhost/none",
    }
    env.pop("STATIC_MANIFEST", None)
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def production_static(tmp_path, db):
    """The production settings for static files, with ``collectstatic`` run as the image runs
    it — on our static files without the review PDF's fonts and stylesheet (7 s of brotli on
    1.5 MB of fonts that no page downloads)."""
    prod = production_settings()
    assert prod["DEBUG"] is False
    source, root = tmp_path / "source", tmp_path / "root"
    shutil.copytree(
        Path(settings.BASE_DIR) / "static",
        source,
        ignore=lambda _d, names: [n for n in names if n in {"fonts", "review.css"}],
    )
    with override_settings(
        DEBUG=False,
        STORAGES=prod["STORAGES"],
        MIDDLEWARE=prod["MIDDLEWARE"],
        WHITENOISE_USE_FINDERS=prod["WHITENOISE_USE_FINDERS"],
        WHITENOISE_AUTOREFRESH=False,
        STATIC_ROOT=root,
        STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield prod


def test_production_serves_hashed_static_files_compressed_with_a_long_cache(production_static):
    assert (
        production_static["STORAGES"]["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production_static["WHITENOISE_USE_FINDERS"] is False
    html = Client().get(reverse("accounts:login")).content.decode()
    css = re.search(r'href="(/static/vendor/bootstrap\.min\.[0-9a-f]{12}\.css)"', html)
    assert css, "the page links the content-hashed stylesheet"
    url = css.group(1)
    client = Client()
    for accept, encoding in [
        ("gzip, deflate, br, zstd", "br"),  # Chromium
        ("gzip, deflate", "gzip"),
        ("", None),
    ]:
        response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
        assert response.status_code == 200
        assert response.get("Content-Encoding") == encoding, accept
        assert response["Cache-Control"] == "max-age=315360000, public, immutable"
        assert "Accept-Encoding" in response["Vary"]
        size = int(response["Content-Length"])
        if encoding:
            assert size < 40_000, (encoding, size)  # 232 KB as written
        b"".join(response.streaming_content)
    for script in re.findall(r'src="(/static/[^"]+\.js)"', html):
        assert re.search(r"\.[0-9a-f]{12}\.js$", script), script
        assert client.get(script, HTTP_ACCEPT_ENCODING="br").get("Content-Encoding") == "br"


def test_production_gzips_the_pages_but_not_files_compressed_already(production_static):
    assert "config.compression.TextGZipMiddleware" in production_static["MIDDLEWARE"]
    client = Client()
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert page["Content-Type"].startswith("text/html")
    assert page["Content-Encoding"] == "gzip" and "Accept-Encoding" in page["Vary"]
    plain = client.get(reverse("accounts:login"))
    assert not plain.has_header("Content-Encoding")

    from django.http import FileResponse, HttpRequest

    from config.compression import TextGZipMiddleware

    request = HttpRequest()
    request.META["HTTP_ACCEPT_ENCODING"] = "gzip"
    pdf = FileResponse(iter([b"%PDF-1.7" * 200]), content_type="application/pdf")
    assert not TextGZipMiddleware(lambda r: pdf)(request).has_header("Content-Encoding")


def template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
# An attribute named on… inside a tag (onclick=, onchange=, …), not data-on… or hx-on….
HANDLER = re.compile(r"<[a-z][^>]*?[\s\"'](on[a-z]+)\s*=", re.S | re.I)


def test_no_template_runs_script_inline():
    problems = []
    for path in template_files():
        text = path.read_text()
        name = path.relative_to(TEMPLATES)
        for match in INLINE_SCRIPT.finditer(text):
            if "src=" not in match["attrs"] or match["body"].strip():
                problems.append(f"{name}: inline <script{match['attrs']}>")
        problems += [f"{name}: {m} handler" for m in HANDLER.findall(text)]
        if re.search(r"javascript:", text, re.I):
            problems.append(f"{name}: javascript: link")
        if re.search(r"\bhx-on", text):
            problems.append(f"{name}: hx-on handler")
    assert problems == []


def test_no_python_code_writes_script_into_a_page():
    problems = []
    for app in OUR_APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            if re.search(r"<script|javascript:|[\s\"']on(click|change|submit|load|input)=", text):
                problems.append(str(path.relative_to(settings.BASE_DIR)))
    assert problems == []


def test_the_checks_catch_inline_script():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script src="/a.js" defer></script>')["body"] == ""
    assert HANDLER.findall('<button class="b" onclick="go()">') == ["onclick"]
    assert HANDLER.findall('<body onload="go()">') == ["onload"]
    assert HANDLER.findall('<a data-online="1" hx-get="/x">online=yes</a>') == []


INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def test_htmx_is_loaded_by_every_page_whose_forms_use_it_and_by_no_other():
    """A template with hx- attributes is either a page that includes includes/htmx.html, or a
    part that every page including it (at any depth) loads htmx for. The base layout loads
    none, so the overview and the list pages go without."""
    texts = {str(p.relative_to(TEMPLATES)): p.read_text() for p in template_files()}
    includers: dict[str, set[str]] = {}
    for name, text in texts.items():
        for target in INCLUDE.findall(text):
            includers.setdefault(target, set()).add(name)

    def pages_of(name: str, seen: frozenset = frozenset()) -> set[str]:
        parents = {p for p in includers.get(name, set()) if p not in seen}
        if not parents:
            return {name}
        return set().union(*(pages_of(p, seen | {name}) for p in parents))

    loads = {name for name, text in texts.items() if "includes/htmx.html" in text}
    users = {
        name
        for name, text in texts.items()
        if re.search(r"\shx-(get|post|put|patch|delete|trigger|target|swap)\b", text)
    }
    assert users, "the templates that use htmx"
    missing = {
        (user, page)
        for user in users
        for page in pages_of(user)
        if page not in loads and re.match(r"""{%\s*extends\s+["']base.html""", texts[page])
    }
    assert missing == set()
    assert "htmx.min.js" not in texts["base.html"]
    assert loads <= {page for user in users for page in pages_of(user)} | {"base.html"}
    assert [n for n, t in texts.items() if "chart.umd" in t] == ["reports/dashboard.html"]
    assert [n for n, t in texts.items() if "bootstrap.bundle" in t] == []


# Every page: the menu and Cancel (app.js); the date and time boxes and the error summary
# (forms.js); the phone's queue of shifts and its badge (offline.js with offline-record.js and
# offline-list.js, idb-keyval).
BASE_SCRIPTS = {
    "js/app.js",
    "js/forms.js",
    "js/offline-record.js",
    "js/offline-list.js",
    "js/offline.js",
    "vendor/idb-keyval/idb-keyval.umd.js",
}


def test_each_page_loads_only_the_scripts_it_uses(client_a, model_a):
    def scripts(url):
        response = client_a.get(url)
        assert response.status_code == 200, url
        return set(re.findall(r'<script src="/static/([^"]+)"', response.content.decode()))

    home = scripts(reverse("home"))
    assert home == {*BASE_SCRIPTS, "vendor/chart.umd.min.js", "js/dashboard.js"}
    entry = scripts(reverse("patrols:shift_add"))
    assert "vendor/htmx.min.js" in entry and "vendor/chart.umd.min.js" not in entry
    assert scripts(reverse("patrols:shift_list")) == BASE_SCRIPTS


def test_the_menu_button_works_without_bootstrap_javascript(client_a):
    html = client_a.get(reverse("home")).content.decode()
    assert "data-menu-toggle" in html and 'aria-controls="mainnav"' in html
    assert 'id="mainnav"' in html and "data-bs-toggle" not in html
    assert "data-menu-toggle" in (Path(settings.BASE_DIR) / "static/js/app.js").read_text()


def test_login_is_a_light_page(db):
    html = Client().get(reverse("accounts:login")).content.decode()
    assert set(re.findall(r'<script src="/static/([^"]+)"', html)) == BASE_SCRIPTS
