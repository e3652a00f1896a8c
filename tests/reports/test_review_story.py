"""A review report a committee can sign as printed, on a fixed story: in Xã Hiệp Thạnh a
patrol team is set up on 01/03/2025, and the commune's farm-produce thefts fall from 10 in 2024
to 4 in 2025. The PDF is rendered and its text read as the committee would."""

import datetime
import io
import re

import pdfplumber
import pytest
from django.urls import reverse

from reports.reviews import checks, document, rendering, services
from reports.statistics import Period
from tests.conftest import complete, login, ready_version
from tests.factories import (
    AwardFactory,
    CommuneFactory,
    GrassrootsModelFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.reports.conftest import at

D = datetime.date
YEAR = Period(D(2025, 1, 1), D(2025, 12, 31))
ZERO_SENTENCE = re.compile(
    r"(?<![\d.,])0 (?:tin|nguồn|vụ|ca|mắt|lượt|tập thể|cá nhân|khẩu|kg|gam|chiếc|mô hình|"
    r"thành viên|quả|công cụ)"
)


@pytest.fixture
def story(province, commune_a, patrol_type):
    from models_registry.models import ModelType
    from patrols.models import Incident, IncidentCategory

    selfman_type = ModelType.objects.get(name="Tổ tự quản")
    group = GrassrootsModelFactory(
        name="Tổ tự quản thôn 1",
        commune=commune_a,
        model_type=selfman_type,
        established_on=D(2020, 1, 1),
    )
    team = GrassrootsModelFactory(
        name="Tổ tuần tra bảo vệ nông sản",
        commune=commune_a,
        model_type=patrol_type,
        established_on=D(2025, 3, 1),
    )
    farm = IncidentCategory.objects.get(code="theft_farm_produce")

    def theft(model, when):
        Incident.objects.create(
            model=model,
            commune=commune_a,
            occurred_at=when,
            category=farm,
            outcome="handed_to_police",
            detected_by="patrol",
        )

    for month in range(1, 11):
        theft(group, at(2024, month, 10, 22))
    for month in (1, 2):
        theft(group, at(2025, month, 10, 22))
    for month in (6, 9):
        theft(team, at(2025, month, 10, 22))
    # Members of the team on 19/08/2025, the day of its commendations; one who had left.
    people = [PersonFactory(full_name=f"Người {i}", commune=commune_a) for i in range(5)]
    for person in people[:3]:
        MembershipFactory(person=person, model=team, joined_on=D(2025, 3, 1))
    MembershipFactory(person=people[3], model=team, joined_on=D(2025, 3, 1), left_on=D(2025, 6, 1))
    decision = {"decision_number": "77/QĐ-CAT", "decision_date": D(2025, 8, 19)}
    AwardFactory(model=team, **decision)
    for person in people:  # people[3] had left; people[4] was never a member
        AwardFactory(recipient_kind="person", person=person, **decision)
    # Communes whose names test the order of the appendix: Bắc < Bình, D < Đ.
    for name in ("Xã Đức An", "Xã Bình Thuận", "Xã Dran", "Xã Bắc Ái"):
        GrassrootsModelFactory(
            commune=CommuneFactory(parent=province, name=name), model_type=selfman_type
        )
    CommuneFactory(parent=province, name="Xã Tà Năng")  # nothing: one line for the rest
    return {"team": team, "group": group}


def pdf_text(doc) -> str:
    content, _pages = rendering.render_pdf(doc)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join(p.extract_text() for p in pdf.pages).split())


def section_two(text: str) -> str:
    return text.split("II. KẾT QUẢ THỰC HIỆN")[1].split("III. ĐÁNH GIÁ CHUNG")[0]


def test_the_commune_report_says_the_fall_as_the_seeds_do(story, officer_a, commune_a):
    report = services.create_report(user=officer_a, kind="final", unit=commune_a, period=YEAR)
    complete(report)
    text = pdf_text(document.build_document(report, officer_a))
    results = section_two(text)
    assert (
        "Kéo giảm 60% số vụ trộm cắp nông sản so với cùng kỳ năm 2024 (từ 10 vụ xuống còn 4 vụ)."
        in results
    )
    assert not ZERO_SENTENCE.search(results.split("Bảng")[0]), ZERO_SENTENCE.search(results)
    # Nor in any part of section II (the tables' cells aside).
    paragraphs = " ".join(
        paragraph
        for part in document.build_document(report, officer_a)["sections"][1]["parts"]
        for paragraph in part["paragraphs"]
    )
    assert paragraphs and not ZERO_SENTENCE.search(paragraphs), ZERO_SENTENCE.search(paragraphs)
    assert "tin báo" not in results and "camera" not in results  # nothing happened there
    # A commune committee dates its report with its own name (Nghị định 30/2020).
    assert "Hiệp Thạnh, ngày 20 tháng 11 năm 2026" in text
    assert "Lâm Đồng, ngày" not in text


def test_no_empty_table_and_the_tables_are_numbered_in_order(story, officer_a, commune_a):
    report = services.create_report(user=officer_a, kind="final", unit=commune_a, period=YEAR)
    doc = document.build_document(report, officer_a)
    parts = doc["sections"][1]["parts"]
    tables = [t for p in parts for t in p["tables"]]
    assert tables and all(t["rows"] for t in tables)
    assert [t["caption"].split(".")[0] for t in tables] == [
        f"Bảng {i}" for i in range(1, len(tables) + 1)
    ]
    assert [p["heading"].split(".")[0] for p in parts] == [str(i) for i in range(1, len(parts) + 1)]
    # No camera in the commune, no commendation part left empty.
    assert "cameras" not in [p["key"] for p in parts]


def test_the_appendix_lists_the_active_communes_in_vietnamese_order(story, secretary, province):
    report = services.create_report(user=secretary, kind="final", unit=province, period=YEAR)
    complete(report)
    appendix = document.build_document(report, secretary)["appendix"]
    names = [row[1] for row in appendix["rows"]]
    assert names == ["Xã Bắc Ái", "Xã Bình Thuận", "Xã Dran", "Xã Đức An", "Xã Hiệp Thạnh"]
    assert appendix["total"][1] == "Tổng cộng"
    assert appendix["subtitle"] == "(Kèm theo Báo cáo số 12/BC-BCĐ ngày 20/11/2026)"
    assert "Còn 1 xã, phường chưa có mô hình." in appendix["note"]


def test_a_teams_report_counts_the_awards_to_its_members(story, officer_a, commune_a):
    report = services.create_report(
        user=officer_a,
        kind="interim",
        unit=commune_a,
        model=story["team"],
        period=Period(D(2025, 3, 1), D(2026, 2, 28)),
    )
    results = section_two(pdf_text(document.build_document(report, officer_a)))
    assert "khen thưởng, động viên cho 1 tập thể, 3 cá nhân" in results
    # One model: worded in the singular, compared with the time before it was set up.
    assert "Các mô hình" not in results and "Mô hình “Tổ tuần tra bảo vệ nông sản”" in results
    assert "trước khi thành lập mô hình" in results


def test_issuing_is_refused_while_a_prompt_is_left(story, officer_a, commune_a):
    report = services.create_report(user=officer_a, kind="final", unit=commune_a, period=YEAR)
    version = ready_version(report, officer_a, issuable=False)  # as drafted: prompts, no number
    problems = " ".join(services.issue_problems(version))
    assert "[Nêu" in problems and "số" in problems.lower()
    client = login(officer_a)
    page = client.get(reverse("reports:version_issue", args=[version.pk])).content.decode()
    assert 'data-testid="problems"' in page and 'data-testid="issue"' not in page
    response = client.post(reverse("reports:version_issue", args=[version.pk]), {"issue": "1"})
    assert response.status_code == 422
    version.refresh_from_db()
    assert not version.is_issued


def test_an_edited_number_is_flagged_and_must_be_confirmed(story, officer_a, commune_a):
    report = services.create_report(user=officer_a, kind="final", unit=commune_a, period=YEAR)
    client = login(officer_a)
    page = client.get(report.get_absolute_url())
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    generated = data["results_incidents"]
    assert "giải quyết 4 vụ việc" in generated
    # The secretary rewrites part 3 with a number the engine never computed (5 thefts),
    # keeping a date, a year and a decision number, which are not figures.
    data["results_incidents"] = (
        "Ngày 10/6/2025, các mô hình đã phát hiện, phối hợp giải quyết 17 vụ trộm cắp nông sản, "
        "kéo giảm 60% so với năm 2024 theo Quyết định số 77/QĐ-CAT."
    )
    assert client.post(report.get_absolute_url(), data).status_code == 302
    report.refresh_from_db()
    assert list(report.results_edits) == ["incidents"]
    version = ready_version(report, officer_a)
    flagged = services.unconfirmed_numbers(version)
    assert [n["number"] for n in flagged] == ["17"]
    # The report's page says so on the version's line, with the way to confirm it.
    html = client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="unconfirmed"' in html and "1 số liệu trong phần viết lại" in html
    assert any("number" in p or "số" in p for p in services.issue_problems(version))
    with pytest.raises(services.ReviewError):
        services.issue_version(version=version, user=officer_a)
    # Confirmed on the issuing page, it can be issued.
    url = reverse("reports:version_issue", args=[version.pk])
    client.post(url, {"confirm": "1", "number": [flagged[0]["key"]]})
    version.refresh_from_db()
    assert services.issue_problems(version) == []
    assert 'data-testid="unconfirmed"' not in client.get(report.get_absolute_url()).content.decode()
    assert client.post(url, {"issue": "1"}).status_code == 302
    version.refresh_from_db()
    assert version.is_issued


def test_a_part_goes_back_to_the_generated_text(story, officer_a, commune_a):
    report = services.create_report(user=officer_a, kind="final", unit=commune_a, period=YEAR)
    report.results_edits = {"patrols": "Đã tổ chức nhiều ca tuần tra."}  # none in figures
    report.save()
    client = login(officer_a)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="edited"' in page
    response = client.post(report.get_absolute_url(), {"restore": "patrols"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.results_edits == {}


def test_saving_an_unchanged_report_records_no_change(story, officer_a, commune_a):
    """A textarea posts "\r\n"; the page must not record a change of Nơi nhận where none was
    made, nor keep a generated part as "rewritten"."""
    from pghistory.models import Events

    report = services.create_report(user=officer_a, kind="final", unit=commune_a, period=YEAR)
    client = login(officer_a)
    form = client.get(report.get_absolute_url()).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else str(v).replace("\n", "\r\n")) for k, v in data.items()}
    before = Events.objects.tracks(report).count()
    assert client.post(report.get_absolute_url(), data).status_code == 302
    report.refresh_from_db()
    assert report.results_edits == {}
    events = Events.objects.tracks(report).order_by("pgh_created_at")
    assert events.count() == before, events.last().pgh_diff


def test_numbers_that_are_not_figures_are_not_checked():
    found = checks.figure_numbers(
        "Ngày 05/12/2026, theo Quyết định số 12/QĐ-UBND và Nghị định 30/2020/NĐ-CP, năm 2025 "
        "(Bảng 2) đã tổ chức 1.684 lượt, kéo giảm 60,5% số vụ."
    )
    assert [written for written, _value, _at in found] == ["1.684", "60,5"]


def test_a_part_saved_as_shown_keeps_following_the_figures(story, officer_a, commune_a):
    """A shift logged while the page was open changes the generated text: the part posted
    back as it was shown is not taken for a rewrite."""
    from patrols.models import Shift

    report = services.create_report(user=officer_a, kind="final", unit=commune_a, period=YEAR)
    client = login(officer_a)
    form = client.get(report.get_absolute_url()).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    Shift.objects.create(
        model=story["team"],
        commune=commune_a,
        starts_at=at(2025, 7, 1, 20),
        ends_at=at(2025, 7, 1, 23),
    )
    assert client.post(report.get_absolute_url(), data).status_code == 302
    report.refresh_from_db()
    assert report.results_edits == {}


def test_a_teams_report_compares_its_commune_before_and_after_it_was_set_up(
    story, officer_a, commune_a
):
    """Before it was set up the team had no incidents: its report compares the commune's
    incidents in both periods (like with like), and says the team's own apart. Here the older
    group records two more thefts after the team's set-up, so the commune's 10 fall to 4 while
    the team itself found 2."""
    from patrols.models import Incident, IncidentCategory

    for month in (4, 5):
        Incident.objects.create(
            model=story["group"],
            commune=commune_a,
            occurred_at=at(2025, month, 10, 22),
            category=IncidentCategory.objects.get(code="theft_farm_produce"),
            outcome="handed_to_police",
            detected_by="patrol",
        )
    report = services.create_report(
        user=officer_a,
        kind="interim",
        unit=commune_a,
        model=story["team"],
        period=Period(D(2025, 3, 1), D(2026, 2, 28)),
    )
    doc = document.build_document(report, officer_a)
    results = section_two(pdf_text(doc))
    assert "Qua hoạt động, mô hình đã phát hiện, phối hợp giải quyết 2 vụ việc." in results
    assert "Trên địa bàn xã Hiệp Thạnh, trong kỳ đã ghi nhận 4 vụ việc" in results
    assert re.search(
        r"Kéo giảm 60% số vụ trộm cắp nông sản so với \d+ (năm|tháng|ngày) trước khi thành lập "
        r"mô hình \(từ 10 vụ xuống còn 4 vụ\)\.",
        results,
    ), results
    tables = [t for p in doc["sections"][1]["parts"] for t in p["tables"]]
    assert any("Vụ việc theo loại trên địa bàn xã Hiệp Thạnh" in t["caption"] for t in tables)


@pytest.mark.parametrize(
    "body",
    [
        "Ban Chỉ đạo phòng, chống tội phạm và xây dựng phong trào toàn dân bảo vệ ANTQ xã "
        "Hiệp Thạnh",
        "Ban Chỉ đạo 138 xã Hiệp Thạnh",
    ],
)
def test_the_header_takes_the_lines_the_check_counts(story, officer_a, commune_a, body):
    """The issuing body is measured in the font the PDF prints it in: the lines the check
    counts (four at most to issue) are the lines on the page; "BẢO VỆ" never splits."""
    from reports.reviews.wording import header_lines

    report = services.create_report(user=officer_a, kind="final", unit=commune_a, period=YEAR)
    report.issuing_body = body
    report.save()
    doc = document.build_document(report, officer_a)
    content, _pages = rendering.render_pdf(doc)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[0]
        block = page.crop((0, 0, page.width * 0.45, page.height * 0.25)).extract_text()
    lines = block.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("BAN"))
    printed = lines[first : next(i for i, line in enumerate(lines) if line.startswith("Số:"))]
    assert len(printed) == header_lines(doc["header"]["issuing_body"]), printed
    assert not any(line.endswith("BẢO") for line in printed)
