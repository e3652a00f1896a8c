"""The model types the seeds and Hướng dẫn 22/HD-BCA-V05 name, with their categories."""

from models_registry.models import ModelCategory as C

MODEL_TYPES = [
    # (name, category, statutory)
    ("Tổ bảo vệ an ninh, trật tự ở cơ sở", C.PATROL, True),
    ("Tổ tuần tra phòng, chống tội phạm", C.PATROL, False),
    ("Tổ tuần tra phòng, chống tội phạm và bảo vệ nông sản", C.PATROL, False),
    ("Tổ An ninh nhân dân", C.PATROL, False),
    ("Tổ tự quản", C.SELF_MANAGEMENT, False),
    ("Tổ nhân dân tự quản", C.SELF_MANAGEMENT, False),
    ("CLB chủ nhà trọ tự quản", C.SELF_MANAGEMENT, False),
    ("Tổ xe ôm tự quản", C.SELF_MANAGEMENT, False),
    ("Tổ hòa giải", C.MEDIATION, False),
    ("Camera an ninh", C.CAMERA, False),
    ("CLB phòng, chống tội phạm", C.CLUB, False),
    ("Đội thanh niên xung kích", C.CLUB, False),
    ("Tổ dân phòng", C.FIRE, False),
    ("Đội phòng cháy, chữa cháy", C.FIRE, False),
    ("Hội đồng an ninh, trật tự", C.OTHER, False),
]


def seed_model_types(model_type_model) -> int:
    """Create the catalogue entries that are missing; never changes edited ones."""
    created = 0
    # The first migrations run this with a model type that has no rating fields yet; the
    # statutory type gets its rating rules from migration 0009 then.
    has_rating = any(f.name == "rating_scale" for f in model_type_model._meta.get_fields())
    for order, (name, category, statutory) in enumerate(MODEL_TYPES, start=1):
        defaults = {"category": category, "is_statutory": statutory, "sort_order": order * 10}
        if has_rating and statutory:
            defaults |= {"rating_scale": "duty", "rating_year": "nov15"}
        _obj, was_created = model_type_model.objects.get_or_create(name=name, defaults=defaults)
        created += was_created
    return created
