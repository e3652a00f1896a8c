"""The yearly rating's rules: the scale and rating year each model type uses, the nine-month
rule of the statutory teams at its edge, the value held to its scale by the database, the
workflow (the commune confirms, the province approves or reopens) through the services, the
model's page and the API, with their messages in Vietnamese."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from models_registry import services
from models_registry.models import ModelRating, ModelType, RatingScale, RatingStatus, RatingYear
from models_registry.models.rating_rules import (
    is_eligible,
    last_established_to_rate,
    rating_period,
    rating_year_label,
    rating_year_of,
)
from tests.conftest import login
from tests.factories import GrassrootsModelFactory

D = datetime.date


@pytest.fixture
def statutory_type(db):
    return ModelType.objects.get(name="Tổ bảo vệ an ninh, trật tự ở cơ sở")


@pytest.fixture
def statutory_a(commune_a, statutory_type):
    return GrassrootsModelFactory(
        name="Tổ bảo vệ ANTT Phi Nôm",
        commune=commune_a,
        model_type=statutory_type,
        established_on=D(2024, 7, 1),
    )


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_seeded_types_say_their_scale_and_year(statutory_type, patrol_type):
    assert statutory_type.rating_scale == RatingScale.DUTY
    assert statutory_type.rating_year == RatingYear.STATUTORY
    assert patrol_type.rating_scale == RatingScale.GRADE
    assert patrol_type.rating_year == RatingYear.CALENDAR
    others = ModelType.objects.exclude(pk=statutory_type.pk)
    assert set(others.values_list("rating_scale", flat=True)) == {RatingScale.GRADE}


def test_rating_year_boundaries_14_and_15_november():
    kind = RatingYear.STATUTORY
    assert rating_period(kind, 2026) == (D(2025, 11, 15), D(2026, 11, 14))
    assert rating_year_of(kind, D(2026, 11, 14)) == 2026
    assert rating_year_of(kind, D(2026, 11, 15)) == 2027
    assert rating_year_of(kind, D(2025, 11, 15)) == 2026
    assert rating_year_of(RatingYear.CALENDAR, D(2026, 11, 15)) == 2026
    assert rating_period(RatingYear.CALENDAR, 2026) == (D(2026, 1, 1), D(2026, 12, 31))
    with translation.override("vi"):
        assert rating_year_label(kind, 2026) == "năm 2026 (15/11/2025 – 14/11/2026)"
        assert rating_year_label(RatingYear.CALENDAR, 2026) == "năm 2026"


def test_nine_months_at_the_edge():
    kind = RatingYear.STATUTORY
    assert last_established_to_rate(kind, 2026) == D(2026, 2, 14)
    assert is_eligible(kind, 2026, D(2026, 2, 14))  # exactly nine months: rated
    assert not is_eligible(kind, 2026, D(2026, 2, 15))  # a day short: not rated
    assert is_eligible(RatingYear.CALENDAR, 2026, D(2026, 12, 31))


def test_a_team_under_nine_months_is_refused_with_a_clear_message(commune_a, statutory_type):
    edge = GrassrootsModelFactory(
        commune=commune_a, model_type=statutory_type, established_on=D(2025, 2, 14)
    )
    short = GrassrootsModelFactory(
        commune=commune_a, model_type=statutory_type, established_on=D(2025, 2, 15)
    )
    assert services.confirm_rating(model=edge, year=2025, rating="done").status == "confirmed"
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        services.confirm_rating(model=short, year=2025, rating="done")
    assert err.value.message_dict["year"] == [
        "Tổ thành lập ngày 15/02/2025, chưa đủ 9 tháng tính đến khi kết thúc kỳ xếp loại "
        "năm 2025 (15/11/2024 – 14/11/2025) nên không xếp loại năm này."
    ]
    assert not ModelRating.objects.filter(model=short).exists()


def test_a_value_of_another_scale_is_refused(statutory_a, model_a):
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        services.confirm_rating(model=statutory_a, year=2025, rating="good")
    assert err.value.message_dict["rating"] == [
        "Hãy chọn một mức xếp loại của loại mô hình này: Hoàn thành tốt nhiệm vụ, "
        "Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ."
    ]
    with pytest.raises(ValidationError):
        services.confirm_rating(model=model_a, year=2025, rating="done_well")
    assert services.confirm_rating(model=model_a, year=2025, rating="good").scale == "grade"


def test_the_database_holds_the_value_to_its_scale(statutory_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelRating.objects.create(model=statutory_a, year=2025, scale="duty", rating="good")
    with pytest.raises(IntegrityError), transaction.atomic():
        ModelRating.objects.create(model=statutory_a, year=2025, scale="grade", rating="done")
    ModelRating.objects.create(model=statutory_a, year=2025, scale="duty", rating="done")


def test_confirm_makes_one_record_approve_makes_it_final_reopen_gives_it_back(
    statutory_a, province_staff
):
    first = services.confirm_rating(model=statutory_a, year=2025, rating="done", note=" Tốt ")
    again = services.confirm_rating(model=statutory_a, year=2025, rating="done_well")
    assert first.pk == again.pk and ModelRating.objects.filter(model=statutory_a).count() == 1
    assert again.note == "" and again.rating == "done_well"
    approved = services.approve_rating(user=province_staff, rating=again)
    assert approved.status == RatingStatus.APPROVED and approved.approved_by == province_staff
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        services.confirm_rating(model=statutory_a, year=2025, rating="done")
    assert "đã được tỉnh phê duyệt" in err.value.messages[0]
    with pytest.raises(ValidationError):
        services.approve_rating(user=province_staff, rating=approved)
    reopened = services.reopen_rating(rating=approved)
    assert reopened.status == RatingStatus.CONFIRMED and reopened.approved_at is None
    assert services.confirm_rating(model=statutory_a, year=2025, rating="done").rating == "done"
    with pytest.raises(ValidationError):
        services.reopen_rating(rating=reopened)


def test_a_legacy_rating_on_the_old_scale_takes_the_new_one_when_confirmed(statutory_a):
    old = ModelRating.objects.create(model=statutory_a, year=2025, scale="grade", rating="good")
    assert old.get_rating_display() == "Tốt"
    confirmed = services.confirm_rating(model=statutory_a, year=2025, rating="done")
    assert (confirmed.pk, confirmed.scale, confirmed.rating) == (old.pk, "duty", "done")


def test_the_models_page_offers_its_types_scale_and_refuses_an_approved_edit(
    statutory_a, officer_a, province_staff
):
    client = login(officer_a)
    page = client.get(statutory_a.get_absolute_url()).content.decode()
    assert 'value="done_well"' in page and 'value="good"' not in page
    url = reverse("registry:rating_add", args=[statutory_a.pk])
    response = client.post(url, {"year": 2025, "rating": "good"})
    assert response.status_code == 200 and not statutory_a.ratings.exists()
    assert client.post(url, {"year": 2025, "rating": "done"}).status_code == 302
    rating = statutory_a.ratings.get()
    services.approve_rating(user=province_staff, rating=rating)
    edit = reverse("registry:rating_edit", args=[rating.pk])
    response = client.post(edit, {"year": 2025, "rating": "not_done", "note": ""})
    assert response.status_code == 200
    assert "chỉ cán bộ Công an tỉnh mới có thể mở lại" in response.content.decode()
    assert ModelRating.objects.get(pk=rating.pk).rating == "done"


def test_api_exposes_scale_year_label_and_status_and_runs_the_workflow(
    statutory_a, officer_a, province_staff
):
    url = reverse("modelrating-list")
    response = api(officer_a).post(
        url, {"model": statutory_a.pk, "year": 2025, "rating": "done"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["scale"] == "duty" and body["status"] == "confirmed"
    assert body["year_label"] == "năm 2025 (15/11/2024 – 14/11/2025)"
    again = api(officer_a).post(
        url, {"model": statutory_a.pk, "year": 2025, "rating": "done_well"}, format="json"
    )
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    approve = reverse("modelrating-approve", args=[body["id"]])
    assert api(officer_a).post(approve).status_code == 403  # the commune does not approve
    answer = api(province_staff).post(approve)
    assert answer.status_code == 200 and answer.json()["status"] == "approved"
    refused = api(officer_a).post(
        url, {"model": statutory_a.pk, "year": 2025, "rating": "done"}, format="json"
    )
    assert refused.status_code == 400
    assert "đã được tỉnh phê duyệt" in refused.json()["non_field_errors"][0]
    reopen = reverse("modelrating-reopen", args=[body["id"]])
    assert api(province_staff).post(reopen).json()["status"] == "confirmed"
    wrong = api(officer_a).post(
        url, {"model": statutory_a.pk, "year": 2025, "rating": "good"}, format="json"
    )
    assert wrong.status_code == 400 and "Hoàn thành tốt nhiệm vụ" in wrong.json()["rating"][0]
    team = api(officer_a).get(reverse("grassrootsmodel-detail", args=[statutory_a.pk])).json()
    assert team["ratings"][0]["year_label"] == "năm 2025 (15/11/2024 – 14/11/2025)"


def test_api_refuses_a_team_under_nine_months(commune_a, statutory_type, officer_a):
    short = GrassrootsModelFactory(
        commune=commune_a, model_type=statutory_type, established_on=D(2025, 2, 15)
    )
    response = api(officer_a).post(
        reverse("modelrating-list"), {"model": short.pk, "year": 2025, "rating": "done"}
    )
    assert response.status_code == 400
    assert "chưa đủ 9 tháng" in response.json()["year"][0]


def test_the_outsider_cannot_confirm_for_another_commune(registry_b, officer_a):
    response = api(officer_a).post(
        reverse("modelrating-list"),
        {"model": registry_b["team"].pk, "year": 2024, "rating": "good"},
        format="json",
    )
    assert response.status_code == 400 and "model" in response.json()
    assert not ModelRating.objects.filter(model=registry_b["team"], year=2024).exists()
