"""The award and proposal rules: each bad input gets a field-level Vietnamese message and
changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import ProgrammingError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from awards import services
from awards.models import Award, Proposal, ProposalStatus
from tests.conftest import login
from tests.factories import AwardFactory

TODAY = timezone.localdate


def _errors(award: Award) -> dict:
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        award.full_clean()
    return info.value.message_dict


def test_decision_date_not_in_the_future(model_a):
    award = AwardFactory.build(model=model_a, decision_date=TODAY() + datetime.timedelta(days=1))
    assert _errors(award)["decision_date"] == ["Ngày quyết định không được ở tương lai."]
    AwardFactory.build(model=model_a, decision_date=TODAY()).full_clean()


def test_an_individual_award_names_a_person(commune_a, person_a):
    registered = AwardFactory.build(recipient_kind="person", unit=commune_a)
    assert "Khen thưởng cá nhân phải ghi rõ người được khen" in _errors(registered)["person"][0]
    named = AwardFactory.build(recipient_kind="named_person", unit=commune_a, recipient_name=" ")
    errors = _errors(named)
    assert "hãy nhập họ và tên" in errors["recipient_name"][0]
    assert errors["recipient_unit"] == ["Nhập đơn vị công tác của cá nhân."]
    ok = AwardFactory.build(recipient_kind="person", person=person_a, unit=None)
    ok.full_clean()
    assert ok.unit == commune_a  # taken from the member
    assert not ok.is_collective and ok.recipient == "Trần Văn An"


def test_collective_kinds(commune_a, province, model_a):
    police = AwardFactory.build(recipient_kind="commune_police", unit=commune_a)
    police.full_clean()
    assert police.is_collective and police.recipient == "Công an Xã Hiệp Thạnh"
    at_province = AwardFactory.build(recipient_kind="commune_police", unit=province)
    assert "unit" in _errors(at_province)
    body = AwardFactory.build(recipient_kind="body", unit=province, recipient_name="")
    assert _errors(body)["recipient_name"] == ["Nhập tên tập thể được khen thưởng."]
    body.recipient_name = "Phòng Xây dựng phong trào toàn dân bảo vệ ANTQ"
    body.full_clean()
    mixed = AwardFactory.build(recipient_kind="body", unit=commune_a, recipient_name="X")
    mixed.model = model_a
    assert "model" in _errors(mixed)


def test_recipient_must_be_in_the_unit(commune_a, commune_b, model_a, registry_b):
    # The unit follows the model or member named, so a form cannot pair commune A with B's team.
    award = AwardFactory.build(model=registry_b["team"], unit=commune_a)
    award.full_clean()
    assert award.unit == commune_b


def test_other_form_and_issuer_are_named(model_a):
    award = AwardFactory.build(model=model_a, form="other", issuer="other")
    errors = _errors(award)
    assert errors["form_other"] == ["Ghi rõ hình thức khen thưởng."]
    assert errors["issuer_other"] == ["Ghi rõ cấp ký quyết định."]


def test_commune_chairman_commends_only_in_the_commune(province):
    award = AwardFactory.build(
        recipient_kind="body", unit=province, recipient_name="Phòng PV05", issuer="commune_chairman"
    )
    assert _errors(award)["issuer"] == ["Chủ tịch UBND xã chỉ khen thưởng đối tượng thuộc xã."]


def test_the_form_offers_only_recipients_in_scope(officer_a, secretary, model_a, registry_b):
    """A secretary of the province may record B's award; a form posted by someone whose
    scope is commune A cannot name B's team: 'not a valid choice', nothing saved."""
    from awards.forms import AwardEntryForm

    team_b = registry_b["team"]
    data = {
        "recipient_kind": "model",
        "unit": team_b.commune_id,
        "model": team_b.pk,
        "form": "certificate_of_merit",
        "issuer": "police_director",
        "decision_number": "1/QĐ",
        "decision_date": "2025-08-19",
        "reason": "Thành tích",
    }
    with translation.override("vi"):
        outsider = AwardEntryForm(data=data, user=officer_a)
        assert not outsider.is_valid()
        assert set(outsider.errors) >= {"unit", "model"}
    assert AwardEntryForm(data=data, user=secretary).is_valid()
    assert not Award.objects.exists()


def test_the_award_page_saves_with_a_vietnamese_error_first(secretary, model_a):
    client = login(secretary)
    data = {
        "recipient_kind": "model",
        "unit": model_a.commune_id,
        "model": model_a.pk,
        "form": "certificate_of_merit",
        "issuer": "police_director",
        "decision_number": "15/QĐ-CAT",
        "decision_date": (TODAY() + datetime.timedelta(days=3)).isoformat(),
        "reason": "Thành tích tuần tra",
    }
    response = client.post(reverse("awards:award_add"), data)
    assert response.status_code == 200
    assert "Ngày quyết định không được ở tương lai." in response.content.decode()
    assert not Award.objects.exists()
    data["decision_date"] = "2025-08-19"
    response = client.post(reverse("awards:award_add"), data)
    award = Award.objects.get()
    assert response.status_code == 302 and response.url == award.get_absolute_url()
    assert award.created_by == secretary and award.unit == model_a.commune


# --- proposals -----------------------------------------------------------------------------


def _proposal(commune, **kwargs) -> Proposal:
    values = {
        "commune": commune,
        "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 12, 31),
        "proposed_form": "certificate_of_merit",
        "proposed_issuer": "police_director",
        "reason": "Thành tích năm 2025",
        "achievements": "24 ca tuần tra",
    }
    return Proposal(**values | kwargs)


def test_a_proposal_names_recipients_of_its_commune(officer_a, commune_a, model_a, registry_b):
    with translation.override("vi"):
        with pytest.raises(ValidationError) as info:
            services.submit_proposal(user=officer_a, proposal=_proposal(commune_a))
        assert "Chọn ít nhất một" in info.value.message_dict["models"][0]
        with pytest.raises(ValidationError) as info:
            services.submit_proposal(
                user=officer_a, proposal=_proposal(commune_a), persons=[registry_b["person"]]
            )
        assert info.value.message_dict["persons"] == [
            "Thành viên phải thuộc xã của đối tượng được khen."
        ]
    assert not Proposal.objects.exists()


def test_a_proposal_is_decided_once(officer_a, province_staff, commune_a, model_a, person_a):
    proposal = services.submit_proposal(
        user=officer_a,
        proposal=_proposal(commune_a),
        models=[model_a],
        persons=[person_a],
        commune_police=True,
    )
    assert proposal.recipients.count() == 3
    awards = services.approve_proposal(
        user=province_staff,
        proposal=proposal,
        form="certificate_of_merit",
        issuer="police_director",
        decision_number="321/QĐ-CAT",
        decision_date=datetime.date(2026, 1, 15),
    )
    assert len(awards) == 3
    assert sorted(a.recipient_kind for a in Award.objects.all()) == [
        "commune_police",
        "model",
        "person",
    ]
    assert {a.proposal_id for a in Award.objects.all()} == {proposal.pk}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and proposal.decided_by == province_staff
    with translation.override("vi"):
        with pytest.raises(ValidationError, match="Đề nghị này đã được xét"):
            services.return_proposal(user=province_staff, proposal=proposal, comment="Thiếu hồ sơ")
        with pytest.raises(ValidationError, match="Đề nghị này đã được xét"):
            services.approve_proposal(
                user=province_staff,
                proposal=proposal,
                form="certificate_of_merit",
                issuer="police_director",
                decision_number="322/QĐ-CAT",
                decision_date=datetime.date(2026, 1, 16),
            )
    assert Award.objects.count() == 3
    # The database refuses any change to a decided proposal, whatever the path.
    with pytest.raises(ProgrammingError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(status="submitted", decided_at=None)


def test_an_approval_with_a_bad_decision_records_nothing(
    officer_a, province_staff, commune_a, model_a
):
    proposal = services.submit_proposal(
        user=officer_a, proposal=_proposal(commune_a), models=[model_a]
    )
    with pytest.raises(ValidationError) as info:
        services.approve_proposal(
            user=province_staff,
            proposal=proposal,
            form="certificate_of_merit",
            issuer="police_director",
            decision_number="1/QĐ",
            decision_date=TODAY() + datetime.timedelta(days=2),
        )
    assert "decision_date" in info.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and not Award.objects.exists()


def test_returning_needs_a_reason_and_keeps_the_history(
    officer_a, province_staff, commune_a, model_a
):
    from areas.base.history import history_of

    proposal = services.submit_proposal(
        user=officer_a, proposal=_proposal(commune_a), models=[model_a]
    )
    with pytest.raises(ValidationError):
        services.return_proposal(user=province_staff, proposal=proposal, comment="  ")
    services.return_proposal(
        user=province_staff, proposal=proposal, comment="Bổ sung số liệu tháng 12"
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert proposal.decision_comment == "Bổ sung số liệu tháng 12"
    with translation.override("vi"):
        entries = history_of(proposal)
        assert len(entries) == 2  # submitted, then returned
        changes = {str(label): (str(old), str(new)) for label, old, new in entries[0].changes}
    # Shown as people read them: the status by its label, the decider by name.
    assert changes["trạng thái"] == ("Chờ xét duyệt", "Đã trả lại")
    assert changes["người xét duyệt"] == ("None", str(province_staff))


def test_roles(officer_a, province_staff, secretary):
    assert officer_a.has_perm("awards.add_proposal")
    assert not officer_a.has_perm("awards.decide_proposal")
    assert not officer_a.has_perm("awards.add_award")
    assert province_staff.has_perm("awards.decide_proposal")
    assert province_staff.has_perm("awards.add_award")
    assert secretary.has_perm("awards.add_award")
    assert not secretary.has_perm("awards.decide_proposal")


def test_the_form_offers_units_in_force(secretary, province, commune_a):
    from awards.forms import AwardEntryForm
    from tests.factories import CommuneFactory

    old = CommuneFactory(
        parent=province, name="Xã Cũ", code="99999", valid_to=datetime.date(2025, 6, 30)
    )
    units = set(AwardEntryForm(user=secretary).fields["unit"].queryset)
    assert {province, commune_a} <= units and old not in units
    # An award recorded for a unit since replaced can still be edited.
    award = AwardFactory(
        recipient_kind="body",
        unit=old,
        recipient_name="Công an xã cũ",
        decision_date=datetime.date(2024, 8, 19),
    )
    assert old in set(AwardEntryForm(user=secretary, instance=award).fields["unit"].queryset)


def test_an_award_stays_in_its_recipients_commune(secretary, model_a, commune_b):
    """Whatever is posted (here a PATCH naming another commune), a model award's unit is its
    model's commune."""
    from rest_framework.test import APIClient

    award = AwardFactory(model=model_a)
    api = APIClient()
    api.force_authenticate(secretary)
    response = api.patch(
        reverse("award-detail", args=[award.pk]), {"unit": commune_b.pk}, format="json"
    )
    assert response.status_code == 200
    award.refresh_from_db()
    assert award.unit == model_a.commune
    award.unit = commune_b
    award.save()
    award.refresh_from_db()
    assert award.unit == model_a.commune


def test_a_recipient_named_twice_is_one(officer_a, commune_a, model_a, person_a):
    proposal = services.submit_proposal(
        user=officer_a,
        proposal=_proposal(commune_a),
        models=[model_a, model_a],
        persons=[person_a, person_a],
    )
    assert proposal.recipients.count() == 2


def test_a_recipient_deactivated_before_the_decision_is_not_commended(
    officer_a, province_staff, commune_a, model_a
):
    proposal = services.submit_proposal(
        user=officer_a, proposal=_proposal(commune_a), models=[model_a]
    )
    model_a.soft_delete()
    with translation.override("vi"), pytest.raises(ValidationError, match="đã ngừng sử dụng"):
        services.approve_proposal(
            user=province_staff,
            proposal=proposal,
            form="certificate_of_merit",
            issuer="police_director",
            decision_number="9/QĐ",
            decision_date=datetime.date(2026, 1, 2),
        )
    assert not Award.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_decided_proposals_offer_no_decision_and_pending_ones_come_first(
    officer_a, province_staff, commune_a, model_a
):
    # The pending one is the older: only the status puts it first.
    pending = services.submit_proposal(
        user=officer_a, proposal=_proposal(commune_a), models=[model_a]
    )
    decided = services.submit_proposal(
        user=officer_a, proposal=_proposal(commune_a), models=[model_a]
    )
    services.return_proposal(user=province_staff, proposal=decided, comment="Thiếu hồ sơ")
    client = login(province_staff)
    response = client.get(reverse("awards:proposal_approve", args=[decided.pk]))
    assert response.status_code == 302 and response.url == decided.get_absolute_url()
    html = client.get(reverse("awards:proposal_list")).content.decode()
    assert html.index(pending.get_absolute_url()) < html.index(decided.get_absolute_url())
