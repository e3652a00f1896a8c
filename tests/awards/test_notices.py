"""A decided proposal tells its proposer — and no one else — through the page as through the
service, once; a refused decision tells no one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import Notification
from awards import services
from awards.models import Proposal
from tests.conftest import login


@pytest.fixture
def proposal(officer_a, commune_a, model_a):
    return services.submit_proposal(
        user=officer_a,
        proposal=Proposal(
            commune=commune_a,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            proposed_form="certificate_of_merit",
            proposed_issuer="police_director",
            reason="Thành tích năm 2025",
            achievements="24 ca tuần tra",
        ),
        models=[model_a],
    )


def proposed_on(proposal) -> str:
    return formats.date_format(timezone.localtime(proposal.created_at), "d/m/Y")


def test_an_approval_tells_the_proposer_only(
    proposal, officer_a, officer_b, province_staff, secretary
):
    response = login(province_staff).post(
        reverse("awards:proposal_approve", args=[proposal.pk]),
        {
            "form": "certificate_of_merit",
            "issuer": "police_director",
            "decision_number": "321/QĐ-CAT",
            "decision_date": "15/01/2026",
            "comment": "Đề nghị được chấp thuận.",
        },
    )
    assert response.status_code == 302
    note = Notification.objects.get()
    assert note.recipient == officer_a and note.kind == "proposal_decided"
    assert note.title == (
        f"Đề nghị khen thưởng ngày {proposed_on(proposal)} của Xã Hiệp Thạnh đã được duyệt."
    )
    assert note.body == "Quyết định số 321/QĐ-CAT ngày 15/01/2026.\nĐề nghị được chấp thuận."
    assert note.link == proposal.get_absolute_url()
    # The proposer sees it under their bell and reaches the proposal from it.
    client = login(officer_a)
    html = client.get(note.get_absolute_url()).content.decode()
    assert f'href="{proposal.get_absolute_url()}"' in html


def test_a_return_tells_the_proposer_why(proposal, officer_a, province_staff):
    services.return_proposal(user=province_staff, proposal=proposal, comment="Thiếu hồ sơ")
    note = Notification.objects.get()
    assert note.recipient == officer_a
    assert note.title.endswith("của Xã Hiệp Thạnh đã bị trả lại.")
    assert note.body == "Thiếu hồ sơ"


def test_a_refused_decision_tells_no_one(proposal, province_staff):
    with pytest.raises(ValidationError):
        services.return_proposal(user=province_staff, proposal=proposal, comment=" ")
    with pytest.raises(ValidationError):
        services.approve_proposal(
            user=province_staff,
            proposal=proposal,
            form="other",
            issuer="police_director",
            decision_number="",
            decision_date=datetime.date(2026, 1, 15),
        )
    assert not Notification.objects.exists()
