"""The signed copy of an issued version on a 360 px phone: the secretary attaches a digitally
signed PDF through the version's form; the version shows the generated PDF and the signed
copy with each signature's signer, time and integrity, under the production CSP."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from tests.reports import signing

pytestmark = pytest.mark.django_db(transaction=True)


def signed_twice() -> bytes:
    head = signing.sign(signing.plain_pdf("BAO CAO Tong ket"), signing.identity("Nguyễn Văn An"))
    return signing.sign(head, signing.identity("Văn thư Ban Chỉ đạo"), field="Signature2")


def test_secretary_attaches_a_signed_copy_and_reads_its_signatures(
    secretary, commune_a, live_server, page, login_as, tmp_path
):
    from reports.models import SignedCopy
    from reports.reviews import services
    from reports.statistics import Period
    from tests.conftest import ready_version

    report = services.create_report(
        user=secretary,
        kind="final",
        unit=commune_a,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        title="Tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025",
    )
    version = services.issue_version(version=ready_version(report, secretary), user=secretary)
    # Signed by the head, then by the committee's office: the first is extended, not changed.
    # (pyHanko's signing runs its own event loop: not in this thread, where Playwright's runs.)
    with ThreadPoolExecutor(max_workers=1) as pool:
        signed = pool.submit(signed_twice).result()
    path = tmp_path / "bao-cao-ky-so.pdf"
    path.write_bytes(signed)

    login_as(secretary)
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    form = page.locator("[data-testid=signed-copy-form]")
    form.locator("input[type=file]").set_input_files(str(path))
    form.get_by_role("button", name="Đính kèm bản ký").click()
    page.wait_for_selector("[data-testid=signature]")

    copy = SignedCopy.objects.get(version=version)
    assert [s["integrity"] for s in copy.signatures] == ["extended", "intact"]
    line = page.locator(f"#version-{version.pk}")
    assert line.get_by_text("Tải PDF").is_visible()  # the generated PDF
    assert line.locator("[data-testid=signed-download]").is_visible()
    signers = line.locator("[data-testid=signer]").all_inner_texts()
    assert signers == ["Nguyễn Văn An", "Văn thư Ban Chỉ đạo"]
    integrity = line.locator("[data-testid=integrity]").all_inner_texts()
    assert integrity[1] == "Nguyên vẹn: không bị sửa sau khi ký"
    assert line.locator("[data-testid=trust]").first.inner_text() == "chưa xác minh được chứng thư"
    # Nothing runs wider than the phone.
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)"
        ".map(e => e.tagName + '.' + e.className + ' ' + (e.dataset.testid || ''))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide
    line.scroll_into_view_if_needed()
    page.screenshot(path=str(settings.VAR_DIR / "e2e-signed-copy-360.png"), full_page=False)
    line.screenshot(path=str(settings.VAR_DIR / "e2e-signed-copy-version-360.png"))
