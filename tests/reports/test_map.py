"""The map of a unit: the engine's breakdown figures drawn as circles, cameras as points,
inside the user's unit, projected into the box."""

import datetime
import random
import re

import pytest
from django.urls import reverse

from reports.dashboards.maps import (
    PAD,
    R_MAX,
    SCALE_STRIP,
    is_silent,
    projection,
    tone_bounds,
)
from reports.statistics import compute, preset_period, resolve_scope
from tests.conftest import login
from tests.factories import CommuneFactory
from tests.reports.conftest import place

YEAR_2025 = {"preset": "year", "year": "2025"}


def map_page(user, unit, **query):
    response = login(user).get(reverse("reports:unit_map", args=[unit.pk]), query)
    assert response.status_code == 200
    return response


def test_the_circles_carry_the_engines_figures(placed, province_staff, province):
    response = map_page(province_staff, province, **YEAR_2025)
    units = {u.pk: u for u in response.context["map"].units}
    figures = compute(
        province_staff,
        resolve_scope(province_staff, unit=province.pk),
        preset_period("year", datetime.date(2026, 1, 1), 2025),
    )
    dashboard = login(province_staff).get(
        reverse("reports:unit_dashboard", args=[province.pk]), YEAR_2025
    )
    table = {row.key: row for row in dashboard.context["breakdown"]}
    assert set(units) == {row.key for row in figures.breakdown} == set(table)
    for row in figures.breakdown:
        assert units[row.key].shifts == row["shifts"].value == table[row.key]["shifts"].value
        assert units[row.key].incidents == row["incidents"].value
        assert units[row.key].last_shift == row.extra["last_shift"]
    assert sum(u.shifts for u in units.values()) == figures.headline["shifts"].value == 3
    # Each placed commune is a circle that opens its dashboard for the same period; C is
    # listed as without coordinates.
    html = response.content.decode()
    circles = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" data-unit="(\d+)"><circle', html)
    assert (
        {int(pk) for _h, _l, pk in circles}
        == {pk for pk, u in units.items() if u.placed}
        == {placed["commune_c"].pk} ^ set(units)
    )
    for href, label, pk in circles:
        unit = units[int(pk)]
        assert href.replace("&amp;", "&") == (
            reverse("reports:unit_dashboard", args=[unit.pk]) + "?preset=year&year=2025"
        )
        assert label == f"{unit.name}: {unit.shifts} ca tuần tra"
    assert [u.name for u in response.context["map"].missing] == ["Xã Tà Năng"]
    assert "1 đơn vị chưa có tọa độ" in html
    # The same figures, as a table below.
    for pk, unit in units.items():
        row = re.search(rf'<tr data-unit="{pk}".*?</tr>', html, re.S).group(0)
        assert f'data-figure="shifts">{unit.shifts}<' in row
        assert f'data-figure="incidents">{unit.incidents}<' in row


def test_the_figure_picked_sizes_and_colours_the_circles(placed, province_staff, province):
    by_incidents = map_page(province_staff, province, figure="incidents", **YEAR_2025)
    unit_map = by_incidents.context["map"]
    assert unit_map.figure == "incidents"
    # Incidents in 2025: A 2, B 2, C none; shifts: A 2, B 1.
    radius = {u.name: (u.incidents, u.r, u.tone) for u in unit_map.units}
    assert radius["Xã Hiệp Thạnh"] == radius["Xã Đức Trọng"] == (2, R_MAX, "2")
    assert radius["Xã Tà Năng"][0::2] == (0, "0")
    by_shifts = {
        u.name: (u.shifts, u.r)
        for u in map_page(province_staff, province, **YEAR_2025).context["map"].units
    }
    assert by_shifts["Xã Hiệp Thạnh"] == (2, R_MAX)
    assert by_shifts["Xã Đức Trọng"][0] == 1 and by_shifts["Xã Đức Trọng"][1] < R_MAX
    assert 'class="unit-map map-figure-incidents"' in by_incidents.content.decode()
    assert unit_map.units[0].text.endswith("vụ việc")

    silent = map_page(province_staff, province, figure="silent", **YEAR_2025).context["map"]
    # The fixed province's last shifts are in 2025: every commune is silent today; C never
    # logged one.
    tones = {u.name: u.tone for u in silent.units}
    assert tones == {"Xã Hiệp Thạnh": "silent", "Xã Đức Trọng": "silent", "Xã Tà Năng": "never"}
    assert [item["tone"] for item in silent.legend] == ["silent", "active", "never"]

    # Anything else shows the shifts, and the period stays the one asked for.
    other = map_page(province_staff, province, figure="nonsense", **YEAR_2025)
    assert other.context["map"].figure == "shifts"
    assert other.context["period"].start == datetime.date(2025, 1, 1)


def test_silent_is_no_shift_in_the_last_14_days():
    today = datetime.date(2026, 3, 20)
    assert not is_silent(today, today)
    assert not is_silent(today - datetime.timedelta(days=13), today)
    assert is_silent(today - datetime.timedelta(days=14), today)
    assert is_silent(None, today)


def test_cameras_with_coordinates_are_points(placed, officer_b, commune_b, province_staff):
    for user, unit in [(officer_b, commune_b), (province_staff, commune_b.parent)]:
        html = map_page(user, unit, **YEAR_2025).content.decode()
        assert re.findall(r'class="map-camera"[^>]*><title>([^<]+)</title>', html) == [
            "C1 — Ngã ba chợ"
        ]
        assert "C2 —" not in html  # no coordinates
        assert "C3 —" not in html  # removed
        assert "C4-XOA" not in html  # soft-deleted
    # Installed after the period: not yet there.
    html = map_page(officer_b, commune_b, preset="year", year="2023").content.decode()
    assert "C1 —" not in html


def test_a_commune_map_is_the_commune_and_its_cameras(placed, officer_b, commune_b):
    response = map_page(officer_b, commune_b, **YEAR_2025)
    unit_map = response.context["map"]
    assert [(u.pk, u.shifts, u.incidents) for u in unit_map.units] == [
        (
            commune_b.pk,
            response.context["figures"].headline["shifts"].value,
            response.context["figures"].headline["incidents"].value,
        )
    ]
    assert len(unit_map.cameras) == 1
    assert not unit_map.missing


def test_the_map_stays_inside_the_users_unit(
    placed, officer_a, commune_b, province_staff, other_province, staff_elsewhere, province
):
    elsewhere = CommuneFactory(parent=other_province, name="Xã Ia Grai", code="23700")
    place(elsewhere, "13.98", "107.95")
    url = lambda unit: reverse("reports:unit_map", args=[unit.pk])  # noqa: E731
    assert login(officer_a).get(url(commune_b)).status_code == 404
    assert login(officer_a).get(url(province)).status_code == 404
    assert login(province_staff).get(url(other_province)).status_code == 404
    assert login(staff_elsewhere).get(url(province)).status_code == 404
    html = map_page(province_staff, province, **YEAR_2025).content.decode()
    assert "Xã Ia Grai" not in html
    assert {u.name for u in map_page(province_staff, province).context["map"].units} == {
        "Xã Hiệp Thạnh",
        "Xã Đức Trọng",
        "Xã Tà Năng",
    }


def test_the_country_map_draws_provinces(placed, administrator, country, province):
    response = map_page(administrator, country, **YEAR_2025)
    unit_map = response.context["map"]
    assert [u.name for u in unit_map.drawn] == [province.name]
    assert unit_map.drawn[0].shifts == 3
    assert not unit_map.cameras_drawn


def test_the_dashboard_links_to_its_map(placed, province_staff, province):
    html = (
        login(province_staff)
        .get(reverse("reports:unit_dashboard", args=[province.pk]), YEAR_2025)
        .content.decode()
    )
    link = reverse("reports:unit_map", args=[province.pk]) + "?preset=year&amp;year=2025"
    assert f'href="{link}" data-link="map">Bản đồ</a>' in html


def test_the_projection_keeps_every_point_inside_the_box():
    rng = random.Random(7)
    for _ in range(200):
        lat0, lon0 = rng.uniform(8.5, 23), rng.uniform(102, 114)
        points = [
            (lat0 + rng.uniform(0, rng.choice([0.001, 0.3, 3, 14])), lon0 + rng.uniform(0, 4))
            for _ in range(rng.randint(1, 30))
        ]
        project = projection(points)
        for lat, lon in points:
            x, y = project(lat, lon)
            assert PAD - 0.1 <= x <= project.width - PAD + 0.1
            assert PAD - 0.1 <= y <= project.height - SCALE_STRIP - PAD + 0.1
    # Equirectangular, longitudes shrunk by the cosine of the latitude: at 60° a degree of
    # longitude is half a degree of latitude; north is up.
    project = projection([(59.0, 10.0), (61.0, 14.0)])
    assert project.x_scale == pytest.approx(project.y_scale / 2, rel=1e-9)
    assert project(61.0, 10.0)[1] < project(59.0, 10.0)[1]


def test_the_colour_classes_split_the_values_in_equal_steps():
    assert tone_bounds(12) == [3, 6, 9, 12]
    assert tone_bounds(2) == [1, 2]
    assert tone_bounds(1) == [1]
    assert tone_bounds(0) == []


def test_silent_follows_the_model_type_looked_at(province_staff, province, commune_a, patrol_type):
    """A commune whose only recent shifts are of another type of team is silent for the type
    looked at (its last shift column too), not for the other."""
    from django.utils import timezone

    from models_registry.models import ModelCategory, ModelType
    from patrols.models import Shift
    from reports.statistics import Period, Scope
    from tests.factories import GrassrootsModelFactory

    other_type = (
        ModelType.objects.filter(category=ModelCategory.PATROL).exclude(pk=patrol_type.pk).first()
    )
    team = GrassrootsModelFactory(commune=commune_a, model_type=patrol_type)
    GrassrootsModelFactory(commune=commune_a, model_type=other_type)
    start = timezone.now() - datetime.timedelta(days=2)
    Shift.objects.create(
        model=team, commune=commune_a, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=30), today)

    def last_shift(model_type):
        figures = compute(province_staff, Scope(unit=province, model_type=model_type), period)
        (row,) = [r for r in figures.breakdown if r.key == commune_a.pk]
        return row.extra["last_shift"]

    assert last_shift(None) == timezone.localtime(start).date()
    assert last_shift(patrol_type) == timezone.localtime(start).date()
    assert last_shift(other_type) is None
    assert is_silent(last_shift(other_type), today)
