"""Tip-offs, the cases solved with their help and the suspects arrested in those cases: the
engine's figures with their comparison, on the dashboard, its export and the statistics API.

Commune A, 2025: tip-offs 1 and 2 lead to case X (3 arrested), tip-off 3 to case Y (2
arrested), tip-off 4 to nothing; an unlinked case with 7 arrested is no tip-off's. 2024: tip-off
0 leads to case W (1 arrested). Commune B: nothing.
"""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reports.statistics import Comparison, Period, compute, resolve_scope
from tests.conftest import login
from tests.factories import GrassrootsModelFactory, IncidentFactory
from tests.reports.conftest import at

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
YEAR_2025 = "?preset=year&year=2025"


def pair(stat):
    return stat.value, stat.previous


@pytest.fixture
def tips(commune_a, patrol_type):
    from models_registry.models import ModelType

    team = GrassrootsModelFactory(name="Tổ tuần tra A", commune=commune_a, model_type=patrol_type)
    selfman = GrassrootsModelFactory(
        name="Tổ tự quản A",
        commune=commune_a,
        model_type=ModelType.objects.get(name="Tổ tự quản"),
        established_on=datetime.date(2020, 1, 1),
    )

    def case(when, arrested):
        return IncidentFactory(model=team, occurred_at=when, suspects_arrested=arrested)

    def tip(when, solved=None, model=selfman):
        return IncidentFactory(
            model=model, occurred_at=when, detected_by="tip_off", solved_case=solved
        )

    x, y = case(at(2025, 4, 1, 22), 3), case(at(2025, 6, 1, 22), 2)
    case(at(2025, 7, 1, 22), 7)
    w = case(at(2024, 5, 1, 22), 1)
    made = {
        "team": team,
        "selfman": selfman,
        "x": x,
        "y": y,
        "w": w,
        "t1": tip(at(2025, 3, 30, 9), x),
        "t2": tip(at(2025, 4, 2, 9), x, model=team),
        "t3": tip(at(2025, 5, 30, 9), y),
        "t4": tip(at(2025, 8, 1, 9)),
        "t0": tip(at(2024, 4, 30, 9), w),
    }
    return made


def figures(user, period=YEAR, comparison=None, **scope):
    return compute(user, resolve_scope(user, **scope), period, comparison=comparison)


def test_tip_offs_cases_solved_and_suspects_arrested(tips, province_staff, officer_b):
    h = figures(province_staff).headline
    assert pair(h["tip_offs"]) == (4, 1)
    assert pair(h["cases_solved"]) == (2, 1)  # X once, though two tip-offs led to it; Y
    assert pair(h["suspects_arrested"]) == (5, 1)  # 3 + 2; the unlinked case's 7 are not
    assert h["cases_solved"].change.text == "tăng 1 vụ (100%)"
    assert h["suspects_arrested"].change.text == "tăng 4 đối tượng (400%)"
    b = figures(officer_b).headline
    assert pair(b["tip_offs"]) == pair(b["cases_solved"]) == pair(b["suspects_arrested"]) == (0, 0)


def test_a_case_counts_on_its_own_day_and_only_through_live_tip_offs(
    tips, province_staff, commune_a
):
    # A tip-off of 2025 leading to a case of December 2024: counted in 2024, with the case.
    late = IncidentFactory(
        model=tips["team"], occurred_at=at(2024, 12, 31, 23), suspects_arrested=4
    )
    IncidentFactory(
        model=tips["selfman"], occurred_at=at(2025, 1, 2), detected_by="tip_off", solved_case=late
    )
    # Only a deleted tip-off leads to Y now; a deleted case (its tip-off unlinked).
    tips["t3"].soft_delete()
    gone = IncidentFactory(model=tips["team"], occurred_at=at(2025, 9, 1), suspects_arrested=9)
    IncidentFactory(model=tips["team"], detected_by="tip_off", solved_case=gone)
    gone.soft_delete()
    h = figures(province_staff).headline
    assert pair(h["cases_solved"]) == (1, 2)
    assert pair(h["suspects_arrested"]) == (3, 1 + 4)


def test_a_deactivated_model_leaves_its_tip_offs_and_cases_out(tips, province_staff):
    other = GrassrootsModelFactory(commune=tips["team"].commune, model_type=tips["team"].model_type)
    case = IncidentFactory(model=other, occurred_at=at(2025, 10, 1), suspects_arrested=6)
    IncidentFactory(model=tips["selfman"], detected_by="tip_off", solved_case=case)
    assert pair(figures(province_staff).headline["cases_solved"]) == (3, 1)
    other.soft_delete()
    tips["selfman"].soft_delete()  # t1, t3 (and the tip-off to ``case``) no longer count
    h = figures(province_staff).headline
    assert pair(h["cases_solved"]) == (1, 0)  # X, through t2 of the team
    assert pair(h["suspects_arrested"]) == (3, 0)


def test_a_model_is_credited_with_the_cases_its_tip_offs_solved(tips, province_staff):
    selfman = figures(province_staff, model=tips["selfman"].pk).headline
    assert pair(selfman["cases_solved"]) == (2, 1)  # X (t1) and Y (t3): the team's cases
    assert pair(selfman["suspects_arrested"]) == (5, 1)
    team = figures(province_staff, model=tips["team"].pk).headline
    assert pair(team["cases_solved"]) == (1, 0)  # X through t2 only; its own Y is not
    assert pair(team["suspects_arrested"]) == (3, 0)
    typed = figures(province_staff, model_type=tips["team"].model_type.pk).headline
    assert pair(typed["cases_solved"]) == (1, 0)


def test_before_established_compares_with_the_communes_tip_offs(tips, province_staff):
    """A model set up on 01/07/2025: its tip-offs since, against the commune's before."""
    new = GrassrootsModelFactory(
        commune=tips["team"].commune,
        model_type=tips["selfman"].model_type,
        established_on=datetime.date(2025, 7, 1),
    )
    case = IncidentFactory(model=tips["team"], occurred_at=at(2025, 9, 1), suspects_arrested=2)
    IncidentFactory(model=new, occurred_at=at(2025, 9, 2), detected_by="tip_off", solved_case=case)
    f = figures(
        province_staff,
        Period(datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)),
        comparison=Comparison.BEFORE_ESTABLISHED,
        model=new.pk,
    )
    # Before: 01/01–30/06/2025 in the commune: X and Y, through tip-offs of other models.
    assert pair(f.headline["cases_solved"]) == (1, 2)
    assert pair(f.headline["suspects_arrested"]) == (2, 5)


def test_dashboard_export_and_api_show_them(tips, province_staff, commune_a):
    client = login(province_staff)
    html = client.get(reverse("home") + YEAR_2025).content.decode()
    assert 'data-figure="tip_offs">4<' in html
    assert 'data-figure="cases_solved">2<' in html and 'data-figure="suspects_arrested">5<' in html
    assert "Vụ việc được khám phá nhờ tin báo" in html and "tăng 4 đối tượng (400%)" in html
    html = client.get(
        reverse("reports:unit_dashboard", args=[commune_a.pk]) + YEAR_2025
    ).content.decode()
    assert 'data-figure="cases_solved">2<' in html

    response = client.get(reverse("home") + YEAR_2025 + "&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    summary = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True)}
    assert summary["Vụ việc được khám phá nhờ tin báo"] == (2, 1, "tăng 1 vụ (100%)")
    assert summary["Đối tượng bị bắt nhờ tin báo"] == (5, 1, "tăng 4 đối tượng (400%)")

    api = APIClient()
    api.force_authenticate(province_staff)
    headline = api.get(reverse("statistics-list") + YEAR_2025).json()["headline"]
    assert headline["cases_solved"]["value"] == 2 and headline["cases_solved"]["previous"] == 1
    assert headline["suspects_arrested"]["value"] == 5
    assert headline["suspects_arrested"]["change"]["diff"] == 4
