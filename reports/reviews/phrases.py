"""The phrases of section II, in one place: how a review report names what it counts, in the
words of the committee's own reports (the seeds), with each item's measure word and the
capitals of official documents (Công an, Nhân dân, Ban Chỉ đạo, camera PTZ).

The document is Vietnamese whatever the interface language (``document``), so these are
Vietnamese literals, not gettext strings. Every number put into them comes from the engine.
"""

from __future__ import annotations

# A category or an item "changed notably" against the comparison, and gets its own sentence
# ("kéo giảm 60% số vụ trộm cắp nông sản so với cùng kỳ năm 2024"), when it moved by at least
# NOTABLE_PERCENT of the comparison figure and by at least NOTABLE_COUNT cases (or units of
# the item); from nothing, when it reached NOTABLE_COUNT. Smaller moves are noise at the scale
# of a commune and stay in the tables.
NOTABLE_PERCENT = 20
NOTABLE_COUNT = 3

# The categories of incidents the models are there to bring down: their fall is worded as the
# seeds word an achievement ("Kéo giảm 60% số vụ trộm cắp nông sản …"). Others fall or rise
# without praise or blame ("Số vụ đối tượng truy nã giảm 3 vụ …": finding fewer wanted
# persons, returning fewer found things or receiving fewer tip-offs is no success).
FALL_IS_GOOD = {
    "theft_property",
    "theft_farm_produce",
    "drugs",
    "fireworks",
    "dispute",
    "racing",
    "fire",
    "traffic_accident",
    "gambling",
}

# Items collected: field → how a sentence counts them ("20 khẩu súng tự chế").
ITEMS = {
    "guns": "{n} khẩu súng",
    "homemade_guns": "{n} khẩu súng tự chế",
    "crude_weapons": "{n} công cụ, vũ khí thô sơ",
    "explosives": "{n} quả vật liệu nổ",
    "firecrackers_kg": "{n} kg pháo",
    "drugs_grams": "{n} gam ma túy",
    "vehicles": "{n} chiếc xe",
}
# Items the people hand in ("Vận động Nhân dân giao nộp, thu hồi …"); the others are seized
# ("Thu giữ …": drugs, firecrackers, the vehicles of illegal racing).
HANDED_IN = ("guns", "homemade_guns", "crude_weapons", "explosives")

# The same items named in a table, with what they are counted in.
ITEM_ROWS = {
    "guns": ("Súng", "khẩu"),
    "homemade_guns": ("Súng tự chế", "khẩu"),
    "crude_weapons": ("Công cụ, vũ khí thô sơ", "chiếc"),
    "explosives": ("Vật liệu nổ", "quả"),
    "firecrackers_kg": ("Pháo", "kg"),
    "drugs_grams": ("Ma túy", "gam"),
    "vehicles": ("Xe, phương tiện", "chiếc"),
}
# An item's own noun, for its change ("tăng 5 khẩu").
ITEM_NOUNS = {name: unit for name, (_label, unit) in ITEM_ROWS.items()}
# An item as the subject of a sentence of change ("kéo giảm 40% số súng tự chế thu giữ").
ITEM_SUBJECTS = {
    "guns": "số súng thu giữ",
    "homemade_guns": "số súng tự chế thu giữ",
    "crude_weapons": "số công cụ, vũ khí thô sơ thu giữ",
    "explosives": "số vật liệu nổ thu giữ",
    "firecrackers_kg": "lượng pháo thu giữ",
    "drugs_grams": "lượng ma túy thu giữ",
    "vehicles": "số xe, phương tiện thu giữ",
}

# How incidents ended ("nhắc nhở, cho cam kết không tái phạm 16 vụ").
OUTCOMES = {
    "handed_to_police": "bàn giao cho Công an xử lý {n} vụ",
    "settled": "giải quyết tại chỗ {n} vụ",
    "mediated": "hòa giải thành {n} vụ",
    "mediation_failed": "hòa giải không thành {n} vụ",
    "commitment": "nhắc nhở, cho cam kết không tái phạm {n} vụ",
    "returned": "xác minh, trả lại tài sản cho chủ sở hữu {n} vụ",
    "other": "xử lý bằng hình thức khác {n} vụ",
}

# Cameras by kind and by funding ("102 mắt, 6 chụp biển số"; "1.022 mắt do Nhân dân tự lắp").
CAMERA_KINDS = {
    "fixed": "{n} mắt cố định",
    "ptz": "{n} mắt quay quét PTZ",
    "plate": "{n} mắt chụp biển số",
}
CAMERA_FUNDING = {
    "state": "{n} mắt do ngân sách nhà nước đầu tư",
    "public": "{n} mắt do Nhân dân tự lắp",
    "sponsor": "{n} mắt do các tổ chức, cá nhân tài trợ",
}
CAMERA_ROWS = {
    "fixed": "Cố định",
    "ptz": "Quay quét (PTZ)",
    "plate": "Chụp biển số",
    "state": "Ngân sách nhà nước",
    "public": "Nhân dân tự lắp",
    "sponsor": "Tài trợ",
}

# Members by role ("15 tổ trưởng, 15 tổ phó, 90 tổ viên").
ROLES = {"leader": "tổ trưởng", "deputy": "tổ phó", "member": "tổ viên"}

# Who signs a commendation ("Bộ trưởng Bộ Công an khen thưởng cho 2 tập thể và 1 cá nhân").
ISSUERS = {
    "minister": "Bộ trưởng Bộ Công an",
    "province_chairman": "Chủ tịch UBND tỉnh",
    "police_director": "Giám đốc Công an tỉnh",
    "commune_chairman": "Chủ tịch UBND các xã, phường",
    "committee_head": "Trưởng Ban Chỉ đạo",
    "other": "các cơ quan, đơn vị khác",
}
AWARD_FORMS = {
    "certificate_of_merit": "Giấy khen",
    "certificate_of_commendation": "Bằng khen",
    "emulation_flag": "Cờ thi đua",
    "medal": "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
}

# The parts of section II, in order: key → heading (numbered when the document is built).
PARTS = {
    "models": "Công tác xây dựng, củng cố, nhân rộng mô hình",
    "patrols": "Hoạt động tuần tra, kiểm soát",
    "incidents": "Kết quả phát hiện, giải quyết vụ việc",
    "cameras": "Hệ thống camera an ninh",
    "commendations": "Công tác khen thưởng",
}


def issuer(key: str, label: str, unit) -> str:
    """Who signed a commendation, as a report of ``unit`` names them: a commune's report names
    its own chairman ("Chủ tịch UBND xã", "… phường"), a larger unit's the communes'."""
    if key == "commune_chairman" and unit.level == "commune":
        kind = next(
            (w for w in ("đặc khu", "phường", "xã") if unit.name.lower().startswith(w)), "xã"
        )
        return f"Chủ tịch UBND {kind}"
    return ISSUERS.get(key, label)


# The model types whose name is already a count noun ("15 Tổ hòa giải", "3 CLB …"); any other
# is counted as "n mô hình “Camera an ninh”".
COUNT_NOUNS = ("Tổ ", "CLB ", "Câu lạc bộ ", "Đội ", "Hội đồng ", "Nhóm ", "Ban ", "Mô hình ")


def counted_type(n: str, name: str) -> str:
    """ "15 Tổ hòa giải", "14 mô hình “Camera an ninh”"."""
    return f"{n} {name}" if name.startswith(COUNT_NOUNS) else f"{n} mô hình “{name}”"
