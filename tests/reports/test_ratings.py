"""The statutory teams' rating page and the ratings in the engine's figures: the figures of
each team over its rating year (15/11 – 14/11) from the one engine, the proposal rule, the
nine-month rule shown, confirm / approve / reopen with their permissions and scope, and the
ratings by scale in the dashboard and the review report's wording, at a fixed number of
queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from models_registry import services
from models_registry.models import ModelRating, ModelType
from reports.dashboards.charts import dashboard_charts, rating_summary
from reports.dashboards.ratings import propose
from reports.reviews.results.models import _roles_and_ratings
from reports.statistics import Period, Scope, compute
from tests.conftest import login
from tests.factories import GrassrootsModelFactory, MembershipFactory, PersonFactory

D = datetime.date


def at(y, m, d, hh=20):
    return timezone.make_aware(datetime.datetime(y, m, d, hh))


@pytest.fixture
def statutory_type(db):
    return ModelType.objects.get(name="Tổ bảo vệ an ninh, trật tự ở cơ sở")


def team(commune, kind, name, established):
    return GrassrootsModelFactory(
        name=name, commune=commune, model_type=kind, established_on=established
    )


def log(model, days, people, incident_on=None):
    """A two-hour shift of ``people`` on each day of ``days``; an incident on one."""
    from patrols.models import Incident, IncidentCategory, Shift, ShiftParticipant

    for day in days:
        start = at(day.year, day.month, day.day)
        shift = Shift.objects.create(
            model=model,
            commune=model.commune,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )
        for person in people:
            ShiftParticipant.objects.create(shift=shift, person=person)
        if incident_on == day:
            Incident.objects.create(
                model=model,
                commune=model.commune,
                shift=shift,
                occurred_at=start,
                category=IncidentCategory.objects.get(code="theft_property"),
                detected_by="patrol",
                outcome="settled",
            )


def members(model, n):
    people = [PersonFactory(commune=model.commune) for _ in range(n)]
    for person in people:
        MembershipFactory(person=person, model=model, joined_on=model.established_on)
    return people


@pytest.fixture
def teams(commune_a, statutory_type, patrol_type):
    """Commune A's statutory teams for rating year 2025 (15/11/2024 – 14/11/2025):
    ``busy`` (26 shifts of 3 in the year, one incident: proposed "Hoàn thành nhiệm vụ"),
    ``quiet`` (set up on 14/02/2025, exactly nine months: rated; its shifts on the year's
    edges), ``new`` (set up on 15/02/2025: not rated); and a patrol team (not statutory)."""
    busy = team(commune_a, statutory_type, "Tổ bảo vệ ANTT thôn 1", D(2023, 1, 1))
    quiet = team(commune_a, statutory_type, "Tổ bảo vệ ANTT thôn 2", D(2025, 2, 14))
    new = team(commune_a, statutory_type, "Tổ bảo vệ ANTT thôn 3", D(2025, 2, 15))
    other = team(commune_a, patrol_type, "Tổ tuần tra Phi Nôm", D(2023, 1, 1))
    days = [D(2024, 11, 16) + datetime.timedelta(days=13 * i) for i in range(26)]
    log(busy, days, members(busy, 3), incident_on=days[3])
    quiet_people = members(quiet, 1)
    # 14/11/2025 is the last day of rating year 2025; 15/11/2025 the first of 2026.
    log(quiet, [D(2025, 3, 1), D(2025, 11, 14), D(2025, 11, 15)], quiet_people)
    log(other, [D(2025, 3, 1)], members(other, 1))
    return {"busy": busy, "quiet": quiet, "new": new, "other": other}


def test_the_proposal_rule():
    well = {"shifts": 48, "turns": 144, "incidents": 1, "months": 12, "scale": "duty"}
    assert propose(**well) == "done_well"
    assert propose(**(well | {"incidents": 0})) == "done"  # no incident: not "tốt"
    assert propose(**(well | {"turns": 143})) == "done"  # under 3 a shift
    assert propose(**(well | {"shifts": 47, "turns": 141})) == "done"  # under 4 a month
    assert propose(**(well | {"shifts": 24, "turns": 24})) == "done"  # 2 a month
    assert propose(**(well | {"shifts": 23, "turns": 23})) == "not_done"
    assert propose(**(well | {"months": 0})) == "not_done"
    assert propose(**(well | {"scale": "grade"})) == "good"


def test_the_page_lists_each_team_with_its_figures_and_proposal(teams, officer_a, commune_a):
    client = login(officer_a)
    with translation.override("vi"):
        response = client.get(reverse("reports:ratings"), {"year": 2025})
    assert response.status_code == 200
    assert response.context["commune"] == commune_a
    rows = {t.model.name: t for t in response.context["teams"]}
    assert set(rows) == {"Tổ bảo vệ ANTT thôn 1", "Tổ bảo vệ ANTT thôn 2", "Tổ bảo vệ ANTT thôn 3"}
    busy, quiet, new = (rows[f"Tổ bảo vệ ANTT thôn {i}"] for i in (1, 2, 3))
    assert (busy.shifts, busy.turns, busy.incidents) == (26, 78, 1)
    assert busy.months == 12.0 and busy.proposed == "done"
    # 01/03 and 14/11/2025 counted; 15/11/2025 is the next rating year's.
    assert (quiet.shifts, quiet.turns) == (2, 2)
    assert quiet.eligible and quiet.months == 9.0 and quiet.proposed == "not_done"
    assert not new.eligible and new.proposed is None
    page = response.content.decode()
    assert "năm 2025 (15/11/2024 – 14/11/2025)" in page
    assert "Không xếp loại: hoạt động chưa đủ 9 tháng" in page
    assert "Tổ thành lập sau ngày 14/02/2025" in page
    # The next year counts the shift of 15/11/2025.
    nxt = client.get(reverse("reports:ratings"), {"year": 2026}).context["teams"]
    assert {t.model.name: t.shifts for t in nxt}["Tổ bảo vệ ANTT thôn 2"] == 1


def test_the_figures_are_the_engines(teams, officer_a, commune_a):
    figures = compute(officer_a, Scope(unit=commune_a), Period(D(2024, 11, 15), D(2025, 11, 14)))
    by_model = {row.key: row for row in figures.breakdown}
    page = login(officer_a).get(reverse("reports:ratings"), {"year": 2025}).context["teams"]
    for t in page:
        row = by_model[t.model.pk]
        assert (t.shifts, t.turns, t.incidents) == (
            row["shifts"].value,
            row["turns"].value,
            row["incidents"].value,
        )


def test_the_page_runs_a_fixed_number_of_queries(teams, officer_a, commune_a, statutory_type):
    client = login(officer_a)
    url = reverse("reports:ratings") + "?year=2025"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        extra = team(commune_a, statutory_type, f"Tổ bảo vệ ANTT thêm {i}", D(2023, 1, 1))
        log(extra, [D(2025, 3, 1 + i)], members(extra, 1))
        services.confirm_rating(model=extra, year=2025, rating="done")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["teams"]) == 7
    assert len(many) == len(few)


def test_confirm_approve_reopen_with_their_permissions(teams, officer_a, province_staff):
    busy = teams["busy"]
    officer = login(officer_a)
    confirm = reverse("reports:rating_confirm", args=[busy.pk])
    form = officer.get(confirm, {"year": 2025})
    assert form.status_code == 200 and form.context["form"].initial["rating"] == "done"
    # The year is chosen from the rating years, each with its dates; the rule is the
    # statutory teams'.
    years = dict(form.context["form"].fields["year"].choices)
    assert "15/11/2024" in str(years[2025]) and "14/11/2025" in str(years[2025])
    assert 'name="year"' in form.content.decode() and "<select" in form.content.decode()
    assert form.context["rule"]
    assert officer.post(confirm, {"year": 1999, "rating": "done"}).status_code == 422
    response = officer.post(confirm, {"year": 2025, "rating": "done_well", "note": ""})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?commune={busy.commune_id}&year=2025")
    rating = ModelRating.objects.get(model=busy, year=2025)
    assert (rating.rating, rating.status) == ("done_well", "confirmed")
    approve = reverse("reports:rating_approve", args=[rating.pk])
    assert officer.post(approve).status_code == 403  # the commune does not approve
    staff = login(province_staff)
    assert staff.get(approve).status_code == 200
    assert staff.post(approve).status_code == 302
    rating.refresh_from_db()
    assert rating.status == "approved" and rating.approved_by == province_staff
    with translation.override("vi"):
        refused = officer.post(confirm, {"year": 2025, "rating": "done", "note": ""})
    assert refused.status_code == 422
    assert "đã được tỉnh phê duyệt" in refused.content.decode()
    page = officer.get(reverse("reports:ratings"), {"year": 2025}).content.decode()
    assert "Tỉnh đã phê duyệt" in page
    assert staff.post(reverse("reports:rating_reopen", args=[rating.pk])).status_code == 302
    assert ModelRating.objects.get(pk=rating.pk).status == "confirmed"


def test_another_types_rating_form_does_not_show_the_statutory_rule(teams, officer_a):
    page = login(officer_a).get(
        reverse("reports:rating_confirm", args=[teams["other"].pk]), {"year": 2025}
    )
    assert page.status_code == 200 and page.context["rule"] == ""
    assert {v for v, _ in page.context["form"].fields["rating"].choices} == {
        "",
        "good",
        "average",
        "weak",
    }


def test_the_page_refuses_a_team_under_nine_months(teams, officer_a):
    response = login(officer_a).post(
        reverse("reports:rating_confirm", args=[teams["new"].pk]),
        {"year": 2025, "rating": "done", "note": ""},
    )
    assert response.status_code == 422
    assert "chưa đủ 9 tháng" in response.content.decode()
    assert not ModelRating.objects.filter(model=teams["new"]).exists()


def test_outsiders_get_404(teams, officer_b, commune_a, staff_elsewhere):
    other = login(officer_b)
    assert other.get(reverse("reports:ratings"), {"commune": commune_a.pk}).status_code == 404
    confirm = reverse("reports:rating_confirm", args=[teams["busy"].pk])
    assert other.get(confirm).status_code == 404
    assert other.post(confirm, {"year": 2025, "rating": "done"}).status_code == 404
    rating = services.confirm_rating(model=teams["busy"], year=2025, rating="done")
    approve = reverse("reports:rating_approve", args=[rating.pk])
    assert login(staff_elsewhere).post(approve).status_code == 404
    assert ModelRating.objects.get(pk=rating.pk).status == "confirmed"


def test_province_staff_pick_a_commune(teams, province_staff, commune_a):
    staff = login(province_staff)
    first = staff.get(reverse("reports:ratings"))
    assert first.status_code == 200 and first.context["commune"] is None
    assert commune_a in first.context["communes"]
    chosen = staff.get(reverse("reports:ratings"), {"commune": commune_a.pk, "year": 2025})
    assert len(chosen.context["teams"]) == 3


@pytest.fixture
def rated(teams, province_staff):
    services.confirm_rating(model=teams["busy"], year=2025, rating="done_well")
    quiet = services.confirm_rating(model=teams["quiet"], year=2025, rating="not_done")
    services.approve_rating(user=province_staff, rating=quiet)
    services.confirm_rating(model=teams["other"], year=2025, rating="good")
    return teams


def test_dashboard_counts_the_ratings_by_scale(rated, officer_a, commune_a):
    figures = compute(officer_a, Scope(unit=commune_a), Period(D(2025, 1, 1), D(2025, 12, 31)))
    h = figures.headline
    assert h["rated_done_well"].value == 1 and h["rated_not_done"].value == 1
    assert h["rated_done"].value == 0 and h["rated_good"].value == 1
    assert h["not_eligible"].value == 1  # the team set up on 15/02/2025
    with translation.override("vi"):
        summary = {
            s["scale"]: {v["key"]: v["value"] for v in s["values"]} for s in rating_summary(figures)
        }
        duty = summary["Hoàn thành tốt / Hoàn thành / Không hoàn thành nhiệm vụ"]
        assert duty == {"done_well": 1, "done": 0, "not_done": 1, "unrated": 0, "not_eligible": 1}
        assert summary["Tốt / Trung bình / Yếu"]["good"] == 1
        charts = dashboard_charts(figures)["ratings"]["datasets"]
        assert {d["label"] for d in charts} >= {
            "Hoàn thành tốt nhiệm vụ",
            "Chưa đủ điều kiện xếp loại",
        }
    page = login(officer_a).get(
        reverse("reports:unit_dashboard", args=[commune_a.pk]),
        {"preset": "custom", "start": "01/01/2025", "end": "31/12/2025"},
    )
    assert page.status_code == 200
    assert 'data-rating="not_eligible">' in page.content.decode()


def test_the_review_report_words_the_statutory_ratings(rated, officer_a, commune_a):
    figures = compute(officer_a, Scope(unit=commune_a), Period(D(2025, 1, 1), D(2025, 12, 31)))
    text = _roles_and_ratings(figures, one=False)
    assert "Kết quả đánh giá, xếp loại năm 2025: 1 mô hình xếp loại Tốt." in text
    assert (
        "Kết quả xếp loại Tổ bảo vệ an ninh, trật tự ở cơ sở năm 2025 (từ 15/11/2024 đến "
        "14/11/2025): 1 Tổ hoàn thành tốt nhiệm vụ; 1 Tổ không hoàn thành nhiệm vụ; 1 Tổ chưa "
        "đủ điều kiện xếp loại (thành lập chưa đủ 09 tháng)." in text
    )
    one = compute(
        officer_a,
        Scope(unit=commune_a, model=rated["busy"]),
        Period(D(2025, 1, 1), D(2025, 12, 31)),
    )
    assert (
        "Kết quả xếp loại năm 2025 (từ 15/11/2024 đến 14/11/2025): Tổ hoàn thành tốt nhiệm vụ."
        in _roles_and_ratings(one, one=True)
    )


def test_a_rating_left_on_the_old_scale_counts_on_it_whatever_the_types_order(
    teams, officer_a, commune_a, statutory_type, patrol_type
):
    """A statutory team rated Tốt before its type moved to the statutory scale: the old rating
    counts under Tốt / Trung bình / Yếu, next to the patrol team's own, whichever type the
    dashboard lists first (the country's figures failed when the statutory type came first)."""
    ModelRating.objects.create(
        model=teams["busy"], year=2025, scale="grade", rating="good", status="confirmed"
    )
    services.confirm_rating(model=teams["other"], year=2025, rating="average")
    for first, second in [(statutory_type, patrol_type), (patrol_type, statutory_type)]:
        ModelType.objects.filter(pk=first.pk).update(sort_order=1)
        ModelType.objects.filter(pk=second.pk).update(sort_order=2)
        figures = compute(officer_a, Scope(unit=commune_a), Period(D(2025, 1, 1), D(2025, 12, 31)))
        grade = next(row for row in figures.ratings_by_scale if row.key == "grade")
        assert grade["good"].value == 1 and grade["average"].value == 1
        assert grade["unrated"].value == 0  # the patrol team is rated
        duty = next(row for row in figures.ratings_by_scale if row.key == "duty")
        assert duty["not_eligible"].value == 1 and duty["unrated"].value == 1  # "quiet"
