"""What the figures cover: a unit (the country, a province or a commune), optionally one
model or one model type, named by ids and found through the one scoping mechanism."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from areas.models import Area, AreaLevel
from areas.scoping import scoped_to
from models_registry.models import GrassrootsModel, ModelType


class NotInScope(LookupError):
    """The unit, model or model type asked for is not one the user may see."""


@dataclass(frozen=True)
class Scope:
    """What the figures cover: a unit (country, province or commune), optionally narrowed to
    one model or one model type."""

    unit: Area
    model: GrassrootsModel | None = None
    model_type: ModelType | None = None

    @property
    def is_model(self) -> bool:
        return self.model is not None

    @property
    def is_commune(self) -> bool:
        return self.unit.level == AreaLevel.COMMUNE

    @property
    def breakdown(self) -> str | None:
        """The rows of the breakdown table: the provinces of the country, the communes of a
        province, the models of a commune."""
        if self.is_model:
            return None
        if self.is_commune:
            return "model"
        return "province" if self.unit.level == AreaLevel.COUNTRY else "commune"

    def __str__(self) -> str:
        if self.model is not None:
            return f"{self.model} ({self.unit.name})"
        if self.model_type is not None:
            return f"{self.model_type} — {self.unit.name}"
        return self.unit.name

    def as_dict(self) -> dict:
        return {
            "unit": {"id": self.unit.pk, "name": self.unit.name, "level": self.unit.level},
            "model": {"id": self.model.pk, "name": self.model.name} if self.model else None,
            "model_type": (
                {"id": self.model_type.pk, "name": self.model_type.name}
                if self.model_type
                else None
            ),
        }


def resolve_scope(user, *, unit=None, model=None, model_type=None) -> Scope:
    """The scope named by ids, checked through the scoping mechanism: a unit or a model the
    user may not see is ``NotInScope`` (the pages answer 404). Without a unit, the user's own unit."""
    model_obj = type_obj = None
    if model:
        model_obj = (
            GrassrootsModel.objects.for_user(user)
            .select_related("commune", "model_type")
            .filter(pk=model)
            .first()
        )
        if model_obj is None:
            raise NotInScope("No such model in your area.")
        unit_obj = model_obj.commune
    elif unit:
        unit_obj = (
            Area.objects.for_user(user)
            .filter(pk=unit, level__in=[AreaLevel.COUNTRY, AreaLevel.PROVINCE, AreaLevel.COMMUNE])
            .first()
        )
        if unit_obj is None:
            raise NotInScope("No such unit in your area.")
    else:
        unit_obj = getattr(user, "scope_unit", None) if user.is_authenticated else None
        if unit_obj is None:
            raise NotInScope("Your account has no area.")
    if model_type and model_obj is None:
        type_obj = ModelType.objects.filter(pk=model_type).first()
        if type_obj is None:
            raise NotInScope("No such model type.")
    return Scope(unit=unit_obj, model=model_obj, model_type=type_obj)


def as_user(function):
    """The engine's entry points read as ``user`` (``scoped_to``): every query, subqueries
    included, stays inside the user's unit, whoever calls (a request, a task)."""

    @functools.wraps(function)
    def entry(user, *args, **kwargs):
        with scoped_to(user):
            return function(user, *args, **kwargs)

    return entry
