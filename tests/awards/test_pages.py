"""The commendation pages: the register's filters and export, the proposal flow through the
pages, the achievements filled from the engine, the sections on model and member pages, and
the API."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from awards.models import Award, Proposal, ProposalStatus
from tests.conftest import login
from tests.factories import AwardFactory


@pytest.fixture
def register(province, commune_a, model_a, person_a, registry_b):
    return {
        "team_a": AwardFactory(model=model_a, decision_date=datetime.date(2025, 8, 19)),
        "person_a": AwardFactory(
            recipient_kind="person",
            person=person_a,
            form="certificate_of_commendation",
            issuer="province_chairman",
            decision_number="999/QĐ-UBND",
            decision_date=datetime.date(2024, 12, 1),
        ),
        "body": AwardFactory(
            recipient_kind="body",
            unit=province,
            recipient_name="Phòng PV05",
            form="emulation_flag",
            issuer="minister",
            decision_date=datetime.date(2025, 3, 3),
        ),
        "team_b": AwardFactory(model=registry_b["team"], decision_date=datetime.date(2025, 5, 5)),
    }


def _rows(response) -> list[str]:
    return [
        r.split("</tr>")[0] for r in response.content.decode().split("<tbody>")[1].split("<tr>")[1:]
    ]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("", {"team_a", "person_a", "body", "team_b"}),
        ("?recipient_type=individual", {"person_a"}),
        ("?recipient_type=collective", {"team_a", "body", "team_b"}),
        ("?form=emulation_flag", {"body"}),
        ("?issuer=province_chairman", {"person_a"}),
        ("?date_from=2025-01-01&date_to=2025-06-30", {"body", "team_b"}),
        ("?commune={commune_a}", {"team_a", "person_a"}),
        ("?q=999/QĐ", {"person_a"}),
    ],
)
def test_the_register_filters(register, province_staff, commune_a, query, expected):
    client = login(province_staff)
    url = reverse("awards:award_list") + query.format(commune_a=commune_a.pk)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    shown = {name for name, award in register.items() if award.get_absolute_url() in html}
    assert shown == expected


def test_the_register_exports_the_filtered_rows(register, province_staff, officer_a):
    client = login(province_staff)
    response = client.get(
        reverse("awards:award_list"), {"export": "xlsx", "recipient_type": "collective"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Ngày quyết định", "Số quyết định", "Đối tượng", "Loại")
    assert len(rows) == 1 + 3
    assert {r[2] for r in rows[1:]} == {"Tổ tuần tra Phi Nôm", "Phòng PV05", "Tổ tuần tra Bắc Hội"}
    assert all(r[3] == "Tập thể" for r in rows[1:])
    # A commune officer's export holds only the commune's awards.
    mine = login(officer_a).get(reverse("awards:award_list"), {"export": "xlsx"})
    names = {
        r[2]
        for r in list(load_workbook(io.BytesIO(mine.content)).active.iter_rows(values_only=True))[
            1:
        ]
    }
    assert names == {"Tổ tuần tra Phi Nôm", "Trần Văn An"}


def test_the_register_list_uses_a_fixed_number_of_queries(register, province_staff, province):
    client = login(province_staff)
    url = reverse("awards:award_list")
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for i in range(10):
        AwardFactory(
            recipient_kind="body", unit=province, recipient_name=f"Đơn vị {i}", issuer="minister"
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_model_and_member_pages_show_their_commendations(register, client_a, model_a, person_a):
    model_page = client_a.get(reverse("registry:model_detail", args=[model_a.pk])).content.decode()
    assert 'data-testid="commendations"' in model_page
    assert register["team_a"].get_absolute_url() in model_page
    assert register["person_a"].get_absolute_url() not in model_page
    assert "Quyết định số" in model_page
    person_page = client_a.get(
        reverse("registry:person_detail", args=[person_a.pk])
    ).content.decode()
    assert register["person_a"].get_absolute_url() in person_page
    assert "Bằng khen" in person_page and "Chủ tịch UBND tỉnh" in person_page
    # A commune officer may propose from the page, not record an award.
    assert reverse("awards:proposal_add") + f"?person={person_a.pk}" in person_page
    assert reverse("awards:award_add") not in person_page


def test_the_award_detail_page_and_its_history(register, province_staff):
    award = register["team_a"]
    client = login(province_staff)
    page = client.get(award.get_absolute_url()).content.decode()
    assert "Tổ tuần tra Phi Nôm" in page and "Giám đốc Công an tỉnh" in page
    response = client.post(reverse("awards:award_delete", args=[award.pk]))
    assert response.status_code == 302
    assert not Award.objects.filter(pk=award.pk).exists()
    assert Award.all_objects.get(pk=award.pk).is_deleted  # kept, with its history


def test_the_achievements_are_filled_from_the_engine(client_a, model_a, person_a, commune_a):
    import datetime as dt

    from django.utils import timezone

    from models_registry.models import Membership
    from patrols.models import Shift, ShiftParticipant

    Membership.objects.create(
        person=person_a, model=model_a, role="leader", joined_on=dt.date(2024, 1, 1)
    )
    start = timezone.make_aware(dt.datetime(2025, 3, 1, 20))
    shift = Shift.objects.create(
        model=model_a,
        commune=commune_a,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        leader=person_a,
    )
    ShiftParticipant.objects.create(shift=shift, person=person_a)
    url = reverse("reports:proposal_achievements")
    query = {
        "commune": commune_a.pk,
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "models": [model_a.pk],
        "persons": [person_a.pk],
        "commune_police": "on",
    }
    html = client_a.get(url, query).content.decode()
    assert html.startswith("<textarea")
    assert "Thành tích từ ngày 01/01/2025 đến ngày 31/12/2025:" in html
    assert "Tổ tuần tra Phi Nôm: 1 ca tuần tra với 1 lượt thành viên tham gia; 1 thành viên" in html
    assert "Trần Văn An: tham gia 1 ca tuần tra, chỉ huy 1 ca" in html
    assert "Công an Xã Hiệp Thạnh: toàn xã có 1 mô hình với 1 thành viên; 1 ca tuần tra" in html


def test_propose_approve_and_return_through_the_pages(
    client_a, officer_a, province_staff, commune_a, model_a, person_a
):
    data = {
        "commune": commune_a.pk,
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "models": [model_a.pk],
        "persons": [person_a.pk],
        "proposed_form": "certificate_of_merit",
        "proposed_issuer": "police_director",
        "reason": "Thành tích xuất sắc năm 2025",
        "achievements": "Tổ tuần tra Phi Nôm: 120 ca",
    }
    # Nothing chosen: a clear message, nothing saved.
    empty = client_a.post(reverse("awards:proposal_add"), data | {"models": [], "persons": []})
    assert empty.status_code == 422
    assert "Chọn ít nhất một tổ" in empty.content.decode()
    assert not Proposal.objects.exists()
    response = client_a.post(reverse("awards:proposal_add"), data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.proposed_by == officer_a and proposal.recipients.count() == 2
    # The officer may not decide; province staff may.
    assert client_a.get(reverse("awards:proposal_approve", args=[proposal.pk])).status_code == 403
    staff = login(province_staff)
    page = staff.get(proposal.get_absolute_url()).content.decode()
    assert reverse("awards:proposal_approve", args=[proposal.pk]) in page
    approve = reverse("awards:proposal_approve", args=[proposal.pk])
    decision = {
        "form": "certificate_of_merit",
        "issuer": "police_director",
        "decision_number": "1234/QĐ-CAT-PV05",
        "decision_date": "2026-01-15",
    }
    assert staff.post(approve, decision).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert Award.objects.filter(proposal=proposal, decision_number="1234/QĐ-CAT-PV05").count() == 2
    # Decided once: a second decision is refused with a message, nothing changes.
    again = staff.post(
        reverse("awards:proposal_return", args=[proposal.pk]), {"comment": "x"}, follow=True
    )
    assert "Đề nghị này đã được xét (Đã duyệt)." in again.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and Award.objects.count() == 2


def test_api_lists_creates_and_scopes(register, officer_a, secretary, model_a, person_a, commune_a):
    api = APIClient()
    api.force_authenticate(officer_a)
    listed = api.get(reverse("award-list")).json()
    assert {row["recipient"] for row in listed["results"]} == {"Tổ tuần tra Phi Nôm", "Trần Văn An"}
    # The officer proposes through the API; the award rules apply to the secretary's writes.
    created = api.post(
        reverse("proposal-list"),
        {
            "commune": commune_a.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
            "proposed_form": "certificate_of_merit",
            "proposed_issuer": "police_director",
            "reason": "Thành tích",
            "achievements": "12 ca",
            "persons": [person_a.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "submitted"
    assert created.json()["recipients"][0]["person"] == person_a.pk
    assert api.post(reverse("award-list"), {}, format="json").status_code == 403
    api.force_authenticate(secretary)
    future = api.post(
        reverse("award-list"),
        {
            "recipient_kind": "person",
            "person": person_a.pk,
            "form": "certificate_of_merit",
            "issuer": "police_director",
            "decision_number": "5/QĐ",
            "decision_date": "2099-01-01",
            "reason": "Thành tích",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert future.status_code == 400
    assert future.json()["decision_date"] == ["Ngày quyết định không được ở tương lai."]
    ok = api.post(
        reverse("award-list"),
        {
            "recipient_kind": "person",
            "person": person_a.pk,
            "form": "certificate_of_merit",
            "issuer": "police_director",
            "decision_number": "5/QĐ",
            "decision_date": "2025-01-01",
            "reason": "Thành tích",
        },
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["unit"] == commune_a.pk and ok.json()["recipient_type"] == "individual"


def test_the_api_is_in_the_openapi_schema(client_a):
    schema = client_a.get(reverse("schema"), HTTP_ACCEPT="application/json").content.decode()
    assert "/api/awards/" in schema and "/api/award-proposals/" in schema
