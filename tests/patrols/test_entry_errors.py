"""The entry page answers every problem of a submit at once — the form's fields, the incident
rows and the recording service's rules — each at its field, with a summary on top; and its
member picker tells namesakes apart."""

import datetime

from django.utils import timezone

from patrols.models import Incident, Shift
from tests.factories import MembershipFactory, PersonFactory
from tests.patrols.test_entry_page import URL, payload
from tests.test_error_summary import summary


def test_a_future_date_and_a_negative_count_in_one_answer(client_a, model_a, crew, category):
    """The issue's case: the count is the form's rule, the date the service's; both come back
    from the first submit."""
    future = (timezone.localdate() + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    data = payload(
        model_a, crew, category, day=future, guests_militia=-1, **{"incidents-TOTAL_FORMS": 0}
    )
    response = client_a.post(URL, data)
    assert response.status_code == 422
    lines = summary(response.content.decode())
    assert lines == [
        ("id_day", "Ngày: Ca tuần tra không thể bắt đầu ở thời điểm tương lai."),
        ("id_guests_militia", "Dân quân: Giá trị này phải lớn hơn hoặc bằng 0."),
    ]
    assert not Shift.all_objects.exists()


def test_every_layer_in_one_answer(client_a, model_a, crew, category, commune_a):
    late = PersonFactory(full_name="Người mới", commune=commune_a)
    MembershipFactory(person=late, model=model_a, joined_on=datetime.date(2025, 6, 1))
    data = payload(
        model_a,
        [*crew, late],  # the service: not a member on that day
        category,
        guests_militia=-1,  # the form
        **{
            "incidents-0-guns": -1,  # an incident row's field
            "incidents-1-at": "19:00",  # the service: outside the shift (20:00 → 02:00)
        },
    )
    response = client_a.post(URL, data)
    assert response.status_code == 422
    html = response.content.decode()
    lines = summary(html)
    assert [anchor for anchor, _text in lines] == [
        "div_id_participants",
        "id_guests_militia",
        "id_incidents-0-guns",
        "id_incidents-1-at",
    ]
    assert "Người mới không phải là thành viên của tổ vào ngày 10/03/2025." in lines[0][1]
    assert lines[2][1].startswith("Vụ việc 1 – ")
    assert lines[3][1] == "Vụ việc 2 – Thời gian: Thời gian phải nằm trong ca tuần tra."
    # Each is also at its own field; the summary comes first and links to them.
    assert 'id="div_id_participants"' in html and 'id="id_incidents-1-at"' in html
    assert html.index("data-error-summary") < html.index('id="id_day"')
    assert Shift.all_objects.count() == 0 and Incident.all_objects.count() == 0


def test_a_field_that_could_not_be_read_keeps_its_own_message(client_a, model_a, crew, category):
    """A date that does not exist is named; the rules that need the date say nothing about it
    (no "cannot be empty"), and the rest is still checked."""
    response = client_a.post(
        URL, payload(model_a, crew, category, day="31/02/2025", guests_other=-2)
    )
    assert response.status_code == 422
    assert summary(response.content.decode()) == [
        ("id_day", "Ngày: Không có ngày 31/02/2025: tháng 02/2025 chỉ có 28 ngày."),
        ("id_guests_other", "Lực lượng khác: Giá trị này phải lớn hơn hoặc bằng 0."),
    ]


def test_the_member_picker_tells_namesakes_apart(client_a, model_a, commune_a, village_a):
    from tests.factories import VillageFactory

    other_village = VillageFactory(parent=commune_a, name="Thôn Đà Lợi")
    for year, village in ((1980, village_a), (1995, other_village)):
        person = PersonFactory(
            full_name="Nguyễn Văn An", birth_year=year, village=village, commune=commune_a
        )
        MembershipFactory(person=person, model=model_a, joined_on=datetime.date(2021, 3, 1))
    html = client_a.get(URL).content.decode()
    assert html.count("Nguyễn Văn An") >= 4  # two ticks, two leader options
    assert ">1980 · Thôn Phi Nôm</small>" in html and ">1995 · Thôn Đà Lợi</small>" in html
    assert ">Nguyễn Văn An (1980 · Thôn Phi Nôm)</option>" in html
    assert ">Nguyễn Văn An (1995 · Thôn Đà Lợi)</option>" in html
