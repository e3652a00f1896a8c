"""The first draft of a review report: its subject line, header and written sections, worded
as the committee's reports are, with bracketed prompts where the secretary must write; and
the drafts due on the schedule (June: the 6-month sơ kết, December: the annual tổng kết)."""

from __future__ import annotations

import datetime

from reports.reviews.models import ReviewKind, ReviewReport
from reports.reviews.wording import (
    HEADER_MAX_LINES,
    header_lines,
    header_text,
    place_name,
    unit_phrase,
)
from reports.statistics import Period

# The committee's name as its documents print it, short enough for four lines of the header;
# a committee that writes its name otherwise ("BAN CHỈ ĐẠO 138 TỈNH LÂM ĐỒNG") sets it once
# on a report, and its next drafts take it from there (``committee_header``).
STEERING_COMMITTEE = (
    "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ XÂY DỰNG PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ"
)
# What a committee writes the same way on each of its reports.
COMMITTEE_FIELDS = (
    "parent_body",
    "issuing_body",
    "symbol",
    "signing_mode",
    "signing_body",
    "signer_title",
    "signer_name",
    "recipients",
)


def default_title(kind: str, period: Period, unit, model=None, model_type=None) -> str:
    word = "Sơ kết" if kind == ReviewKind.INTERIM else "Tổng kết"
    span = _period_words(period)
    where = unit_phrase(unit)
    if model is not None:
        return f"{word} {span} thực hiện mô hình “{model.name}” tại {where}"
    if model_type is not None:
        return f"{word} {span} thực hiện mô hình “{model_type.name}” trên địa bàn {where}"
    return (
        f"{word} {span} công tác phòng, chống tội phạm và phong trào toàn dân bảo vệ an ninh "
        f"Tổ quốc trên địa bàn {where}"
    )


def _period_words(period: Period) -> str:
    months = round(period.days / 30.4)
    year = period.end.year
    if months in (11, 12, 13):
        return f"năm {year}"
    if months == 6:
        return f"06 tháng đầu năm {year}"
    if months == 9:
        return f"09 tháng năm {year}"
    if months >= 24 and months % 12 in (0, 1, 11):
        return f"{round(months / 12):02d} năm (giai đoạn {period.start.year}–{year})"
    return f"từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"


# The short form many committees print, for a unit whose name makes the full one too long.
SHORT_COMMITTEE = "BAN CHỈ ĐẠO 138"


def issuing_body(unit_name: str) -> str:
    """The committee's name for the header: the full form when it fits in four lines, else the
    short one."""
    full = f"{STEERING_COMMITTEE} {unit_name}"
    if header_lines(header_text(full, unit_name)) <= HEADER_MAX_LINES:
        return full
    return f"{SHORT_COMMITTEE} {unit_name}"


def committee_header(unit) -> dict:
    """The header and closing the unit's committee used on its latest report, if any."""
    last = ReviewReport.objects.filter(unit=unit).order_by("-created_at", "-pk").first()
    return {name: getattr(last, name) for name in COMMITTEE_FIELDS} if last else {}


def draft_defaults(kind: str, unit, period: Period, model=None, model_type=None) -> dict:
    """Header data and a first draft of the written sections, for the secretary to complete;
    the header as the committee wrote it last time."""
    body_unit = unit_phrase(unit).upper()
    where = unit_phrase(unit)
    span = f"từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"
    subject = (
        f"mô hình “{model.name}”"
        if model
        else f"các mô hình “{model_type.name}”"
        if model_type
        else "các mô hình phòng, chống tội phạm, tự quản về an ninh, trật tự"
    )
    draft = {
        "kind": kind,
        "unit": unit,
        "model": model,
        "model_type": model_type,
        "period_start": period.start,
        "period_end": period.end,
        "parent_body": f"UBND {body_unit}",
        "issuing_body": issuing_body(body_unit),
        # Nghị định 30/2020: the place is the issuing body's (a commune's own name).
        "place": place_name(unit),
        "title": default_title(kind, period, unit, model, model_type),
        "recipients": "\n".join(
            [
                "Ban Chỉ đạo cấp trên (để báo cáo);",
                "Thường trực cấp ủy, HĐND, UBND (để báo cáo);",
                "Các thành viên Ban Chỉ đạo;",
                "Lưu: VT.",
            ]
        ),
        "situation": (
            f"Trong kỳ báo cáo ({span}), tình hình an ninh chính trị, trật tự, an toàn xã hội "
            f"trên địa bàn {where} cơ bản ổn định. [Nêu đặc điểm kinh tế - xã hội, tình hình "
            "tội phạm, tệ nạn xã hội có ảnh hưởng đến phong trào và hoạt động của các mô hình.]"
        ),
        "strengths": (
            f"Cấp ủy, chính quyền quan tâm lãnh đạo, chỉ đạo; {subject} duy trì hoạt động "
            "thường xuyên, phối hợp chặt chẽ với lực lượng Công an trong tuần tra, phát hiện, "
            "giải quyết vụ việc ngay từ cơ sở. [Bổ sung ưu điểm nổi bật.]"
        ),
        "limitations": "[Nêu những hạn chế, tồn tại trong tổ chức, hoạt động của các mô hình.]",
        "causes": "[Nêu nguyên nhân khách quan, chủ quan của ưu điểm và hạn chế.]",
        "lessons": (
            "Phải thường xuyên nhận được sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền; phát huy "
            "vai trò nòng cốt của lực lượng Công an; lấy Nhân dân làm chủ thể, lựa chọn người "
            "có uy tín tham gia mô hình. [Bổ sung bài học kinh nghiệm.]"
        ),
        "directions": (
            f"Tiếp tục củng cố, nâng cao chất lượng hoạt động của {subject} trên địa bàn {where}; "
            "duy trì tuần tra, kiểm soát, nhất là vào ban đêm và các dịp lễ, Tết; nhân rộng "
            "các mô hình hiệu quả; kịp thời biểu dương, khen thưởng tập thể, cá nhân có thành "
            "tích. [Bổ sung nhiệm vụ trọng tâm kỳ tới.]"
        ),
        "proposals": "[Nêu đề xuất, kiến nghị với cấp trên về kinh phí, chế độ, chính sách.]",
    }
    return {**draft, **committee_header(unit)}


def scheduled_period(today: datetime.date) -> tuple[str, Period] | None:
    """The draft due in ``today``'s month: in June the 6-month interim review, in December
    the annual final review, both over the police statistical calendar (from 15/12 of the
    year before)."""
    start = datetime.date(today.year - 1, 12, 15)
    if today.month == 6:
        return ReviewKind.INTERIM, Period(start, datetime.date(today.year, 6, 14))
    if today.month == 12:
        return ReviewKind.FINAL, Period(start, datetime.date(today.year, 12, 14))
    return None
