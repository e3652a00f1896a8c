"""django-axes behind the shipped nginx: a lock is for one user name on one client address,
read from the header nginx sets, and lasts the cool-off time from the failure that set it.

The requests are made as nginx forwards them (``deploy/nginx.conf``): from nginx's own
address, with X-Forwarded-For being whatever the client sent followed by the address nginx
saw the client at. The proxy settings are those ``config/settings.py`` makes of
``PROXY_COUNT=1`` (docker-compose.yml), read in a fresh process.
"""

import datetime
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.production import production_settings

NGINX = "172.18.0.5"  # the nginx container, as gunicorn sees it
ATTACKER = "113.160.20.66"
OFFICER = "14.177.3.9"
PROXY_SETTINGS = [
    "PROXY_COUNT",
    "SECURE_PROXY_SSL_HEADER",
    "AXES_IPWARE_PROXY_COUNT",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "IPWARE_STRICT",
]


def nginx_forwarding_header() -> str:
    conf = (Path(settings.BASE_DIR) / "deploy/nginx.conf").read_text()
    match = re.search(r"proxy_set_header\s+X-Forwarded-For\s+(\S+);", conf)
    assert match, "deploy/nginx.conf sets X-Forwarded-For"
    return match.group(1)


def through_nginx(client_address: str, sent: str | None = None) -> dict:
    """The request's META as gunicorn receives it from nginx, for a client at
    ``client_address`` that sent X-Forwarded-For ``sent`` itself (or none)."""
    assert nginx_forwarding_header() == "$proxy_add_x_forwarded_for"
    forwarded = f"{sent}, {client_address}" if sent else client_address
    return {
        "REMOTE_ADDR": NGINX,
        "HTTP_X_FORWARDED_FOR": forwarded,
        "HTTP_X_FORWARDED_PROTO": "https",
    }


@pytest.fixture(scope="module")
def behind_nginx_settings():
    values = production_settings(*PROXY_SETTINGS, PROXY_COUNT="1")
    assert values["PROXY_COUNT"] == 1
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    return values


@pytest.fixture
def behind_nginx(settings, behind_nginx_settings):
    for name, value in behind_nginx_settings.items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)


def login(client_address: str, password: str, *, sent: str | None = None, username="officer_a"):
    return Client(**through_nginx(client_address, sent)).post(
        reverse("accounts:login"), {"username": username, "password": password}
    )


def test_the_client_address_is_the_one_nginx_saw(behind_nginx, officer_a):
    login(ATTACKER, "sai", sent="10.9.9.9")
    login(OFFICER, "sai")
    assert sorted(AccessAttempt.objects.values_list("ip_address", flat=True)) == sorted(
        [ATTACKER, OFFICER]
    )


def test_an_attacker_cannot_lock_out_the_user_logging_in_from_elsewhere(
    behind_nginx, officer_a, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        # Whatever the attacker writes into X-Forwarded-For: the officer's own address too.
        response = login(ATTACKER, "sai", sent=OFFICER)
    assert response.status_code == 429
    assert login(ATTACKER, PASSWORD).status_code == 429
    officer = login(OFFICER, PASSWORD)
    assert officer.status_code == 302 and officer["Location"] == reverse("home")


def test_without_a_proxy_the_forwarded_header_is_not_believed(officer_a, settings):
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ["REMOTE_ADDR"]  # PROXY_COUNT=0
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OFFICER).post(
            reverse("accounts:login"), {"username": "officer_a", "password": "sai"}
        )
    assert AccessAttempt.objects.get().ip_address == ATTACKER


def test_failures_during_the_lock_do_not_extend_it(behind_nginx, officer_a, settings):
    assert datetime.timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(ATTACKER, "sai")

    def minutes_pass(minutes: int):
        AccessAttempt.objects.update(
            attempt_time=AccessAttempt.objects.get().attempt_time
            - datetime.timedelta(minutes=minutes)
        )

    minutes_pass(20)
    locked_at = AccessAttempt.objects.get().attempt_time
    for _ in range(3):
        assert login(ATTACKER, "sai").status_code == 429
    assert login(ATTACKER, PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().attempt_time == locked_at
    minutes_pass(11)  # 31 minutes after the failure that locked
    assert login(ATTACKER, PASSWORD).status_code == 302


def test_the_lockout_page_says_the_time_in_words(behind_nginx, officer_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(ATTACKER, "sai")
    text = response.content.decode()
    assert response.status_code == 429
    assert "Hãy thử lại sau 30 phút" in text
    assert "PT30M" not in text


def test_durations_in_words():
    from django.utils import translation

    from areas.templatetags.ui import duration

    with translation.override("vi"):
        assert duration(datetime.timedelta(minutes=30)) == "30 phút"
        assert duration(datetime.timedelta(minutes=90)) == "1 giờ 30 phút"
        assert duration(datetime.timedelta(hours=2)) == "2 giờ"
    with translation.override("en"):
        assert duration(datetime.timedelta(minutes=1)) == "1 minute"
        assert duration(datetime.timedelta(minutes=125)) == "2 hours 5 minutes"
