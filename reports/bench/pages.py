"""What a commune officer's phone downloads: the shift entry page and the officer's home page,
in Chromium, against the portal served as in production.

The portal runs as it does in production — gunicorn, static files by whitenoise after
``collectstatic`` (compressed, content-hashed), ``DEBUG=0`` — on a database of its own with
the demo data (``load_areas`` + ``load_demo``), and Debian's Chromium (through Playwright)
opens the pages as the demo's commune officer:

- **empty cache**: a new browser context (its own, empty cache) carrying only the session
  cookie; the bytes are the sum of ``encodedDataLength`` of every ``Network.loadingFinished``
  the page's DevTools session reports (body and headers as they came over the wire);
- **warm cache**: the page reloaded in that same context;
- **slow network**: a new context with ``Network.emulateNetworkConditions`` at 400 ms latency
  and 400 kbit/s both ways; the time is the navigation's ``loadEventEnd`` (the stylesheet
  applied, every script run, nothing left loading), from the start of the navigation.

Each is repeated ``runs`` times and reported as the median with the smallest and largest run.
The secure-cookie flag and the redirect to HTTPS are off (``SECURE_COOKIES=0``,
``SECURE_SSL_REDIRECT=0``): the browser talks plain HTTP to 127.0.0.1, where production has
nginx with TLS in front; nothing else differs.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from reports.bench import PASSWORD, log

OFFICER = "hiepthanh"  # the demo's commune officer (README, "Demo logins")
ENTRY_PAGE = "/patrols/shifts/new/"
HOME_PAGE = "/"
# 400 kbit/s is 50,000 bytes a second; DevTools takes bytes per second and milliseconds.
SLOW_NETWORK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}
BUDGETS = {
    "entry_page_cold_kb": 150,
    "entry_page_warm_kb": 20,
    "officer_home_cold_kb": 250,
    "entry_page_slow3g_ms": 5000,
}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "locale": "vi-VN",
    "timezone_id": "Asia/Ho_Chi_Minh",
    "is_mobile": True,
    "has_touch": True,
    # The offline worker's own fetches are not the page's network events: with it running, a
    # warm reload would weigh 0 KB while the worker still fetches the page. Without it, what is
    # counted is what crosses the network (the HTML again, the rest from the HTTP cache).
    "service_workers": "block",
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def database_url(settings_dict: dict, name: str) -> str:
    """A DATABASE_URL for database ``name`` on the server of ``settings_dict`` (a socket
    directory for a host, as the embedded server has, is written percent-encoded)."""
    from urllib.parse import quote

    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}" if password else user
    host = quote(settings_dict.get("HOST") or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{name}"


def production_env(database: str) -> dict:
    """The environment of the production configuration (docker-compose.yml's web), pointed at
    ``database``; tasks run inline, as no worker is needed to open a page."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "STATIC_MANIFEST"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database,
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        # the demo's and the bench's users sign in with their password alone
        OTP_REQUIRED="0",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], env=env, check=True, cwd=_base_dir())


def prepare(env: dict) -> None:
    """Migrate the pages' database and load the demo once; collect the static files as the
    production image does (Dockerfile)."""
    manage(env, "migrate", "--noinput", "-v", "0")
    check = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from accounts.models import User; "
            f"print(User.objects.filter(username={OFFICER!r}).exists())",
        ],
        env=env,
        cwd=_base_dir(),
        capture_output=True,
        text=True,
        check=True,
    )
    if check.stdout.split()[-1:] != ["True"]:  # (the shell may say what it imported first)
        started = time.perf_counter()
        manage(env, "load_areas")
        manage(env, "load_demo")
        log(f"  demo data loaded in {time.perf_counter() - started:.0f} s")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def web_service(compose: Path | None = None) -> tuple[str, int]:
    """The WSGI application and the worker count of docker-compose.yml's ``web`` service, read
    from its command (``… && gunicorn config.wsgi:application … --workers 3``), so that the
    benchmarks serve the portal as production does and cannot drift from it."""
    import yaml

    compose = compose or _base_dir() / "docker-compose.yml"
    command = yaml.safe_load(compose.read_text())["services"]["web"]["command"]
    if isinstance(command, list):
        command = " ".join(command)
    found = re.search(r"\bgunicorn\s+(?P<app>[\w.]+:\w+)(?P<options>[^&;\"']*)", command)
    workers = found and re.search(r"(?:--workers[= ]|-w ?)(\d+)\b", found["options"])
    if not workers:
        raise ValueError(f"no gunicorn command with --workers in {compose}'s web: {command!r}")
    return found["app"], int(workers[1])


@contextmanager
def serve(env: dict):
    """gunicorn on a free local port, as docker-compose.yml's web runs it (the same
    application and worker count, ``web_service``); yields its URL once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app, workers = web_service()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=_base_dir(),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/accounts/login/", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                # Not up yet, or its first answer slow (workers still importing on a busy
                # machine): ask again until the deadline.
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


class Transfer:
    """Bytes over the wire of one page's requests, from its DevTools session."""

    def __init__(self, cdp):
        self.sizes: dict[str, float] = {}
        self.urls: dict[str, str] = {}
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")

    def _request(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event):
        self.sizes[event["requestId"]] = event["encodedDataLength"]

    def reset(self) -> None:
        self.sizes.clear()
        self.urls.clear()

    def kb(self) -> float:
        return sum(self.sizes.values()) / 1024

    def by_url(self) -> dict[str, float]:
        return {self.urls.get(rid, rid): round(size / 1024, 1) for rid, size in self.sizes.items()}


def measure(url: str, runs: int = 5) -> dict:
    """The four budgets' figures (and the home page on the slow network, for comparison), each
    as ``{"median", "min", "max", "runs"}``, with what the empty-cache pages downloaded."""
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[float]] = {name: [] for name in [*BUDGETS, "officer_home_slow3g_ms"]}
    downloads: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        login = browser.new_context(**PHONE)
        page = login.new_page()
        page.goto(f"{url}/accounts/login/")
        page.fill("[name=username]", OFFICER)
        page.fill("[name=password]", PASSWORD)
        page.click("form [type=submit]")
        page.wait_for_url(f"{url}/")
        session = login.storage_state()
        login.close()

        def open_page(path: str, network: dict | None = None):
            context = browser.new_context(storage_state=session, **PHONE)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            transfer = Transfer(cdp)
            if network:
                cdp.send("Network.emulateNetworkConditions", network)
            page.goto(f"{url}{path}", wait_until="load", timeout=120_000)
            assert page.url == f"{url}{path}", f"{path} went to {page.url}"
            page.wait_for_load_state("networkidle")
            return context, page, transfer

        for _ in range(runs):
            for path, cold, warm in [
                (ENTRY_PAGE, "entry_page_cold_kb", "entry_page_warm_kb"),
                (HOME_PAGE, "officer_home_cold_kb", None),
            ]:
                context, page, transfer = open_page(path)
                samples[cold].append(transfer.kb())
                downloads[cold] = transfer.by_url()
                if warm:
                    transfer.reset()
                    page.reload(wait_until="load")
                    page.wait_for_load_state("networkidle")
                    samples[warm].append(transfer.kb())
                    downloads[warm] = transfer.by_url()
                context.close()
            for path, name in [
                (ENTRY_PAGE, "entry_page_slow3g_ms"),
                (HOME_PAGE, "officer_home_slow3g_ms"),
            ]:
                context, page, _transfer = open_page(path, SLOW_NETWORK)
                samples[name].append(
                    page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                )
                context.close()
        browser.close()
    figures = {name: spread(values) for name, values in samples.items()}
    figures["downloads_kb"] = downloads
    return figures


def spread(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
        "runs": [round(v, 1) for v in values],
    }


def met(figures: dict) -> dict:
    return {name: figures[name]["median"] <= budget for name, budget in BUDGETS.items()}


def run(settings_dict: dict, runs: int = 5) -> dict:
    """Prepare the pages' database (``<name>_pages`` on the same server), serve the portal in
    its production configuration and measure; the figures keyed by name."""
    name = settings_dict["NAME"].removesuffix("_bench")
    env = production_env(database_url(settings_dict, f"{name}_pages"))
    _create_database(settings_dict, f"{name}_pages")
    log(f"Pages database: {name}_pages")
    prepare(env)
    log(f"Page weight and time in Chromium ({runs} runs, production configuration):")
    with serve(env) as url:
        figures = measure(url, runs)
    for key in [*BUDGETS, "officer_home_slow3g_ms"]:
        f = figures[key]
        log(f"  {key:<34} {f['median']:>8.1f}  ({f['min']:.1f}–{f['max']:.1f})")
    return figures


def _create_database(settings_dict: dict, name: str) -> None:
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def _base_dir() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR)
