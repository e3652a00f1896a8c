"""A commune officer on a 360 px phone registers a model and adds its first member."""

import pytest
from playwright.sync_api import expect

from models_registry.models import GrassrootsModel, Membership

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_creates_a_model_and_adds_a_member(
    login_as, live_server, officer_a, commune_a, village_a, settings
):
    page = login_as(officer_a)
    page.goto(f"{live_server.url}/registry/models/")
    page.get_by_role("link", name="Thêm").click()

    page.get_by_label("Tên").fill("Tổ tuần tra thôn Phi Nôm")
    page.get_by_label("Loại mô hình").select_option(label="Tổ tuần tra phòng, chống tội phạm")
    page.get_by_label("Thôn Phi Nôm").check()
    page.get_by_label("Ngày thành lập").fill("2022-03-01")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", name="Tổ tuần tra thôn Phi Nôm")).to_be_visible()
    model = GrassrootsModel.objects.get(name="Tổ tuần tra thôn Phi Nôm")
    assert model.commune_id == commune_a.pk and list(model.villages.all()) == [village_a]

    page.get_by_role("link", name="Thêm thành viên").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Hùng")
    page.get_by_label("Năm sinh").fill("1978")
    page.get_by_label("Vai trò").select_option("leader")
    page.get_by_label("Ngày tham gia").fill("2022-03-01")
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator("#member-list").get_by_role("link", name="Nguyễn Văn Hùng")).to_be_visible()
    expect(page.get_by_test_id("member-count")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    membership = Membership.objects.get(model=model)
    assert membership.role == "leader" and membership.person.commune_id == commune_a.pk
    page.screenshot(path=str(settings.VAR_DIR / "e2e-registry.png"), full_page=True)
