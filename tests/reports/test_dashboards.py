"""Dashboards, export and API show the engine's figures, with a fixed number of queries."""

import datetime
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from reports.statistics import Comparison, Period, Scope, compute, resolve_scope
from tests.conftest import login
from tests.reports.conftest import at

YEAR_2025 = "?preset=year&year=2025"
# The commune dashboard, commendations, cases solved through tip-offs and the months' sign-off
# (one query) included, and the top bar's bell (one count of the user's unread notifications).
MAX_QUERIES = 19


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _more_data(world, commune_a, province):
    """More of everything: a new commune with a team, shifts, incidents and commendations
    over two years."""
    from awards.models import Award
    from patrols.models import Incident, IncidentCategory, Shift, ShiftParticipant
    from tests.factories import (
        CommuneFactory,
        GrassrootsModelFactory,
        MembershipFactory,
        PersonFactory,
    )

    commune = CommuneFactory(parent=province, name="Xã Mới", code="24999")
    team = GrassrootsModelFactory(
        commune=commune,
        model_type=world["team_a"].model_type,
        established_on=datetime.date(2020, 1, 1),
    )
    person = PersonFactory(commune=commune)
    MembershipFactory(person=person, model=team, joined_on=datetime.date(2020, 1, 1))
    category = IncidentCategory.objects.first()
    for day in range(0, 700, 7):
        start = at(2024, 1, 2) + datetime.timedelta(days=day)
        shift = Shift.objects.create(
            model=team,
            commune=commune,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )
        ShiftParticipant.objects.create(shift=shift, person=person)
        case = Incident.objects.create(
            model=team,
            commune=commune,
            occurred_at=start,
            category=category,
            outcome="settled",
            detected_by="patrol",
            suspects_arrested=1,
        )
        Incident.objects.create(
            model=team,
            commune=commune,
            occurred_at=start,
            category=category,
            outcome="handed_to_police",
            detected_by="tip_off",
            solved_case=case,
        )
        Award.objects.create(
            unit=commune,
            recipient_kind="model",
            model=team,
            form="certificate_of_merit",
            issuer="commune_chairman",
            decision_number=f"{day}/QĐ-UBND",
            decision_date=start.date(),
            reason="Thành tích",
        )


def test_dashboards_use_a_fixed_number_of_queries(world, province_staff, commune_a, province):
    client = login(province_staff)
    urls = [
        reverse("home") + YEAR_2025,
        reverse("reports:unit_dashboard", args=[commune_a.pk]) + YEAR_2025,
        reverse("reports:model_dashboard", args=[world["team_a"].pk]) + YEAR_2025,
        reverse("reports:completeness") + f"?unit={province.pk}",
        reverse("statistics-list") + YEAR_2025,
    ]
    before = [_queries(client, url) for url in urls]
    assert all(n <= MAX_QUERIES for n in before), before
    print("queries per dashboard:", before)
    _more_data(world, commune_a, province)
    after = [_queries(client, url) for url in urls]
    assert after == before


def test_province_dashboard_shows_the_engines_figures(world, province_staff, commune_a):
    client = login(province_staff)
    html = client.get(reverse("home") + YEAR_2025).content.decode()
    assert 'data-figure="shifts">3<' in html and 'data-figure="incidents">4<' in html
    assert 'data-figure="communes">3<' in html
    assert "01/01/2025 – 31/12/2025" in html and "01/01/2024 – 31/12/2024" in html
    assert "tăng 1 ca (50%)" in html  # shifts 3 against 2
    assert reverse("reports:unit_dashboard", args=[commune_a.pk]) in html
    assert 'id="chart-data"' in html and "chart.umd.min.js" in html
    # Sorted by shifts, most first: A (2), B (1), C (none).
    html = client.get(reverse("home") + YEAR_2025 + "&sort=-shifts").content.decode()
    table = html[html.index('data-table="breakdown"') :]
    assert table.index("Xã Hiệp Thạnh") < table.index("Xã Đức Trọng") < table.index("Xã Tà Năng")


def test_commune_and_model_pages(world, province_staff, commune_a):
    client = login(province_staff)
    html = client.get(
        reverse("reports:unit_dashboard", args=[commune_a.pk]) + YEAR_2025
    ).content.decode()
    assert 'data-figure="shifts">2<' in html
    assert reverse("reports:model_dashboard", args=[world["team_a"].pk]) in html
    assert "Tổ nhập nhầm A" not in html
    html = client.get(
        reverse("reports:model_dashboard", args=[world["selfman_a"].pk])
        + "?preset=custom&start=2025-03-01&end=2025-12-31&comparison=before_established"
    ).content.decode()
    assert 'data-figure="incidents">1<' in html and "giảm 3 vụ (75%)" in html
    # Compared with the time before it was set up: the commune's incidents in both periods,
    # said so, and the model's own in a card of their own.
    assert 'data-figure="own_incidents">1<' in html
    # Its own shifts and members have nothing to be compared with before it existed.
    figures = compute(
        province_staff,
        Scope(unit=commune_a, model=world["selfman_a"]),
        Period(datetime.date(2025, 3, 1), datetime.date(2025, 12, 31)),
        comparison=Comparison.BEFORE_ESTABLISHED,
    )
    assert figures.headline["shifts"].previous is None
    assert figures.headline["members"].previous is None
    assert figures.headline["incidents"].previous == 4
    assert "tính trên toàn địa bàn xã Hiệp Thạnh, cả hai kỳ" in html


def test_bad_period_says_why_and_shows_this_year(world, province_staff):
    html = (
        login(province_staff)
        .get(reverse("home") + "?preset=custom&start=2025-05-01")
        .content.decode()
    )
    assert "Nhập đủ ngày bắt đầu và ngày kết thúc của kỳ tùy chọn." in html
    year = timezone.localdate().year
    assert f"01/01/{year} – 31/12/{year}" in html


def test_export_holds_the_same_figures(world, province_staff):
    response = login(province_staff).get(reverse("home") + YEAR_2025 + "&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1:] for row in wb.worksheets[0].iter_rows(values_only=True)}
    assert summary["Ca tuần tra"][:3] == (3, 2, "tăng 1 ca (50%)")
    assert summary["Vụ việc"][:2] == (4, 3)
    communes = {row[0]: row for row in wb["Xã, phường, đặc khu"].iter_rows(values_only=True)}
    assert communes["Xã Hiệp Thạnh"][3] == 2  # shifts


def test_api_returns_the_same_figures(world, province_staff, commune_a):
    client = APIClient()
    client.force_authenticate(province_staff)
    data = client.get(reverse("statistics-list") + YEAR_2025).json()
    expected = compute(
        province_staff,
        resolve_scope(province_staff),
        Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    )
    assert data["headline"]["shifts"]["value"] == expected.headline["shifts"].value == 3
    assert data["headline"]["shifts"]["change"]["diff"] == 1
    assert data["headline"]["incidents"]["previous"] == 3
    assert data["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    data = client.get(
        reverse("statistics-list")
        + f"?unit={commune_a.pk}&preset=custom&start=2025-01-01&end=2025-01-01"
    ).json()
    assert data["headline"]["shifts"]["value"] == 1
    response = client.get(
        reverse("statistics-list") + "?preset=custom&start=2025-02-01&end=2025-01-01"
    )
    assert response.status_code == 400
    assert "end" in response.json()


def test_completeness_finds_silent_teams(world, province_staff, province, commune_a):
    from patrols.models import Shift, ShiftParticipant
    from tests.factories import PersonFactory

    team_a = world["team_a"]
    start = timezone.now() - datetime.timedelta(days=3)
    shift = Shift.objects.create(
        model=team_a,
        commune=commune_a,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    ShiftParticipant.objects.create(shift=shift, person=PersonFactory(commune=commune_a))
    client = login(province_staff)
    html = client.get(
        reverse("reports:completeness") + f"?unit={province.pk}&days=7"
    ).content.decode()
    # Patrol teams in service: team_a (logged 3 days ago) and team_b (last in 2025).
    assert 'data-figure="reporting">1/2<' in html and 'data-figure="rate">50%<' in html
    # B has a team in service and logged nothing; C has no patrol team at all.
    assert 'data-figure="silent-communes">1<' in html and 'data-figure="without-teams">1<' in html
    silent = html[html.index('data-table="silent-models"') :]
    assert "Tổ tuần tra B" in silent and "Tổ tuần tra A" not in silent
    assert "Tổ tuần tra giải thể B" not in silent  # dissolved: not expected to log
    api = APIClient()
    api.force_authenticate(province_staff)
    data = api.get(reverse("statistics-completeness") + "?days=7").json()
    assert (data["teams"], data["reporting"], data["rate"]) == (2, 1, 50.0)


def test_the_dashboard_shows_the_commendations(world_awards, province_staff):
    client = login(province_staff)
    html = client.get(reverse("home") + YEAR_2025).content.decode()
    assert 'data-figure="awards_collective">3 <' in html
    assert 'data-figure="awards_individual">2 <' in html
    assert "tăng 2 tập thể (200%)" in html
    row = html.split('data-award-issuer="minister">')[1].split("</tr>")[0]
    assert "Bộ trưởng Bộ Công an" in row and row.count(">1<") == 2
    assert 'data-award-issuer="commune_chairman"' not in html  # none in 2025
    assert reverse("awards:award_list") + "?date_from=2025-01-01&amp;date_to=2025-12-31" in html


TWO_YEARS = "?preset=custom&start=2024-01-01&end=2025-12-31"


def test_the_page_names_the_comparison(world, province_staff):
    client = login(province_staff)
    html = client.get(reverse("home") + YEAR_2025).content.decode()
    assert '<span data-comparison="year_earlier">so với cùng kỳ năm 2024</span>' in html
    assert '<span data-figure="comparison-period">01/01/2024 – 31/12/2024</span>' in html
    table = html[html.index('data-table="incidents-by-category"') :]
    assert '<th class="text-end" data-column="comparison">Cùng kỳ 2024</th>' in table
    html = client.get(reverse("home") + TWO_YEARS).content.decode()
    assert '<span data-comparison="preceding">so với 02 năm trước đó</span>' in html
    assert "01/01/2022 – 31/12/2023" in html and "02 năm trước</th>" in html
    html = client.get(
        reverse("reports:model_dashboard", args=[world["selfman_a"].pk])
        + "?preset=custom&start=2025-03-01&end=2025-12-31&comparison=before_established"
    ).content.decode()
    assert "so với 10 tháng trước khi thành lập mô hình" in html
    assert "29/04/2024 – 28/02/2025" in html and "Trước khi thành lập</th>" in html


def test_the_api_names_the_comparison(world, province_staff):
    client = APIClient()
    client.force_authenticate(province_staff)
    data = client.get(reverse("statistics-list") + YEAR_2025).json()
    assert data["comparison"] == {
        "kind": "year_earlier",
        "start": "2024-01-01",
        "end": "2024-12-31",
        "label": "so với cùng kỳ năm 2024",
        "short_label": "Cùng kỳ 2024",
    }
    data = client.get(reverse("statistics-list") + TWO_YEARS).json()
    assert data["comparison"] == {
        "kind": "preceding",
        "start": "2022-01-01",
        "end": "2023-12-31",
        "label": "so với 02 năm trước đó",
        "short_label": "02 năm trước",
    }
    data = client.get(reverse("statistics-list") + YEAR_2025, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["comparison"]["label"] == "compared with the same period of 2024"


def test_the_export_names_the_comparison(world, province_staff):
    client = login(province_staff)
    for query, label, short in [
        (YEAR_2025, "so với cùng kỳ năm 2024", "Cùng kỳ 2024"),
        (TWO_YEARS, "so với 02 năm trước đó", "02 năm trước"),
    ]:
        response = client.get(reverse("home") + query + "&export=xlsx")
        wb = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        assert rows[0][2] == short  # the comparison column
        summary = {row[0]: row[1:] for row in rows}
        assert summary["So sánh"][0] == label
        assert wb["Vụ việc theo loại"]["C1"].value == short
