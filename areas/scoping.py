"""The one scoping mechanism.

Every owned model's default manager is a ``ScopedManager``; the model names the lookup to
its administrative unit (``Area``) in ``scope_lookup`` ("" for ``Area`` itself, "commune" for a
grassroots model, "model__commune" for a shift). ``Model.objects.for_user(user)`` keeps the rows
inside the user's unit subtree, found by the unit's materialised ``path``. Views, forms,
API viewsets, exports and tasks all read through ``for_user``; nothing filters by commune by
hand. A user without a scope unit sees nothing (fail closed), including superusers.

Soft-deleted rows are hidden by the default manager; ``all_objects`` sees them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from areas.models import Area


def scope_unit_of(user) -> Area | None:
    """The administrative unit a user may see, or None when they may see nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "scope_unit", None)


class ScopedQuerySet(models.QuerySet):
    def _path_lookup(self) -> str:
        lookup = self.model.scope_lookup
        return f"{lookup}__path__startswith" if lookup else "path__startswith"

    def in_unit(self, unit: Area) -> ScopedQuerySet:
        """Rows inside ``unit``'s subtree (the unit itself included)."""
        if unit.is_country:
            return self.all()
        return self.filter(**{self._path_lookup(): unit.path})

    def for_user(self, user) -> ScopedQuerySet:
        unit = scope_unit_of(user)
        if unit is None:
            return self.none()
        return self.in_unit(unit)

    def alive(self) -> ScopedQuerySet:
        return self.filter(deleted_at__isnull=True)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Default manager of owned models: scoped reads through ``for_user``, no soft-deleted rows."""

    def __init__(self, *, include_deleted: bool = False) -> None:
        super().__init__()
        self.include_deleted = include_deleted

    def get_queryset(self) -> ScopedQuerySet:
        qs = super().get_queryset()
        if not self.include_deleted:
            qs = qs.filter(deleted_at__isnull=True)
        return qs


def is_scoped_model(model) -> bool:
    return isinstance(getattr(model, "_default_manager", None), ScopedManager)
