"""The phone entry page: a shift with participants and incidents in one submit."""

import datetime

from django.urls import reverse
from django.utils import translation

from patrols.models import Incident, Shift, ShiftParticipant
from tests.conftest import login
from tests.patrols.conftest import D

URL = reverse("patrols:shift_add")


def payload(model, crew, category, **overrides):
    data = {
        "model": model.pk,
        "day": D.isoformat(),
        "start": "20:00",
        "end": "02:00",
        "next_day": "on",
        "participants": [p.pk for p in crew],
        "leader": crew[0].pk,
        "guests_police": 1,
        "guests_militia": 2,
        "guests_other": 0,
        "notes": "",
        "submission_key": "6f1d2a3e-1111-4c2b-9e0f-123456789abc",
        "incidents-TOTAL_FORMS": 2,
        "incidents-INITIAL_FORMS": 0,
        "incidents-MIN_NUM_FORMS": 0,
        "incidents-MAX_NUM_FORMS": 30,
    }
    for i, (at, outcome) in enumerate([("23:10", "handed_to_police"), ("01:20", "returned")]):
        data.update(
            {
                f"incidents-{i}-at": at,
                f"incidents-{i}-category": category.pk,
                f"incidents-{i}-detected_by": "patrol",
                f"incidents-{i}-outcome": outcome,
                f"incidents-{i}-persons_involved": 1,
                **{
                    f"incidents-{i}-{n}": 0
                    for n in (
                        "guns",
                        "homemade_guns",
                        "crude_weapons",
                        "explosives",
                        "firecrackers_kg",
                        "drugs_grams",
                        "vehicles",
                    )
                },
            }
        )
    data.update(overrides)
    return data


def test_get_preselects_the_officers_only_team(client_a, model_a, crew):
    html = client_a.get(URL).content.decode()
    for person in crew:
        assert person.full_name in html


def test_one_submit_saves_shift_participants_and_incidents(client_a, model_a, crew, category):
    response = client_a.post(URL, payload(model_a, crew, category))
    assert response.status_code == 302, response.content.decode()[:3000]
    shift = Shift.objects.get()
    assert shift.ends_at - shift.starts_at == datetime.timedelta(hours=6)
    assert ShiftParticipant.objects.filter(shift=shift).count() == 6
    times = sorted(i.occurred_at for i in Incident.objects.filter(shift=shift))
    assert [t.hour for t in times] == [16, 18]  # 23:10 and 01:20 the next day, in UTC
    html = client_a.get(reverse("patrols:shift_detail", args=[shift.pk])).content.decode()
    assert 'data-testid="turns">6<' in html


def test_double_submit_creates_one_shift(client_a, model_a, crew, category):
    data = payload(model_a, crew, category)
    assert client_a.post(URL, data).status_code == 302
    assert client_a.post(URL, data).status_code == 302
    assert Shift.objects.count() == 1 and Incident.objects.count() == 2


def test_bad_input_explains_and_saves_nothing(client_a, model_a, crew, category):
    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = client_a.post(URL, payload(model_a, crew, category, day=future))
    assert response.status_code == 422
    assert "tương lai" in response.content.decode()
    response = client_a.post(URL, payload(model_a, crew, category, participants=[]))
    assert response.status_code == 422 and "ít nhất một thành viên" in response.content.decode()
    response = client_a.post(URL, payload(model_a, crew, category, **{"incidents-0-guns": -1}))
    assert response.status_code == 422
    assert Shift.all_objects.count() == 0 and Incident.all_objects.count() == 0


def test_team_switch_reloads_only_the_form(client_a, model_a, crew):
    response = client_a.get(URL, {"model": model_a.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="shift-form"' in html


def test_edit_and_delete_keep_history(client_a, model_a, crew, category, officer_a):
    client_a.post(URL, payload(model_a, crew, category))
    shift = Shift.objects.get()
    edit = reverse("patrols:shift_edit", args=[shift.pk])
    data = payload(
        model_a, crew[:4], category, **{"incidents-TOTAL_FORMS": 0}, end="23:30", next_day=""
    )
    response = client_a.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    shift.refresh_from_db()
    assert shift.participants.count() == 4
    assert client_a.post(reverse("patrols:shift_delete", args=[shift.pk])).status_code == 302
    assert not Shift.objects.exists() and not Incident.objects.exists()
    assert Shift.all_objects.get().is_deleted and Incident.all_objects.count() == 2


def test_lists_filter_and_export(client_a, model_a, crew, category):
    client_a.post(URL, payload(model_a, crew, category))
    html = client_a.get(
        reverse("patrols:shift_list"), {"date_from": D.isoformat()}
    ).content.decode()
    assert "1 bản ghi" in html
    html = client_a.get(reverse("patrols:shift_list"), {"date_from": "2026-01-01"}).content.decode()
    assert "0 bản ghi" in html
    incidents = client_a.get(
        reverse("patrols:incident_list"), {"outcome": "returned"}
    ).content.decode()
    assert "Trả lại cho chủ sở hữu" in incidents
    export = client_a.get(reverse("patrols:incident_list"), {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_secretary_cannot_record(secretary, model_a, crew, category):
    response = login(secretary).post(URL, payload(model_a, crew, category))
    assert response.status_code == 403 and Shift.objects.count() == 0


def test_member_page_counts_participation(client_a, model_a, crew, category):
    client_a.post(URL, payload(model_a, crew, category))
    html = client_a.get(reverse("registry:person_detail", args=[crew[1].pk])).content.decode()
    assert 'data-testid="shift-turns">1<' in html
    shift = Shift.objects.get()
    client_a.post(reverse("patrols:shift_delete", args=[shift.pk]))
    html = client_a.get(reverse("registry:person_detail", args=[crew[1].pk])).content.decode()
    assert 'data-testid="shift-turns">0<' in html


def test_member_page_counts_turns_as_the_engine_does(client_a, model_a, crew, category):
    """The member page's turns are the engine's: a deactivated team's shifts are not turns
    (the dashboards leave them out), and the shifts a member led are shown beside them."""
    client_a.post(URL, payload(model_a, crew, category))
    url = reverse("registry:person_detail", args=[crew[0].pk])
    html = client_a.get(url).content.decode()
    assert 'data-testid="shift-turns">1<' in html and 'data-testid="shifts-led">1<' in html
    model_a.soft_delete()
    html = client_a.get(url).content.decode()
    assert 'data-testid="shift-turns">0<' in html and 'data-testid="shifts-led">0<' in html


def test_the_shift_page_shows_everything_recorded(client_a, model_a, crew, category, village_a):
    """Time and span, leader, villages and route, guests, notes, and each incident with its
    outcome, how it was found, village, persons involved, arrests, items and description."""
    data = payload(
        model_a,
        crew,
        category,
        route="Ngã ba Phi Nôm – chợ",
        notes="Trời mưa, tuần tra bằng xe máy.",
        villages=[village_a.pk],
        **{
            "incidents-0-village": village_a.pk,
            "incidents-0-persons_involved": 3,
            "incidents-0-suspects_arrested": 2,
            "incidents-0-firecrackers_kg": "2.50",
            "incidents-0-guns": 1,
            "incidents-0-description": "Thu giữ pháo nổ",
        },
    )
    assert client_a.post(URL, data).status_code == 302
    shift = Shift.objects.get()
    html = client_a.get(reverse("patrols:shift_detail", args=[shift.pk])).content.decode()
    assert "20:00 10/03 → 02:00 11/03 (ngày hôm sau)," in html and "6 giờ" in html
    assert "Ngã ba Phi Nôm – chợ" in html and village_a.name in html
    assert "Trời mưa, tuần tra bằng xe máy." in html
    assert "công an 1, dân quân 2, khác 0" in html
    first = Incident.objects.order_by("occurred_at").first()
    row = html[html.index(f'data-incident="{first.pk}"') :]
    row = row[: row.index("</li>")]
    with translation.override("vi"):
        assert str(first.get_outcome_display()) in row
    assert "Số người liên quan: 3" in row and "Số đối tượng bị bắt: 2" in row
    assert "Súng 1" in row and "Pháo (kg) 2,5" in row
    assert "Thu giữ pháo nổ" in row and village_a.name in row
    second = Incident.objects.order_by("occurred_at").last()
    assert f'data-incident="{second.pk}"' in html
    assert "01:20</strong> 11/03" in html  # the next morning says its day
