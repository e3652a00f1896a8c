"""Commendations conferred at a review's conference: recorded with the review (the register
below knows nothing of reviews), decision by decision, inside the report's unit, at one review
only, until the report is issued; the report counts them."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import ConferredAward
from reports.reviews import document, services
from reports.statistics import Period
from tests.conftest import login, ready_version
from tests.factories import AwardFactory

D = datetime.date


@pytest.fixture
def province_review(secretary, province):
    return services.create_report(
        user=secretary,
        kind="final",
        unit=province,
        period=Period(D(2025, 1, 1), D(2025, 12, 31)),
        title="Tổng kết phong trào toàn tỉnh năm 2025",
    )


@pytest.fixture
def decision(model_a, person_a, commune_a, commune_b):
    """Decision 12/QĐ-UBND of 05/12/2025: team A, member A and B's police; and another."""
    common = {"decision_number": "12/QĐ-UBND", "decision_date": D(2025, 12, 5)}
    return {
        "team": AwardFactory(model=model_a, **common),
        "member": AwardFactory(recipient_kind="person", person=person_a, **common),
        "police_b": AwardFactory(recipient_kind="commune_police", unit=commune_b, **common),
        "other": AwardFactory(
            model=model_a, decision_number="7/QĐ-CAT", decision_date=D(2025, 8, 19)
        ),
    }


def test_a_decision_is_conferred_at_the_review_and_counted(province_review, decision, secretary):
    client = login(secretary)
    page = client.get(province_review.get_absolute_url()).content.decode()
    assert "12/QĐ-UBND" in page and "7/QĐ-CAT" in page  # offered, not yet conferred
    response = client.post(
        reverse("reports:report_awards", args=[province_review.pk]),
        {"decision": "2025-12-05|12/QĐ-UBND"},
    )
    assert response.status_code == 302
    linked = set(
        ConferredAward.objects.filter(report=province_review).values_list("award", flat=True)
    )
    assert linked == {decision["team"].pk, decision["member"].pk, decision["police_b"].pk}
    doc = document.build_document(province_review, secretary)
    assert "Tại Hội nghị, có 2 tập thể và 1 cá nhân có thành tích xuất sắc" in str(doc["sections"])
    # Withdrawn, it is no longer counted; the link's coming and going is in the history.
    client.post(
        reverse("reports:report_awards", args=[province_review.pk]),
        {"withdraw": "2025-12-05|12/QĐ-UBND"},
    )
    assert not ConferredAward.objects.filter(report=province_review).exists()
    assert "Tại Hội nghị" not in str(
        document.build_document(province_review, secretary)["sections"]
    )
    events = apps.get_model("reports", "ConferredAwardEvent")
    assert events.objects.filter(pgh_label="award.withdraw").count() == 3


def test_an_award_is_conferred_at_one_review_only(province_review, decision, secretary, commune_a):
    services.confer_decision(
        report=province_review, user=secretary, number="7/QĐ-CAT", day=D(2025, 8, 19)
    )
    commune_review = services.create_report(
        user=secretary, kind="final", unit=commune_a, period=Period(D(2025, 1, 1), D(2025, 12, 31))
    )
    offered = [d["number"] for d in services.decisions_to_confer(commune_review, secretary)]
    assert offered == ["12/QĐ-UBND"]
    with pytest.raises(services.ReviewError):
        services.confer_decision(
            report=commune_review, user=secretary, number="7/QĐ-CAT", day=D(2025, 8, 19)
        )


def test_a_commune_review_takes_only_its_communes_recipients(decision, officer_a, commune_a):
    review = services.create_report(
        user=officer_a, kind="final", unit=commune_a, period=Period(D(2025, 1, 1), D(2025, 12, 31))
    )
    services.confer_decision(report=review, user=officer_a, number="12/QĐ-UBND", day=D(2025, 12, 5))
    linked = set(ConferredAward.objects.filter(report=review).values_list("award", flat=True))
    assert linked == {decision["team"].pk, decision["member"].pk}  # not B's police
    with pytest.raises(ValidationError) as err:
        ConferredAward(report=review, award=decision["police_b"]).full_clean()
    assert "award" in err.value.message_dict


def test_an_issued_report_keeps_its_commendations(province_review, decision, secretary):
    services.confer_decision(
        report=province_review, user=secretary, number="7/QĐ-CAT", day=D(2025, 8, 19)
    )
    version = ready_version(province_review, secretary)
    services.issue_version(version=version, user=secretary)
    for action in (services.confer_decision, services.withdraw_decision):
        with pytest.raises(services.ReviewError):
            action(report=province_review, user=secretary, number="7/QĐ-CAT", day=D(2025, 8, 19))
    page = login(secretary).get(province_review.get_absolute_url()).content.decode()
    assert 'name="withdraw"' not in page and 'name="decision"' not in page


def test_the_award_page_names_no_review(decision, province_review, secretary):
    """The register sits below the reports: the review names its awards, not the reverse."""
    services.confer_decision(
        report=province_review, user=secretary, number="7/QĐ-CAT", day=D(2025, 8, 19)
    )
    page = login(secretary).get(decision["other"].get_absolute_url()).content.decode()
    assert "Tổng kết phong trào toàn tỉnh" not in page


def test_an_award_conferred_above_the_reader_is_not_offered_again(
    province_review, decision, secretary, officer_a, commune_a
):
    """The province's review took decision 7/QĐ-CAT; the commune officer cannot see that review,
    yet their own review must not offer the decision again."""
    services.confer_decision(
        report=province_review, user=secretary, number="7/QĐ-CAT", day=D(2025, 8, 19)
    )
    review = services.create_report(
        user=officer_a, kind="final", unit=commune_a, period=Period(D(2025, 1, 1), D(2025, 12, 31))
    )
    page = login(officer_a).get(review.get_absolute_url()).content.decode()
    assert "12/QĐ-UBND" in page and "7/QĐ-CAT" not in page
