"""Incident categories the seeds report (Hướng dẫn 22 and the five articles)."""

INCIDENT_CATEGORIES = [
    ("theft_property", "Trộm cắp tài sản"),
    ("theft_farm_produce", "Trộm cắp nông sản"),
    ("drugs", "Ma túy"),
    ("fireworks", "Pháo nổ trái phép"),
    ("weapons", "Vũ khí, vật liệu nổ, công cụ hỗ trợ (giao nộp, thu hồi)"),
    ("dispute", "Tranh chấp, mâu thuẫn, xích mích gia đình"),
    ("racing", "Đua xe, nẹt bô, lạng lách, đánh võng"),
    ("lost_property", "Nhặt được tài sản, trả lại người mất"),
    ("fire", "Cháy, nổ"),
    ("traffic_accident", "Tai nạn giao thông"),
    ("wanted", "Đối tượng truy nã (phát hiện, vận động đầu thú)"),
    ("gambling", "Cờ bạc và tệ nạn xã hội khác"),
    ("tip_off", "Tin báo, tố giác tội phạm"),
    ("other", "Vụ việc khác"),
]


def seed_incident_categories(category_model) -> int:
    created = 0
    for order, (code, name) in enumerate(INCIDENT_CATEGORIES, start=1):
        _obj, was_created = category_model.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )
        created += was_created
    return created
