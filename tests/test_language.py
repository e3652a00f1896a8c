"""Vietnamese first: a browser that asks for English (a phone set to English) still gets the
portal's pages in Vietnamese; the footer's switch (Django's language cookie) gives English to
a user who chooses it; the API keeps following Accept-Language for scripts."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = "en-US,en;q=0.9"


def test_an_english_browser_gets_the_login_page_in_vietnamese():
    page = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)
    body = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body


def test_the_footer_switch_gives_english_to_whoever_chooses_it():
    client = Client()
    answer = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("accounts:login")}
    )
    assert answer.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in page.content.decode()


def test_the_api_still_follows_accept_language(officer_a):
    client = Client()
    client.force_login(officer_a)
    english = client.post(reverse("shift-list"), {}, HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.post(reverse("shift-list"), {}, HTTP_ACCEPT_LANGUAGE="vi")
    assert english.status_code == vietnamese.status_code == 400
    assert english.json() != vietnamese.json()
    assert "This field is required." in str(english.json())
