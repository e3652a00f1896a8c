"""Demo villages for a few real communes of the demo province."""

from areas.models import Area, AreaKind, AreaLevel

DEMO_PROVINCE_CODE = "68"  # Lâm Đồng (since 1 July 2025: with Đắk Nông and Bình Thuận)
DEMO_COMMUNES = {
    "24967": (
        "Xã Hiệp Thạnh",
        AreaKind.VILLAGE,
        [
            "Thôn Phi Nôm",
            "Thôn Quảng Hiệp",
            "Thôn Định An",
            "Thôn Bồng Lai",
            "Thôn K'Rèn",
            "Thôn Trung Hiệp",
        ],
    ),
    "24958": (
        "Xã Đức Trọng",
        AreaKind.VILLAGE,
        ["Thôn Bắc Hội", "Thôn Phú Trung", "Thôn Đa Thiện", "Thôn Tân Hiệp"],
    ),
    "24611": (
        "Phường Bắc Gia Nghĩa",
        AreaKind.RESIDENTIAL_GROUP,
        ["Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 4", "Tổ dân phố 5"],
    ),
}


def demo_province() -> Area:
    return Area.objects.current().get(code=DEMO_PROVINCE_CODE, level=AreaLevel.PROVINCE)


def demo_commune(code: str) -> Area:
    return Area.objects.current().get(code=code, level=AreaLevel.COMMUNE)


def load_demo_villages() -> int:
    created = 0
    for code, (_name, kind, villages) in DEMO_COMMUNES.items():
        commune = demo_commune(code)
        for name in villages:
            _village, was_created = Area.objects.get_or_create(
                parent=commune, name=name, level=AreaLevel.VILLAGE, defaults={"kind": kind}
            )
            created += was_created
    return created
