"""Every figure of the engine against hand-computed values on the fixed province (conftest)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from reports.statistics import Change, Comparison, NotInScope, Period, compute, resolve_scope

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def figures_for(user, period=YEAR, **scope):
    return compute(user, resolve_scope(user, **scope), period)


def by_key(rows, name):
    return {row.key: (row[name].value, row[name].previous) for row in rows if name in row.figures}


def by_label(rows, name):
    return {row.label: (row[name].value, row[name].previous) for row in rows}


def pair(stat):
    return stat.value, stat.previous


def test_province_headline(world, province_staff):
    f = figures_for(province_staff)
    h = f.headline
    assert f.communes_in_scope == 3
    # team_a, selfman_a, team_b, network_b now; dissolved_b instead of selfman_a a year before.
    assert pair(h["models"]) == (4, 4)
    assert pair(h["new_models"]) == (1, 0)
    assert pair(h["communes_with_models"]) == (2, 2)
    # p1, p2 (team_a), p4 (selfman_a), p5 (team_b); a year before p3 still served in team_a.
    assert pair(h["members"]) == (4, 4)
    # s1 (01/01 00:30), s2 (31/12, ends 2026), s6; before: s3 (31/12/2024 23:00), s7.
    assert pair(h["shifts"]) == (3, 2)
    assert pair(h["turns"]) == (2 + 1 + 1, 3 + 1)
    # Incidents: 4 in 2025 (the deleted one and the deleted model's left out), 3 in 2024.
    assert pair(h["incidents"]) == (4, 3)
    assert pair(h["tip_offs"]) == (1, 0)
    assert pair(h["camera_incidents"]) == (1, 0)
    assert pair(h["mediated"]) == (1, 0)
    # C1 (2024) and C2 (2025); C3 removed.
    assert pair(h["cameras"]) == (2, 1)
    assert h["cameras_working"].value == 2
    assert pair(h["awards_collective"]) == (0, 0) and pair(h["awards_individual"]) == (0, 0)


def test_models_by_type_members_and_coverage(world, province_staff, patrol_type, camera_type):
    f = figures_for(province_staff)
    types = {row.key: row for row in f.models_by_type}
    patrol = types[patrol_type.pk]
    assert pair(patrol["models"]) == (2, 3)  # team_a, team_b; dissolved_b before
    assert pair(patrol["places"]) == (2, 2)
    assert patrol.extra["communes_in_scope"] == 3 and patrol.extra["coverage_percent"] == 66.7
    assert pair(patrol["members"]) == (3, 4)  # p1, p2, p5; p3 before
    assert pair(patrol["leader"]) == (2, 2) and pair(patrol["member"]) == (1, 2)
    selfman = types[world["selfman_type"].pk]
    assert pair(selfman["models"]) == (1, 0) and pair(selfman["new"]) == (1, 0)
    assert pair(selfman["places"]) == (1, 0) and pair(selfman["members"]) == (1, 0)
    assert pair(types[camera_type.pk]["models"]) == (1, 1)
    roles = by_key(f.members_by_role, "members")
    assert roles == {"leader": (2, 2), "deputy": (0, 0), "member": (2, 2)}
    ratings = {row.key: row for row in f.ratings}
    assert ratings[patrol_type.pk]["good"].value == 1
    assert ratings[patrol_type.pk]["weak"].value == 1
    assert ratings[patrol_type.pk]["unrated"].value == 0
    assert f.headline["rated_good"].value == 1 and f.headline["rated_weak"].value == 1


def test_incidents_by_category_outcome_detection_and_items(world, province_staff):
    f = figures_for(province_staff)
    categories = {row.extra["code"]: pair(row["incidents"]) for row in f.incidents_by_category}
    assert categories == {"theft_property": (2, 3), "dispute": (1, 0), "drugs": (1, 0)}
    assert by_key(f.incidents_by_outcome, "incidents")["handed_to_police"] == (3, 2)
    assert by_key(f.incidents_by_outcome, "incidents")["returned"] == (0, 1)
    detection = by_key(f.incidents_by_detection, "incidents")
    assert detection["patrol"] == (1, 3) and detection["camera"] == (1, 0)
    assert detection["tip_off"] == (1, 0) and detection["mediation"] == (1, 0)
    items = by_key(f.items, "quantity")
    assert items["homemade_guns"] == (1, 0) and items["crude_weapons"] == (2, 0)
    assert items["vehicles"] == (1, 0) and items["drugs_grams"] == (Decimal("1.5"), 0)
    assert items["guns"] == (0, 0)
    kinds = by_key(f.cameras_by_kind, "cameras")
    assert kinds["fixed"] == (1, 1) and kinds["plate"] == (1, 0)
    funding = by_key(f.cameras_by_funding, "cameras")
    assert funding["public"] == (1, 1) and funding["state"] == (1, 0)


def test_monthly_trend_and_commune_breakdown(world, province_staff, commune_a, commune_b):
    f = figures_for(province_staff)
    assert len(f.trend) == 12
    trend = {
        row.key: (row["shifts"].value, row["turns"].value, row["incidents"].value)
        for row in f.trend
    }
    assert trend["2025-01-01"] == (1, 2, 1)
    assert trend["2025-03-01"] == (1, 1, 0)
    assert trend["2025-12-01"] == (1, 1, 0)
    assert trend["2025-06-01"] == (0, 0, 0)  # the deleted shift is not counted
    rows = {row.key: row for row in f.breakdown}
    assert set(rows) == {commune_a.pk, commune_b.pk, world["commune_c"].pk}
    a, b = rows[commune_a.pk], rows[commune_b.pk]
    assert pair(a["shifts"]) == (2, 1) and pair(a["turns"]) == (3, 3)
    assert pair(a["incidents"]) == (2, None) and pair(a["models"]) == (2, 1)
    assert pair(a["members"]) == (3, 3)
    assert pair(b["shifts"]) == (1, 1) and pair(b["incidents"]) == (2, None)
    # The last shift of A (not the deleted model's): s4 on 01/01/2026.
    assert a.extra["last_shift"] == datetime.date(2026, 1, 1)
    assert all(stat.value == 0 for stat in rows[world["commune_c"].pk].figures.values())


def test_period_boundaries(world, province_staff):
    first_day = Period(datetime.date(2025, 1, 1), datetime.date(2025, 1, 1))
    last_day = Period(datetime.date(2025, 12, 31), datetime.date(2025, 12, 31))
    new_year = Period(datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))
    assert figures_for(province_staff, first_day).headline["shifts"].value == 1  # s1 only
    assert figures_for(province_staff, last_day).headline["shifts"].value == 1  # s2
    # s2 runs into 2026 but counts once, on its start: 01/01/2026 has s4 alone.
    assert figures_for(province_staff, new_year).headline["shifts"].value == 1
    last = figures_for(province_staff, last_day).headline
    assert last["incidents"].value == 0


def test_commune_model_and_type_scopes(world, province_staff, commune_a, patrol_type):
    a = figures_for(province_staff, unit=commune_a.pk)
    assert a.communes_in_scope == 1
    assert pair(a.headline["shifts"]) == (2, 1) and pair(a.headline["incidents"]) == (2, 3)
    models = {row.label: row for row in a.breakdown}
    assert set(models) == {"Tổ tuần tra A", "Tổ tự quản A"}  # not the deleted model
    assert pair(models["Tổ tuần tra A"]["shifts"]) == (2, 1)
    assert pair(models["Tổ tự quản A"]["incidents"]) == (1, None)

    team = figures_for(province_staff, model=world["team_a"].pk)
    assert team.breakdown == []
    assert pair(team.headline["shifts"]) == (2, 1) and pair(team.headline["turns"]) == (3, 3)
    assert pair(team.headline["incidents"]) == (1, 3)
    assert pair(team.headline["members"]) == (2, 3)

    patrol = figures_for(province_staff, model_type=patrol_type.pk)
    assert pair(patrol.headline["models"]) == (2, 3)
    assert pair(patrol.headline["shifts"]) == (3, 2)
    assert pair(patrol.headline["incidents"]) == (2, 3)  # team_a's and team_b's only


def test_comparison_before_the_model_was_established(world, province_staff):
    selfman = world["selfman_a"]
    period = Period(datetime.date(2025, 3, 1), datetime.date(2025, 12, 31))
    scope = resolve_scope(province_staff, model=selfman.pk)
    f = compute(province_staff, scope, period, comparison=Comparison.BEFORE_ESTABLISHED)
    assert f.previous == Period(datetime.date(2024, 4, 29), datetime.date(2025, 2, 28))
    # Before the group existed, its commune had 4 incidents (07/2024, 08/2024, 31/12/2024,
    # 01/01/2025); since, the group recorded 1.
    assert pair(f.headline["incidents"]) == (1, 4)
    with translation.override("vi"):
        assert f.headline["incidents"].change.text == "giảm 3 vụ (75%)"
        assert f.headline["incidents"].change.percent_text == "giảm 75%"


def test_officer_sees_only_own_commune(world, officer_a, commune_a, commune_b):
    f = figures_for(officer_a)
    assert f.scope.unit == commune_a
    assert pair(f.headline["shifts"]) == (2, 1)
    for scope in (
        {"unit": commune_b.pk},
        {"model": world["team_b"].pk},
        {"unit": commune_a.parent_id},
    ):
        with pytest.raises(NotInScope):
            resolve_scope(officer_a, **scope)


@pytest.mark.parametrize(
    "current,previous,noun,text,percent_text",
    [
        (2, 5, "incident", "giảm 3 vụ (60%)", "giảm 60%"),
        (24, 12, "incident", "tăng 12 vụ (100%)", "tăng 100%"),
        (12, 0, "incident", "tăng 12 vụ", None),
        (1684, 1500, "turn", "tăng 184 lượt (12,3%)", "tăng 12,3%"),
        (3000, 1000, "shift", "tăng 2.000 ca (200%)", "tăng 200%"),
        (7, 7, "model", "không thay đổi", "không thay đổi"),
        (0, 0, "incident", "không thay đổi", None),
        (Decimal("1.5"), Decimal("4"), "kg", "giảm 2,5 kg (62,5%)", "giảm 62,5%"),
    ],
)
def test_change_is_worded_as_the_reports_word_it(current, previous, noun, text, percent_text):
    with translation.override("vi"):
        change = Change(current, previous, noun)
        assert change.text == text
        assert change.percent_text == percent_text
    with translation.override("en"):
        assert Change(2, 5, "incident").text == "down 3 incidents (60%)"


# --- commendations -------------------------------------------------------------------------


def test_commendations_by_collective_individual_form_and_issuer(world_awards, province_staff):
    f = figures_for(province_staff)
    h = f.headline
    assert pair(h["awards_collective"]) == (3, 1)
    assert pair(h["awards_individual"]) == (2, 0)
    forms = {
        row.key: (row["collective"].value, row["individual"].value) for row in f.awards_by_form
    }
    assert forms == {
        "certificate_of_merit": (1, 1),
        "certificate_of_commendation": (1, 0),
        "emulation_flag": (1, 0),
        "medal": (0, 1),
        "other": (0, 0),
    }
    issuers = {row.key: row for row in f.awards_by_issuer}
    assert (issuers["minister"]["collective"].value, issuers["minister"]["individual"].value) == (
        1,
        1,
    )
    assert pair(issuers["commune_chairman"]["collective"]) == (0, 1)
    assert pair(issuers["police_director"]["individual"]) == (1, 0)
    with translation.override("vi"):
        assert h["awards_collective"].change.text == "tăng 2 tập thể (200%)"


def test_commendations_follow_the_scope(world_awards, world, province_staff, officer_a, commune_b):
    a = figures_for(officer_a)  # commune A: team_a, Người A0, police of A
    assert pair(a.headline["awards_collective"]) == (2, 0)
    assert pair(a.headline["awards_individual"]) == (1, 0)
    b = figures_for(province_staff, unit=commune_b.pk)
    assert pair(b.headline["awards_collective"]) == (0, 1)
    assert pair(b.headline["awards_individual"]) == (1, 0)
    team = figures_for(province_staff, model=world["team_a"].pk)
    assert team.headline["awards_collective"].value == 1
    # A team's: its own award, and the one to Người A0, its leader on the decision date.
    assert team.headline["awards_individual"].value == 1


def test_achievements_of_teams_and_members(world, officer_a):
    from models_registry.models import Person
    from reports.statistics import achievements

    p1, p2 = (Person.objects.get(full_name=n) for n in ("Người A0", "Người A1"))
    found = achievements(
        officer_a,
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
        models=[world["team_a"], world["selfman_a"]],
        persons=[p1, p2],
    )
    team = {row.label: {k: s.value for k, s in row.figures.items()} for row in found.models}
    # s1 (p1, p2) and s2 (p1); the deleted s5 not counted. Members at the end: p1, p2.
    assert team["Tổ tuần tra A"] == {
        "shifts": 2,
        "turns": 3,
        "members": 2,
        "incidents": 1,
        "tip_offs": 0,
        "mediated": 0,
    }
    assert team["Tổ tự quản A"]["mediated"] == 1 and team["Tổ tự quản A"]["members"] == 1
    people = {row.label: {k: s.value for k, s in row.figures.items()} for row in found.persons}
    assert people["Người A0"] == {"turns": 2, "led": 0, "incidents": 1}
    assert people["Người A1"] == {"turns": 1, "led": 0, "incidents": 1}


def test_a_misspelled_figure_raises(world, province_staff):
    """A figure read by a name the engine never made is an error, not a silent zero."""
    from django.template import Context, Template

    from reports.statistics.figures import UnknownFigure
    from reports.templatetags.figures import fig, label

    f = figures_for(province_staff, YEAR)
    row = f.breakdown[0]
    assert row["shifts"].value >= 0
    for read in (lambda: row["shfits"], lambda: f.headline["shfits"], lambda: fig(row, "shfits")):
        with pytest.raises(LookupError):
            read()
    # In a template too: Django prints a missing key as nothing, a missing figure raises.
    for text in ("{{ row.figures.shfits }}", "{{ headline.shfits }}"):
        with pytest.raises(UnknownFigure):
            Template(text).render(Context({"row": row, "headline": f.headline}))
    assert Template("{{ headline.shifts }}").render(Context({"headline": f.headline}))
    with pytest.raises(KeyError):
        label("shfits")


def test_country_breakdown_is_one_row_per_province(
    world, administrator, province, other_province, province_staff
):
    """The country's table lists its provinces (not its communes), each with the totals of
    the province's own dashboard; a province with nothing logged has its row of zeros."""
    from tests.factories import CommuneFactory

    CommuneFactory(parent=other_province, name="Xã Ia Grai", code="52001")
    f = figures_for(administrator)
    assert f.scope.breakdown == "province"
    assert f.communes_in_scope == 4
    rows = {row.key: row for row in f.breakdown}
    assert set(rows) == {province.pk, other_province.pk}
    own = figures_for(province_staff)
    lam_dong = rows[province.pk]
    for name in ("models", "members", "shifts", "turns"):
        assert pair(lam_dong[name]) == pair(own.headline[name]), name
    assert lam_dong["incidents"].value == own.headline["incidents"].value
    # The province's last shift is the latest of its communes'.
    assert lam_dong.extra["last_shift"] == max(
        row.extra["last_shift"] for row in own.breakdown if row.extra["last_shift"]
    )
    gia_lai = rows[other_province.pk]
    assert all(stat.value == 0 for stat in gia_lai.figures.values())
    assert gia_lai.extra["last_shift"] is None
    # Alphabetical, as every list: Gia Lai before Lâm Đồng.
    assert [row.key for row in f.breakdown] == [other_province.pk, province.pk]


def test_country_dashboard_lists_provinces(world, administrator, province):
    from tests.conftest import login

    response = login(administrator).get("/?preset=year&year=2025")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tỉnh, thành phố" in page
    assert f'href="/dashboard/units/{province.pk}/?' in page


def test_counts_are_whole_numbers(world, province_staff):
    """Counts read back as integers (a sum of sums is numeric in PostgreSQL); only kilograms
    and grams are decimals."""
    f = figures_for(province_staff)
    stats = [*f.headline.values()]
    for rows in (f.breakdown, f.trend, f.models_by_type, f.members_by_role):
        for row in rows:
            stats += row.figures.values()
    for stat in stats:
        assert type(stat.value) is int, stat
        assert stat.previous is None or type(stat.previous) is int, stat
    kinds = {row.key: type(row["quantity"].value) for row in f.items}
    assert kinds["guns"] is int and kinds["crude_weapons"] is int
