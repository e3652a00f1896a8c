"""An end earlier than the start is the next day only when the officer says so ("Kết thúc
ngày hôm sau"); the 24-hour cap stays; the API keeps explicit date-times."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from patrols.forms import EVENING, EVENING_SPAN
from patrols.models import Shift
from tests.patrols.conftest import D
from tests.patrols.test_entry_page import URL, payload


def post(client, model, crew, category, **times):
    data = payload(model, crew, category, **{"incidents-TOTAL_FORMS": 0}, **times)
    return client.post(URL, data)


def span(shift) -> tuple[datetime.datetime, datetime.datetime]:
    return timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)


def test_an_end_before_the_start_without_next_day_is_refused(client_a, model_a, crew, category):
    response = post(client_a, model_a, crew, category, start="22:00", end="21:00", next_day="")
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        "Giờ kết thúc (21:00) trước giờ bắt đầu (22:00). Nếu ca kết thúc vào ngày hôm sau, "
        "hãy đánh dấu “Kết thúc ngày hôm sau”."
    ) in html
    assert 'href="#id_end"' in html  # in the summary, linked to its field
    assert not Shift.all_objects.exists()


def test_the_same_end_marked_next_day_is_saved_on_the_next_day(client_a, model_a, crew, category):
    response = post(client_a, model_a, crew, category, start="22:00", end="21:00", next_day="on")
    assert response.status_code == 302
    start, end = span(Shift.objects.get())
    assert (start.date(), start.time()) == (D, datetime.time(22))
    assert (end.date(), end.time()) == (D + datetime.timedelta(days=1), datetime.time(21))


@pytest.mark.parametrize(
    "start,end,next_day,hours",
    [
        ("20:00", "02:00", "on", 6),
        ("10:00", "12:30", "", 2.5),
        ("08:00", "08:00", "on", 24),  # the longest shift
    ],
)
def test_spans(client_a, model_a, crew, category, start, end, next_day, hours):
    response = post(client_a, model_a, crew, category, start=start, end=end, next_day=next_day)
    assert response.status_code == 302, response.content.decode()[:3000]
    starts_at, ends_at = span(Shift.objects.get())
    assert ends_at - starts_at == datetime.timedelta(hours=hours)


@pytest.mark.parametrize(
    "start,end,next_day,message",
    [
        ("08:00", "08:00", "", "Giờ kết thúc trùng giờ bắt đầu (08:00)."),
        ("08:00", "09:00", "on", "Một ca tuần tra kéo dài tối đa 24 giờ."),  # the cap stays
    ],
)
def test_refused_spans(client_a, model_a, crew, category, start, end, next_day, message):
    response = post(client_a, model_a, crew, category, start=start, end=end, next_day=next_day)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Shift.all_objects.exists()


def test_the_page_offers_next_day_and_shows_the_span(client_a, model_a, crew):
    html = client_a.get(URL).content.decode()
    assert 'name="next_day"' in html and "Kết thúc ngày hôm sau" in html
    assert f'data-evening="{EVENING:%H:%M}"' in html
    assert f'data-evening-span-hours="{EVENING_SPAN.seconds // 3600}"' in html
    assert 'data-auto="on"' in html  # a new shift: ticked in advance for an evening start
    assert 'id="shift-span"' in html and "js/shift.js" in html
    assert 'data-hours="%(hours)s giờ"' in html


def next_day_box(html: str) -> str:
    return re.search(r"<input[^>]*name=\"next_day\"[^>]*>", html).group(0)


def test_editing_keeps_what_the_officer_said(client_a, model_a, crew, category):
    post(client_a, model_a, crew, category, start="20:00", end="02:00", next_day="on")
    shift = Shift.objects.get()
    edit = reverse("patrols:shift_edit", args=[shift.pk])
    html = client_a.get(edit).content.decode()
    assert 'data-auto="off"' in html and "checked" in next_day_box(html)
    shift.ends_at = shift.starts_at + datetime.timedelta(hours=2)
    shift.save()
    assert "checked" not in next_day_box(client_a.get(edit).content.decode())


def test_the_api_keeps_explicit_date_times(officer_a, model_a, crew):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(officer_a)
    start = timezone.make_aware(datetime.datetime.combine(D, datetime.time(22)))
    response = client.post(
        reverse("shift-list"),
        {
            "model": model_a.pk,
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(hours=23)).isoformat(),
            "participants": [p.pk for p in crew],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Shift.objects.get().ends_at - Shift.objects.get().starts_at == datetime.timedelta(
        hours=23
    )
