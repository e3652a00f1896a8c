"""The registry's models: teams, people and memberships (``teams``), yearly ratings (``ratings``,
with their rules in ``rating_rules``), cameras (``cameras``), the monthly sign-off (``months``),
the members serving added up by unit (``unit_members``)."""

from models_registry.models.cameras import Camera, CameraFunding, CameraKind, CameraStatus
from models_registry.models.months import CommuneMonth, MonthStatus
from models_registry.models.rating_rules import (
    Rating,
    RatingScale,
    RatingStatus,
    RatingYear,
)
from models_registry.models.ratings import ModelRating
from models_registry.models.teams import (
    Gender,
    GrassrootsModel,
    MemberRole,
    Membership,
    ModelCategory,
    ModelStatus,
    ModelType,
    Person,
)
from models_registry.models.unit_members import REBUILD_UNIT_MEMBERS_SQL, UnitMemberChange

__all__ = [
    "UnitMemberChange",
    "Camera",
    "CameraFunding",
    "CameraKind",
    "CameraStatus",
    "CommuneMonth",
    "Gender",
    "GrassrootsModel",
    "MemberRole",
    "Membership",
    "ModelCategory",
    "ModelRating",
    "ModelStatus",
    "ModelType",
    "MonthStatus",
    "Person",
    "REBUILD_UNIT_MEMBERS_SQL",
    "Rating",
    "RatingScale",
    "RatingStatus",
    "RatingYear",
]
