"""A commune officer proposes a commendation on a 360 px phone, with the achievements filled
from the figures; province staff approve it with their decision; the award shows on the
team's page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Award, Proposal
from models_registry.forms import person_label
from tests.e2e.conftest import sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team_with_a_shift(model_a, person_a, commune_a):
    from models_registry.models import Membership
    from patrols.models import Shift, ShiftParticipant

    Membership.objects.create(
        person=person_a, model=model_a, role="leader", joined_on=datetime.date(2024, 1, 1)
    )
    start = timezone.make_aware(datetime.datetime(timezone.localdate().year, 1, 2, 20))
    shift = Shift.objects.create(
        model=model_a,
        commune=commune_a,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        leader=person_a,
    )
    ShiftParticipant.objects.create(shift=shift, person=person_a)
    return model_a


def test_propose_then_approve(
    login_as, live_server, officer_a, province_staff, team_with_a_shift, person_a, settings
):
    team = team_with_a_shift
    page = login_as(officer_a)
    page.goto(f"{live_server.url}/registry/models/{team.pk}/")
    page.get_by_test_id("commendations").get_by_role("link", name="Đề nghị").click()

    # The team is ticked from its page and its achievements are filled at once; add its
    # leader and fill them again.
    expect(page.get_by_label("Tổ tuần tra Phi Nôm")).to_be_checked()
    expect(page.locator("#id_achievements")).to_contain_text("Tổ tuần tra Phi Nôm: 1 ca tuần tra")
    # Listed with year of birth and village, so namesakes are told apart.
    page.get_by_label("Thành viên").select_option(label=person_label(person_a))
    page.get_by_test_id("fill-achievements").click()
    achievements = page.locator("#id_achievements")
    expect(achievements).to_contain_text("Tổ tuần tra Phi Nôm: 1 ca tuần tra với 1 lượt")
    expect(achievements).to_contain_text("Trần Văn An: tham gia 1 ca tuần tra, chỉ huy 1 ca")
    page.get_by_label("Lý do").fill("Thành tích xuất sắc trong tuần tra đêm")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(settings.VAR_DIR / "e2e-proposal.png"), full_page=True)
    page.get_by_role("button", name="Gửi đề nghị").click()

    expect(page.get_by_test_id("status")).to_have_text("Chờ xét duyệt")
    proposal = Proposal.objects.get()
    assert proposal.recipients.count() == 2
    assert "chỉ huy 1 ca" in proposal.achievements

    sign_out(page)
    page = login_as(province_staff)
    page.goto(f"{live_server.url}/awards/proposals/")
    page.get_by_role("link", name="Đề nghị của Xã Hiệp Thạnh").click()
    page.get_by_role("link", name="Duyệt", exact=True).click()
    page.get_by_label("Số quyết định").fill("1502/QĐ-CAT-PV05")
    page.get_by_role("button", name="Duyệt đề nghị").click()

    expect(page.get_by_test_id("status")).to_have_text("Đã duyệt")
    expect(page.get_by_text("1502/QĐ-CAT-PV05").first).to_be_visible()
    assert Award.objects.filter(proposal=proposal).count() == 2
    page.screenshot(path=str(settings.VAR_DIR / "e2e-proposal-approved.png"), full_page=True)

    page.goto(f"{live_server.url}/registry/models/{team.pk}/")
    expect(page.get_by_test_id("commendations")).to_contain_text("Giấy khen")
    expect(page.get_by_test_id("commendations")).to_contain_text("1502/QĐ-CAT-PV05")
