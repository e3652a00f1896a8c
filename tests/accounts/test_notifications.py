"""Notifications: the bell and its count, the list, opening one, marking all read, each user's
own only, the e-mail choices, and the e-mail — sent only to an address, by choice, when a mail
server is set (Django's in-memory backend in tests: nothing leaves the machine)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notification, NotificationKind, NotificationPreference
from accounts.notifications import KINDS, email_choices, kinds_for, notify, title_of
from tests.conftest import login


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_HOST = "smtp.example.gov.vn"
    settings.PORTAL_URL = "https://anninh.example.gov.vn"
    return settings


def tell(user, *, kind=NotificationKind.PROPOSAL_DECIDED, **kwargs):
    params = {"date": "01/12/2026", "commune": "Xã Hiệp Thạnh"}
    defaults = {"variant": "approved", "params": params, "link": "/awards/proposals/"}
    if kind != NotificationKind.PROPOSAL_DECIDED:
        defaults = {"params": kwargs.pop("params")}
    return notify(kind=kind, recipients=[user], **{**defaults, **kwargs})


def bell_count(client) -> str | None:
    html = client.get(reverse("home")).content.decode()
    found = re.search(r'data-testid="bell-count">(?:<span[^>]*>[^<]*</span>)?([^<]+)<', html)
    return found.group(1) if found else None


def test_notify_writes_the_title_in_vietnamese_for_each_recipient_once(
    officer_a, officer_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = notify(
            kind=NotificationKind.PROPOSAL_DECIDED,
            variant="returned",
            recipients=[officer_a, officer_a, officer_b],
            link="/awards/proposals/1/",
            params={"date": "05/03/2026", "commune": "Xã Hiệp Thạnh"},
            body="Thiếu hồ sơ",
            event="proposal:1",
        )
    assert [n.recipient for n in made] == [officer_a, officer_b]
    assert made[0].title == "Đề nghị khen thưởng ngày 05/03/2026 của Xã Hiệp Thạnh đã bị trả lại."
    # The same event again tells no one twice.
    assert tell(officer_a, event="proposal:1") == []
    assert Notification.objects.filter(recipient=officer_a).count() == 1


def test_the_month_returned_kind_is_ready_for_the_sign_off(
    officer_a, officer_b, province_staff, commune_a, django_capture_on_commit_callbacks
):
    title = title_of(
        NotificationKind.MONTH_RETURNED, {"month": "11/2026", "commune": "Xã Hiệp Thạnh"}
    )
    assert title == "Số liệu tháng 11/2026 của Xã Hiệp Thạnh đã bị trả lại để chỉnh sửa."
    assert NotificationKind.MONTH_RETURNED in kinds_for(officer_a)
    assert NotificationKind.MONTH_RETURNED not in kinds_for(province_staff)
    assert email_choices(officer_a)[NotificationKind.MONTH_RETURNED] is True
    # Wiring it is one call: to the commune's officers.
    from accounts.notifications import officers_of

    with django_capture_on_commit_callbacks(execute=True):
        made = notify(
            kind=NotificationKind.MONTH_RETURNED,
            recipients=officers_of(commune_a),
            link="/",
            params={"month": "11/2026", "commune": commune_a.name},
            body="Số ca ngày 12/11 chưa khớp sổ trực.",
        )
    assert [n.recipient for n in made] == [officer_a] and made[0].title == title


def test_each_role_chooses_among_the_kinds_it_gets(officer_a, province_staff, secretary):
    assert kinds_for(officer_a) == [
        "report_ready",
        "report_failed",
        "proposal_decided",
        "month_returned",
    ]
    assert kinds_for(province_staff) == ["silent_units"]
    assert kinds_for(secretary) == ["report_ready", "report_failed"]
    # Defaults: everything by e-mail but a ready PDF (its requester is watching the page).
    assert {k: spec.email_by_default for k, spec in KINDS.items()} == {
        "report_ready": False,
        "report_failed": True,
        "proposal_decided": True,
        "month_returned": True,
        "silent_units": True,
    }


def test_the_bell_counts_the_unread_with_one_small_query(officer_a, officer_b):
    client = login(officer_a)
    assert bell_count(client) is None  # nothing unread: no badge
    tell(officer_a)
    tell(officer_a)
    tell(officer_b)
    assert bell_count(client) == "2"
    client.get(reverse("home"))  # the session and the permissions, read once
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"))
    reads = [q["sql"] for q in captured if '"accounts_notification"' in q["sql"]]
    assert len(reads) == 1 and reads[0].startswith("SELECT COUNT(*)")
    Notification.objects.filter(recipient=officer_a).update(read_at="2026-12-01T08:00Z")
    assert bell_count(client) is None


def test_the_bell_is_not_drawn_for_the_anonymous(db, client):
    assert 'data-testid="bell"' not in client.get(reverse("accounts:login")).content.decode()


def test_the_list_shows_only_ones_own_newest_first(officer_a, officer_b):
    first = tell(officer_a, params={"date": "01/11/2026", "commune": "Xã Một"})[0]
    second = tell(officer_a, params={"date": "02/11/2026", "commune": "Xã Hai"})[0]
    tell(officer_b, params={"date": "03/11/2026", "commune": "Xã Ngoài"})
    response = login(officer_a).get(reverse("notifications:list"))
    assert list(response.context["object_list"]) == [second, first]
    html = response.content.decode()
    assert "Xã Hai" in html and "Xã Một" in html and "Xã Ngoài" not in html
    assert html.index("Xã Hai") < html.index("Xã Một")


def test_opening_one_marks_it_read_and_shows_its_details(officer_a):
    note = tell(officer_a, body="Quyết định số 10/QĐ-CAT ngày 01/09/2025.")[0]
    client = login(officer_a)
    html = client.get(note.get_absolute_url()).content.decode()
    assert "Quyết định số 10/QĐ-CAT" in html and 'href="/awards/proposals/"' in html
    note.refresh_from_db()
    assert note.is_read
    read_at = note.read_at
    client.get(note.get_absolute_url())  # opened again: the first reading stays
    note.refresh_from_db()
    assert note.read_at == read_at
    assert note.events.filter(pgh_label="update").count() == 1  # recorded, once


def test_another_users_notification_is_not_found(officer_a, officer_b, province_staff):
    note = tell(officer_b)[0]
    for user in (officer_a, province_staff):  # whatever their unit
        assert login(user).get(note.get_absolute_url()).status_code == 404
    note.refresh_from_db()
    assert not note.is_read


def test_mark_all_read_marks_only_ones_own(officer_a, officer_b):
    tell(officer_a)
    tell(officer_a)
    other = tell(officer_b)[0]
    response = login(officer_a).post(reverse("notifications:list"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=officer_a, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert not other.is_read


def test_the_list_is_paginated(officer_a):
    for i in range(25):
        tell(officer_a, params={"date": f"{i + 1:02d}/11/2026", "commune": "Xã Hiệp Thạnh"})
    response = login(officer_a).get(reverse("notifications:list"))
    assert len(response.context["object_list"]) == 20
    assert response.context["page_obj"].has_next()


# --- e-mail -----------------------------------------------------------------------------


def test_an_email_goes_to_who_chose_it_with_the_link(
    officer_a, mail_server, django_capture_on_commit_callbacks
):
    officer_a.email = "hiepthanh@example.gov.vn"
    officer_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = tell(officer_a, body="Quyết định số 10/QĐ-CAT.")[0]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hiepthanh@example.gov.vn"]
    assert message.subject == note.title
    assert "Quyết định số 10/QĐ-CAT." in message.body
    assert "https://anninh.example.gov.vn/awards/proposals/" in message.body
    assert "https://anninh.example.gov.vn/notifications/settings/" in message.body
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_no_email_before_commit(officer_a, mail_server, django_capture_on_commit_callbacks):
    officer_a.email = "hiepthanh@example.gov.vn"
    officer_a.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell(officer_a)
    assert mail.outbox == [] and len(callbacks) == 1


@pytest.mark.parametrize("missing", ["server", "address", "choice", "default"])
def test_no_email_without_a_server_an_address_or_the_choice(
    missing, officer_a, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST = "" if missing == "server" else "smtp.example.gov.vn"
    officer_a.email = "" if missing == "address" else "hiepthanh@example.gov.vn"
    officer_a.save()
    if missing == "choice":
        NotificationPreference.objects.create(
            user=officer_a, kind=NotificationKind.PROPOSAL_DECIDED, by_email=False
        )
    with django_capture_on_commit_callbacks(execute=True):
        if missing == "default":  # a ready PDF is not e-mailed unless asked for
            tell(
                officer_a,
                kind=NotificationKind.REPORT_READY,
                params={"report": "Sơ kết", "number": 1},
            )
        else:
            tell(officer_a)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=officer_a).emailed_at is None  # under the bell


def test_a_broker_that_is_down_loses_only_the_email(
    officer_a, mail_server, monkeypatch, django_capture_on_commit_callbacks
):
    from accounts.tasks import send_notification_email

    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    officer_a.email = "hiepthanh@example.gov.vn"
    officer_a.save()
    monkeypatch.setattr(send_notification_email, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        tell(officer_a)
    assert Notification.objects.filter(recipient=officer_a).count() == 1


def test_the_email_task_sends_once_and_checks_the_choice_again(officer_a, mail_server):
    from accounts.tasks import send_notification_email

    officer_a.email = "hiepthanh@example.gov.vn"
    officer_a.save()
    note = Notification.objects.create(
        recipient=officer_a, kind="proposal_decided", title="Đề nghị đã được duyệt."
    )
    assert send_notification_email.delay(note.pk).get() == "sent"
    assert send_notification_email.delay(note.pk).get() == "already sent"  # redelivered
    assert len(mail.outbox) == 1
    other = Notification.objects.create(recipient=officer_a, kind="report_ready", title="PDF")
    assert send_notification_email.delay(other.pk).get() == "not wanted"
    assert send_notification_email.delay(10**9).get() == "gone"
    assert len(mail.outbox) == 1


def test_the_settings_page_keeps_each_choice(officer_a):
    client = login(officer_a)
    response = client.get(reverse("notifications:settings"))
    form = response.context["form"]
    assert list(form.fields) == kinds_for(officer_a)
    assert form["report_ready"].value() is False and form["report_failed"].value() is True
    html = response.content.decode()
    assert "chưa có địa chỉ thư điện tử" in html  # no address: told so
    response = client.post(
        reverse("notifications:settings"), {"report_ready": "on", "month_returned": "on"}
    )
    assert response.status_code == 302
    assert email_choices(officer_a) == {
        "report_ready": True,
        "report_failed": False,
        "proposal_decided": False,
        "month_returned": True,
    }
    # Saved again unchanged: nothing recorded.
    events = sum(p.events.count() for p in NotificationPreference.objects.all())
    client.post(reverse("notifications:settings"), {"report_ready": "on", "month_returned": "on"})
    assert sum(p.events.count() for p in NotificationPreference.objects.all()) == events


def test_a_kind_the_role_does_not_get_cannot_be_chosen(officer_a):
    login(officer_a).post(reverse("notifications:settings"), {"silent_units": "on"})
    assert not NotificationPreference.objects.filter(kind="silent_units").exists()


def test_the_settings_page_says_when_no_mail_server_is_set(officer_a, settings):
    settings.EMAIL_HOST = ""
    officer_a.email = "hiepthanh@example.gov.vn"
    officer_a.save()
    html = login(officer_a).get(reverse("notifications:settings")).content.decode()
    assert "chưa có máy chủ thư" in html
    settings.EMAIL_HOST = "smtp.example.gov.vn"
    html = login(officer_a).get(reverse("notifications:settings")).content.decode()
    assert "Thư được gửi tới hiepthanh@example.gov.vn." in html


# --- API --------------------------------------------------------------------------------


def api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_lists_ones_own_and_marks_one_read(officer_a, officer_b):
    first = tell(officer_a)[0]
    second = tell(officer_a)[0]
    theirs = tell(officer_b)[0]
    client = api(officer_a)
    rows = client.get(reverse("notification-list")).json()["results"]
    assert [r["id"] for r in rows] == [second.pk, first.pk]
    assert rows[0]["title"] == second.title and rows[0]["is_read"] is False
    answer = client.post(reverse("notification-read", args=[first.pk]))
    assert answer.status_code == 200 and answer.json()["is_read"] is True
    unread = client.get(reverse("notification-list"), {"unread": "true"}).json()["results"]
    assert [r["id"] for r in unread] == [second.pk]
    assert client.get(reverse("notification-detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notification-read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read
