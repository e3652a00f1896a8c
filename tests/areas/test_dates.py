"""One way to type and show dates and times, whatever the browser's language: dd/mm/yyyy and
24-hour hh:mm in masked text boxes, read strictly, a wrong day named as such."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from areas.base import dates
from areas.base.forms import DateField, DateInput, DateWidgetsMixin, TimeField


@pytest.mark.parametrize(
    "text,day",
    [
        ("05/03/2026", datetime.date(2026, 3, 5)),
        ("5/3/2026", datetime.date(2026, 3, 5)),
        (" 05.03.2026 ", datetime.date(2026, 3, 5)),
        ("05-03-2026", datetime.date(2026, 3, 5)),
        ("05032026", datetime.date(2026, 3, 5)),
        ("2026-03-05", datetime.date(2026, 3, 5)),  # ISO: links and pages cached before
        ("29/02/2024", datetime.date(2024, 2, 29)),
    ],
)
def test_dates_read_day_first(text, day):
    assert dates.parse_date(text) == day


@pytest.mark.parametrize(
    "text,message",
    [
        ("31/02/2026", "Không có ngày 31/02/2026: tháng 02/2026 chỉ có 28 ngày."),
        ("29/02/2025", "Không có ngày 29/02/2025: tháng 02/2025 chỉ có 28 ngày."),
        ("31/04/2026", "Không có ngày 31/04/2026: tháng 04/2026 chỉ có 30 ngày."),
        ("00/03/2026", "Không có ngày 00/03/2026: tháng 03/2026 chỉ có 31 ngày."),
        ("05/13/2026", "Không có tháng 13: tháng từ 01 đến 12."),
        ("05/03/0026", "Năm 26 không hợp lệ: hãy nhập năm từ 1900 đến 2100."),
        ("05/03/26", "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026."),
        ("03/05/2026/", "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026."),
        ("mai", "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026."),
    ],
)
def test_a_wrong_date_is_named(text, message):
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        dates.parse_date(text)
    assert err.value.messages == [message]


@pytest.mark.parametrize(
    "text,time",
    [
        ("21:30", datetime.time(21, 30)),
        ("9:05", datetime.time(9, 5)),
        ("21.30", datetime.time(21, 30)),
        ("21h30", datetime.time(21, 30)),
        ("21h", datetime.time(21, 0)),
        ("2130", datetime.time(21, 30)),
        ("00:00", datetime.time(0, 0)),
        ("21:30:00", datetime.time(21, 30)),
    ],
)
def test_times_read_24_hour(text, time):
    assert dates.parse_time(text) == time


@pytest.mark.parametrize(
    "text,message",
    [
        ("24:00", "Không có giờ 24: giờ từ 00 đến 23."),
        ("21:75", "Không có phút 75: phút từ 00 đến 59."),
        ("9:30 PM", "Nhập giờ theo dạng hh:mm (24 giờ), ví dụ 21:30."),
        ("21", "Nhập giờ theo dạng hh:mm (24 giờ), ví dụ 21:30."),
        ("21:", "Nhập giờ theo dạng hh:mm (24 giờ), ví dụ 21:30."),
    ],
)
def test_a_wrong_time_is_named(text, message):
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        dates.parse_time(text)
    assert err.value.messages == [message]


def test_date_and_time_together():
    assert dates.parse_datetime("05/03/2026 21:30") == datetime.datetime(2026, 3, 5, 21, 30)
    assert dates.parse_datetime("2026-03-05T21:30") == datetime.datetime(2026, 3, 5, 21, 30)
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        dates.parse_datetime("05/03/2026")
    assert err.value.messages == [
        "Nhập ngày giờ theo dạng dd/mm/yyyy hh:mm, ví dụ 05/03/2026 21:30."
    ]
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        dates.parse_datetime("31/02/2026 21:30")
    assert "Không có ngày 31/02/2026" in err.value.messages[0]


def test_the_widgets_are_masked_text_boxes():
    html = DateInput().render("day", datetime.date(2026, 3, 5))
    for part in (
        'type="text"',
        'value="05/03/2026"',
        'inputmode="numeric"',
        'placeholder="dd/mm/yyyy"',
        'data-mask="date"',
        'pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"',
    ):
        assert part in html, html
    assert 'type="date"' not in html


class _Stock(DateWidgetsMixin, forms.Form):
    """Django's own fields, as a model form or a filter makes them."""

    day = forms.DateField()
    at = forms.TimeField()
    when = forms.DateTimeField()


def test_stock_fields_become_the_strict_ones():
    form = _Stock({"day": "31/02/2026", "at": "24:10", "when": "05/03/2026 21:30"})
    assert isinstance(form.fields["day"], DateField)
    assert isinstance(form.fields["at"], TimeField)
    with translation.override("vi"):
        assert not form.is_valid()
        assert form.errors["day"] == ["Không có ngày 31/02/2026: tháng 02/2026 chỉ có 28 ngày."]
        assert form.errors["at"] == ["Không có giờ 24: giờ từ 00 đến 23."]
    when = form.cleaned_data["when"]
    assert timezone.localtime(when).replace(tzinfo=None) == datetime.datetime(2026, 3, 5, 21, 30)
    html = str(form["when"])
    assert 'placeholder="dd/mm/yyyy hh:mm"' in html and 'type="text"' in html


def test_model_forms_and_list_filters_read_dates_the_same(client_a, model_a):
    html = client_a.get(reverse("registry:model_edit", args=[model_a.pk])).content.decode()
    shown = model_a.established_on.strftime("%d/%m/%Y")
    assert f'value="{shown}"' in html and 'type="date"' not in html
    response = client_a.post(
        reverse("registry:model_edit", args=[model_a.pk]),
        {"name": model_a.name, "model_type": model_a.model_type_id, "established_on": "30/02/2022"},
    )
    assert "Không có ngày 30/02/2022" in response.content.decode()
    html = client_a.get(reverse("patrols:shift_list"), {"date_from": "31/02/2025"}).content.decode()
    assert "Không có ngày 31/02/2025" in html
    html = client_a.get(reverse("patrols:shift_list"), {"date_from": "05/03/2025"}).content.decode()
    assert 'value="05/03/2025"' in html
