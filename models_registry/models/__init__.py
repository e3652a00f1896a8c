"""The registry's models: teams, people and memberships (``teams``), cameras (``cameras``),
the monthly sign-off (``months``)."""

from models_registry.models.cameras import Camera, CameraFunding, CameraKind, CameraStatus
from models_registry.models.months import CommuneMonth, MonthStatus
from models_registry.models.teams import (
    Gender,
    GrassrootsModel,
    MemberRole,
    Membership,
    ModelCategory,
    ModelRating,
    ModelStatus,
    ModelType,
    Person,
    Rating,
)

__all__ = [
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
    "Rating",
]
