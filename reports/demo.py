"""The demo's review reports, as a committee's office has them: last year's annual tổng kết of
the province, written, rendered (its PDF made inline) and issued, with the provincial
chairman's year-end decision conferred at its conference; and this half-year's sơ kết, drafted
and waiting for the secretary. Made through the reviews' services; each once."""

from __future__ import annotations

import datetime

from accounts.models import User
from areas.demo import Demo
from awards.demo import year_end_day
from awards.models import Award, Issuer
from reports.reviews import jobs, services
from reports.reviews.models import ReviewKind, ReviewReport
from reports.statistics import Period

WRITTEN = {
    "situation": (
        "Trong năm, tình hình an ninh chính trị trên địa bàn tỉnh cơ bản ổn định; tội phạm "
        "trộm cắp nông sản vẫn diễn biến phức tạp vào mùa thu hoạch cà phê, tập trung ở các xã "
        "vùng nông thôn; tình trạng thanh thiếu niên tụ tập chạy xe nẹt bô, đánh võng, sử "
        "dụng pháo nổ vào dịp Tết Nguyên đán còn xảy ra."
    ),
    "strengths": (
        "Cấp ủy, chính quyền các cấp quan tâm lãnh đạo, chỉ đạo; các mô hình tự quản, tổ tuần "
        "tra duy trì hoạt động thường xuyên, nhất là vào mùa thu hoạch và các dịp lễ, Tết; "
        "quần chúng Nhân dân tích cực cung cấp nguồn tin, giúp lực lượng Công an kịp thời "
        "phát hiện, xử lý nhiều vụ việc ngay từ cơ sở."
    ),
    "limitations": (
        "Một số tổ tuần tra hoạt động chưa thường xuyên, việc cập nhật nhật ký ca tuần tra có "
        "nơi còn chậm; kinh phí hỗ trợ cho thành viên các mô hình còn hạn chế."
    ),
    "causes": (
        "Địa bàn rộng, dân cư phân tán; một số thành viên lớn tuổi, thay đổi nơi làm việc; "
        "công tác hướng dẫn, kiểm tra ở một số xã, phường chưa sâu sát."
    ),
    "lessons": (
        "Phải thường xuyên nhận được sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền; phát huy vai "
        "trò nòng cốt của lực lượng Công an; lựa chọn người có uy tín tham gia mô hình; kịp "
        "thời biểu dương, khen thưởng tập thể, cá nhân có thành tích."
    ),
    "directions": (
        "Tiếp tục củng cố, nâng cao chất lượng hoạt động của các mô hình; tăng cường tuần tra "
        "vào mùa thu hoạch và các dịp lễ, Tết; nhân rộng mô hình tổ tuần tra bảo vệ nông sản "
        "ở các xã có diện tích cây công nghiệp lớn; đẩy mạnh vận động Nhân dân giao nộp vũ "
        "khí, vật liệu nổ."
    ),
    "proposals": (
        "Đề nghị Ban Chỉ đạo cấp trên quan tâm bố trí kinh phí hỗ trợ hoạt động của lực lượng "
        "tham gia bảo vệ an ninh, trật tự ở cơ sở và các tổ tuần tra nhân dân."
    ),
}


def police_year(year: int) -> Period:
    """The police statistical year: 15/12 of the year before to 14/12."""
    return Period(datetime.date(year - 1, 12, 15), datetime.date(year, 12, 14))


def this_half_year(today: datetime.date) -> Period:
    """The half of the police statistical year ``today`` falls in."""
    if (today.month, today.day) >= (12, 15):
        return Period(datetime.date(today.year, 12, 15), datetime.date(today.year + 1, 6, 14))
    if (today.month, today.day) <= (6, 14):
        return Period(datetime.date(today.year - 1, 12, 15), datetime.date(today.year, 6, 14))
    return Period(datetime.date(today.year, 6, 15), datetime.date(today.year, 12, 14))


def load_demo_reports(demo: Demo) -> int:
    """Last year's tổng kết, issued, and this half-year's sơ kết, drafted; returns how many
    reports were made."""
    secretary = User.objects.filter(username="thuky").first()
    if secretary is None:
        return 0
    made = 0
    last = police_year(demo.today.year - 1)
    if not _exists(demo, ReviewKind.FINAL, last):
        _issued_review(demo, secretary, last)
        made += 1
    half = this_half_year(demo.today)
    if not _exists(demo, ReviewKind.INTERIM, half):
        overrides = {}
        if half.start.month == 6:  # the default subject line names the first half
            overrides["title"] = (
                f"Sơ kết 06 tháng cuối năm {half.end.year} công tác phòng, chống tội phạm và "
                "phong trào toàn dân bảo vệ an ninh Tổ quốc trên địa bàn tỉnh Lâm Đồng"
            )
        services.create_report(
            user=secretary, kind=ReviewKind.INTERIM, unit=demo.province, period=half, **overrides
        )
        made += 1
    return made


def _exists(demo: Demo, kind: str, period: Period) -> bool:
    return ReviewReport.all_objects.filter(
        unit=demo.province, kind=kind, period_start=period.start, period_end=period.end
    ).exists()


def _issued_review(demo: Demo, secretary, period: Period) -> None:
    year = period.end.year
    report = services.create_report(
        user=secretary,
        kind=ReviewKind.FINAL,
        unit=demo.province,
        period=period,
        number=12 + year % 10,
        issued_on=datetime.date(year, 12, 20),
        signer_name="Nguyễn Minh Đức",
        signer_title="TRƯỞNG BAN",
        **WRITTEN,
    )
    chairman = (
        Award.objects.filter(
            issuer=Issuer.PROVINCE_CHAIRMAN,
            decision_date=year_end_day(year),
            unit__in=demo.communes,
        )
        .order_by("decision_number")
        .values_list("decision_number", flat=True)
        .first()
    )
    if chairman:
        services.confer_decision(
            report=report, user=secretary, number=chairman, day=year_end_day(year)
        )
    version = jobs.request_rendering(report=report, user=secretary)
    # The PDF is made here and now; the job enqueued on commit finds the version ready.
    version = jobs.run_rendering(version.pk)
    if version is None or not version.pdf:
        raise RuntimeError("The demo's tổng kết could not be rendered.")
    services.issue_version(version=version, user=secretary)
