"""The review report as a document: its PDF read back (text, page size, margins, page numbers,
the embedded font) on the fixed province of conftest, whose figures are computed by hand."""

import datetime
import io
import re

import pdfplumber
import pytest

from reports.reviews import document as documents
from reports.reviews import rendering, wording
from reports.statistics import Period

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
MM = 72 / 25.4  # PDF points in a millimetre


@pytest.fixture
def report(province_final):
    return province_final(situation="Tình hình an ninh trật tự cơ bản ổn định.")


@pytest.fixture
def pdf(report, secretary):
    document = documents.build_document(report, secretary)
    content, pages = rendering.render_pdf(document)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        yield {
            "pages": pdf.pages,
            "count": pages,
            "text": "\n".join(page.extract_text() for page in pdf.pages),
            "document": document,
        }


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_prints_the_engines_figures(pdf):
    text = flat(pdf["text"])
    # Models and members (4 models, 4 members; comparison 4 models).
    assert (
        "có 4 mô hình phòng, chống tội phạm, tự quản về an ninh, trật tự với 4 thành viên" in text
    )
    assert "Có 2/3 xã, phường đã xây dựng mô hình; trong kỳ thành lập mới 1 mô hình." in text
    # Shifts crossing midnight count on their start day: 3 shifts, 4 turns (2024: 2 and 4).
    assert "tổ chức 3 ca tuần tra với 4 lượt thành viên tham gia (tăng 1 ca so với cùng kỳ" in text
    # Incidents: 4 against 3 the year before.
    assert "giải quyết 4 vụ việc (tăng 1 vụ so với cùng kỳ năm 2024)" in text
    assert "Quần chúng Nhân dân đã cung cấp 1 nguồn tin có giá trị" in text
    assert "Qua hệ thống camera an ninh đã phát hiện 1 vụ việc" in text
    assert "hòa giải thành 1 vụ" in text
    assert "có 2 mắt camera an ninh" in text
    # Nothing is said of what did not happen: no commendation in the period, no part 5.
    assert "khen thưởng" not in text.split("III. ĐÁNH GIÁ CHUNG")[0].split("II. KẾT QUẢ")[1]
    assert (
        " 0 " not in text.split("III. ĐÁNH GIÁ CHUNG")[0].split("II. KẾT QUẢ")[1].split("Bảng")[0]
    )
    # The tables and the appendix carry the same totals.
    assert "Bảng 2. Vụ việc theo loại" in text
    appendix = text.split("PHỤ LỤC")[1]
    assert "(Kèm theo Báo cáo số 12/BC-BCĐ ngày 05/01/2026)" in appendix
    # Xã Tà Năng has no model and no activity: one line for it, not a row of zeros.
    assert "Xã Tà Năng" not in appendix and "Còn 1 xã, phường chưa có mô hình." in appendix
    # The comparison column is headed by the engine's short label.
    assert "Trong kỳ Cùng kỳ 2024" in text


def test_the_pdf_has_the_official_header_and_closing(pdf):
    text = flat(pdf["text"])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 12/BC-BCĐ" in text
    assert "Lâm Đồng, ngày 05 tháng 01 năm 2026" in text
    assert "BÁO CÁO" in text
    assert "Tổng kết năm 2025 công tác phòng, chống tội phạm" in text
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH Tình hình an ninh trật tự cơ bản ổn định." in text
    for heading in ["II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ"]:
        assert heading in text
    assert "V. ĐỀ XUẤT, KIẾN NGHỊ" in text
    assert "Nơi nhận:" in text and "- Lưu: VT" in text
    assert "TM. BAN CHỈ ĐẠO" in text and "TRƯỞNG BAN" in text and "Nguyễn Văn Bình" in text


def test_a4_margins_page_numbers_and_embedded_font(pdf):
    pages = pdf["pages"]
    assert pdf["count"] == len(pages) >= 2
    for page in pages:
        assert (round(page.width, 1), round(page.height, 1)) == (595.3, 841.9)  # A4
    body = [c for page in pages for c in page.chars]
    # Left 30 mm, right 15 mm: no text outside (table borders sit on the margin).
    assert min(c["x0"] for c in body) >= 30 * MM - 0.5
    assert max(c["x1"] for c in body) <= page.width - 15 * MM + 0.5
    # Top and bottom 20 mm for the body; the page number sits in the top margin.
    first = pages[0]
    assert min(c["top"] for c in first.chars) >= 20 * MM - 0.5
    assert max(c["bottom"] for page in pages for c in page.chars) <= page.height - 20 * MM + 0.5
    for number, page in enumerate(pages[1:], 2):
        in_margin = [c for c in page.chars if c["top"] < 20 * MM]
        assert "".join(c["text"] for c in in_margin) == str(number)
        centre = (in_margin[0]["x0"] + in_margin[-1]["x1"]) / 2
        assert abs(centre - (30 * MM + (page.width - 15 * MM)) / 2) < 3
    assert not [c for c in first.chars if c["top"] < 20 * MM]  # no number on page 1
    # Every glyph is from the embedded Liberation Serif (Times metrics), Vietnamese included.
    assert {c["fontname"].split("+")[-1] for c in body} <= {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }
    assert all("+" in c["fontname"] for c in body)  # subset-embedded, not the machine's


def test_the_snapshot_prints_the_same_after_the_data_changed(report, secretary, pdf):
    from patrols.models import Shift

    document = pdf["document"]
    for shift in Shift.objects.all():
        shift.soft_delete()
    again, _pages = rendering.render_pdf(document)
    with pdfplumber.open(io.BytesIO(again)) as reread:
        text = flat("\n".join(p.extract_text() for p in reread.pages))
    assert "tổ chức 3 ca tuần tra với 4 lượt thành viên" in text
    fresh = flat(str(documents.build_document(report, secretary)["sections"][1]))
    assert "ca tuần tra" not in fresh  # no shift left in the period: nothing said of them


def test_date_line_pads_days_below_ten_and_only_january_and_february():
    d = datetime.date
    assert (
        wording.date_line("Lâm Đồng", d(2026, 12, 5), 2026) == "Lâm Đồng, ngày 05 tháng 12 năm 2026"
    )
    assert (
        wording.date_line("Lâm Đồng", d(2026, 2, 15), 2026) == "Lâm Đồng, ngày 15 tháng 02 năm 2026"
    )
    assert (
        wording.date_line("Lâm Đồng", d(2026, 3, 1), 2026) == "Lâm Đồng, ngày 01 tháng 3 năm 2026"
    )
    assert "ngày\u00a0" in wording.date_line("Lâm Đồng", None, 2026)


def test_a_notable_change_gets_its_sentence_with_the_engines_label():
    from django.utils import translation

    from reports.statistics import Comparison, Stat
    from reports.statistics.periods import comparison_period

    class Model:
        established_on = datetime.date(2023, 1, 1)

    two_years = Period(datetime.date(2023, 1, 1), datetime.date(2024, 12, 31))
    before = comparison_period(two_years, Comparison.BEFORE_ESTABLISHED, Model())
    with translation.override("vi"):  # as build_document words it
        year = comparison_period(YEAR).label
        assert year == "so với cùng kỳ năm 2024"
        assert comparison_period(two_years).label == "so với 02 năm trước đó"
        assert before.label == "so với 02 năm trước khi thành lập mô hình"
    thefts = [("số vụ trộm cắp nông sản", Stat(4, 10, "incident"), "vụ")]
    assert wording.change_sentences(thefts, year, fall_is_good=True) == [
        "Kéo giảm 60% số vụ trộm cắp nông sản so với cùng kỳ năm 2024 (từ 10 vụ xuống còn 4 vụ)."
    ]
    # A fall that is not good news is said plainly; a noun the subject names is not repeated.
    tips = [("số nguồn tin có giá trị", Stat(15, 20, ""), "")]
    assert wording.change_sentences(tips, year) == [
        "Số nguồn tin có giá trị giảm 5 (25%) so với cùng kỳ năm 2024."
    ]
    # Each subject may say whether its fall is an achievement: fewer wanted persons found is not.
    mixed = [
        ("số vụ trộm cắp nông sản", Stat(4, 10, "incident"), "vụ", True),
        ("số vụ đối tượng truy nã", Stat(4, 10, "incident"), "vụ", False),
    ]
    assert wording.change_sentences(mixed, year, fall_is_good=True) == [
        "Kéo giảm 60% số vụ trộm cắp nông sản so với cùng kỳ năm 2024 (từ 10 vụ xuống còn 4 vụ).",
        "Số vụ đối tượng truy nã giảm 6 vụ (60%) so với cùng kỳ năm 2024.",
    ]
    # Under the threshold (fewer than 3 cases, or under 20%): no sentence of its own.
    small = [("số vụ ma túy", Stat(3, 1, "incident"), "vụ"), ("số vụ x", Stat(40, 36, ""), "vụ")]
    assert wording.change_sentences(small, year) == []
    assert wording.change_sentences([("số vụ cờ bạc", Stat(5, 0, "incident"), "vụ")], year) == [
        "Số vụ cờ bạc tăng 5 vụ so với cùng kỳ năm 2024."
    ]
    # Two figures worded once each, without repeating a word.
    shifts, turns = Stat(371, 300, "shift"), Stat(1684, 1365, "turn")
    assert (
        wording.changes_phrase([shifts, turns], nouns=["ca", "lượt thành viên"])
        == "tăng 71 ca và 319 lượt thành viên"
    )
    assert wording.changes_phrase([Stat(5, 5, "shift")]) == ""


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "http://127.0.0.1:8000/", "https://example.com/x.css", "ftp://x/y"],
)
def test_the_renderer_fetches_only_our_static_files(url):
    fetcher = rendering.StaticOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    font = (rendering.STATIC_DIR / "fonts" / "LiberationSerif-Regular.ttf").as_uri()
    assert fetcher.fetch(font) is not None


def test_the_pdf_prints_the_commendations(world_awards, report, secretary, commune_a):
    """The seeds' sentence and the table of commendations, from the engine's figures; the awards conferred at this
    review in their own sentence."""
    from reports.models import ConferredAward
    from tests.factories import AwardFactory

    award = AwardFactory(
        recipient_kind="commune_police",
        unit=commune_a,
        issuer="province_chairman",
        decision_date=datetime.date(2026, 1, 6),
    )
    ConferredAward.objects.create(report=report, award=award)
    document = documents.build_document(report, secretary)
    content, _pages = rendering.render_pdf(document)
    with pdfplumber.open(io.BytesIO(content)) as opened:
        text = flat("\n".join(page.extract_text() for page in opened.pages))
    assert (
        "Với những thành tích trên, trong kỳ các cấp đã kịp thời khen thưởng, động viên cho "
        "3 tập thể, 2 cá nhân, trong đó Bộ trưởng Bộ Công an khen thưởng cho 1 tập thể và "
        "1 cá nhân; Chủ tịch UBND tỉnh khen thưởng cho 1 tập thể; Giám đốc Công an tỉnh khen "
        "thưởng cho 1 tập thể và 1 cá nhân." in text
    )
    # 3 collectives against 1: under the threshold of a sentence (a change of 3 or more).
    assert "Số tập thể được khen thưởng tăng" not in text
    assert "Tại Hội nghị, có 1 tập thể có thành tích xuất sắc được biểu dương, khen thưởng." in text
    assert re.search(r"Bảng \d\. Khen thưởng trong kỳ", text)
    assert "– Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” 0 1" in text
    assert "– Giấy khen 1 1" in text
    assert "Tổng cộng 3 2" in text
    assert "chưa có khen thưởng" not in text


def test_every_item_is_worded_and_tabled_once():
    """The items are listed once (``ItemCounts.ITEM_UNITS``); the report words each with its
    measure word and tables it: a new item without its phrases fails here."""
    from patrols.models import ItemCounts
    from reports.reviews import phrases

    fields = set(ItemCounts.ITEM_FIELDS)
    assert set(phrases.ITEMS) == fields and set(phrases.ITEM_ROWS) == fields
    assert set(phrases.HANDED_IN) <= fields


def test_a_prompt_left_in_the_header_or_the_signature_is_found():
    from reports.reviews.checks import prompts_left

    doc = {
        "header": {"title": "Báo cáo", "issuing_body": "BAN CHỈ ĐẠO [TÊN ĐƠN VỊ]"},
        "sections": [{"paragraphs": ["Đã xong."], "parts": []}],
        "closing": {"recipients": ["Lưu: VT."], "signer_title": "[Chức vụ]", "signer_name": ""},
    }
    assert prompts_left(doc) == ["[TÊN ĐƠN VỊ]", "[Chức vụ]"]
