"""A secretary's review report in a real browser, rendered by a real worker: create, edit a
section, render, watch the progress, download the PDF and find the edit in it."""

import io

import pdfplumber
import pytest

from tests.reports.conftest import world  # noqa: F401  (the fixed province)
from tests.reports.test_review_worker import Worker, broker  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretary_creates_edits_renders_and_downloads(
    world,  # noqa: F811
    secretary,
    live_server,
    page,
    login_as,
    broker,  # noqa: F811
    tmp_path,
):
    from reports.models import ReviewReport

    worker = Worker(tmp_path, REPORT_RENDER_PAUSE=2).start()
    try:
        login_as(secretary)
        page.goto(f"{live_server.url}/reviews/new/")
        page.select_option("#id_kind", "final")
        page.select_option("#id_preset", "custom")
        page.fill("#id_start", "2025-01-01")
        page.fill("#id_end", "2025-12-31")
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_selector("[data-testid=render]")
        report = ReviewReport.objects.get()
        assert page.url.endswith(report.get_absolute_url())

        page.fill("#id_limitations", "Tổ tuần tra xã Tà Năng hoạt động chưa đều.")
        page.click("[data-testid=save]")
        page.wait_for_selector(".alert-success")

        page.click("[data-testid=render]")
        # The job's progress shows while the worker renders, polled through our own view …
        page.wait_for_selector("[data-testid=version] .progress", timeout=30_000)
        # … and turns into the download link when it is ready.
        page.wait_for_selector("[data-testid=download]", timeout=90_000)
        assert page.locator("[data-testid=status]").inner_text() == "Sẵn sàng"
        with page.expect_download() as info:
            page.click("[data-testid=download]")
        with open(info.value.path(), "rb") as f:
            content = f.read()
    finally:
        worker.stop()
    assert content.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Tổ tuần tra xã Tà Năng hoạt động chưa đều." in text
    assert "tổ chức 3 ca tuần tra với 4 lượt thành viên" in text
