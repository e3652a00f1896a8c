"""The statutory teams' rating in a real browser: the commune officer confirms the proposed
rating on a phone, province staff approve it, and the page shows it approved."""

import datetime

from models_registry.models import ModelRating, ModelType
from tests.e2e.conftest import sign_out
from tests.factories import GrassrootsModelFactory


def test_officer_confirms_and_province_approves(
    commune_a, officer_a, province_staff, live_server, page, login_as
):
    team = GrassrootsModelFactory(
        name="Tổ bảo vệ ANTT Phi Nôm",
        commune=commune_a,
        model_type=ModelType.objects.get(name="Tổ bảo vệ an ninh, trật tự ở cơ sở"),
        established_on=datetime.date(2024, 1, 1),
    )
    page.set_viewport_size({"width": 360, "height": 800})
    login_as(officer_a)
    page.goto(f"{live_server.url}/ratings/?year=2025")
    row = page.locator(f'tr[data-model="{team.pk}"]')
    # No shift in the year: the rule proposes "Không hoàn thành nhiệm vụ".
    assert row.locator("[data-proposed]").get_attribute("data-proposed") == "not_done"
    row.get_by_role("link", name="Xác nhận").click()
    page.locator("#id_rating").select_option("done")
    page.get_by_role("button", name="Xác nhận xếp loại").click()
    page.wait_for_url("**/ratings/?commune=*")
    assert (
        page.locator(f'tr[data-model="{team.pk}"] [data-status]').get_attribute("data-status")
        == "confirmed"
    )
    sign_out(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    login_as(province_staff)
    page.goto(f"{live_server.url}/ratings/?commune={commune_a.pk}&year=2025")
    page.locator(f'tr[data-model="{team.pk}"]').get_by_role("button", name="Duyệt").click()
    page.wait_for_url("**/ratings/?commune=*")
    assert "Tỉnh đã phê duyệt" in page.locator(f'tr[data-model="{team.pk}"]').inner_text()
    assert ModelRating.objects.get(model=team, year=2025).status == "approved"
