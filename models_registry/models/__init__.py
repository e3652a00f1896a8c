"""The registry's models: teams, people and memberships (``teams``), cameras (``cameras``)."""

from models_registry.models.cameras import Camera, CameraFunding, CameraKind, CameraStatus
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
    "Gender",
    "GrassrootsModel",
    "MemberRole",
    "Membership",
    "ModelCategory",
    "ModelRating",
    "ModelStatus",
    "ModelType",
    "Person",
    "Rating",
]
