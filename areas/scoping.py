"""The one scoping mechanism: every read of an owned model is inside a user's unit, or fails.

A user's *scope* is one administrative unit (``User.scope_unit``): a commune, a province or the
country; they see the rows inside that unit's subtree, found by the unit's materialised
``path``. Every owned model's default manager is a ``ScopedManager`` and names the lookup to
its unit in ``scope_lookup`` ("" for ``Area`` itself, "commune" for a grassroots model,
"model__commune" for a membership).

Two ways to scope a read, as pretix does with django-scopes:

- **explicitly**, ``Model.objects.for_user(user)``: the rows inside that user's unit, whatever
  else is going on. Views, forms, API viewsets, exports and the statistics engine read so.
- **by the active scope**, a context around the code: ``ScopeMiddleware`` opens one for every
  request (the request's user, read when the query runs, so an API token counts), and
  ``scoped_to(user)`` opens one for a task or the engine acting for a user. Any other read of
  an owned model — a related manager, a uniqueness check, a subquery — is narrowed to that
  user's unit when it runs.

A read with neither **raises** ``ScopeError``: a task or a command that forgets its scope
fails at once instead of reading every commune. Code that must see everything says so, by
name, in ``with unscoped("why")`` (loading the official units, the scheduled drafts that act
for the country, the demo and benchmark data). A user without a unit sees nothing (fail
closed), superusers included.

The check runs when a query is compiled (``ScopedQuery.get_compiler``), so it also covers a
queryset built at import time (a form field's choices) and one used inside another query
(``__in``, ``Subquery``, ``Exists``). Following a foreign key from a row already read goes
through Django's plain base manager: the row it reaches belongs to the same unit.

Soft-deleted rows are hidden by the default manager; ``all_objects`` sees them too.

A few rows belong to one user rather than to a unit (a user's notifications and e-mail
choices): their model names the lookup to that user in ``owner_lookup`` ("recipient"), and the
same mechanism keeps each user to their own rows — no unit, however large, reaches another
user's. ``unscoped("why")`` sees them all (the service that writes them, a task sending one).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import sql

if TYPE_CHECKING:
    from areas.models import Area


class ScopeError(RuntimeError):
    """An owned model was read outside any scope."""


def scope_unit_of(user) -> Area | None:
    """The administrative unit a user may see, or None when they may see nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "scope_unit", None)


@dataclass(frozen=True)
class ActiveScope:
    """What the reads of the current context see: one user's unit, or (``reason``) every unit."""

    user: object = None
    request: object = None  # the user is read from the request when a query runs
    reason: str = ""

    @property
    def is_unscoped(self) -> bool:
        return bool(self.reason)

    def acting_user(self):
        return getattr(self.request, "user", None) if self.request is not None else self.user

    def unit(self) -> Area | None:
        return scope_unit_of(self.acting_user())


_active: ContextVar[ActiveScope | None] = ContextVar("areas_active_scope", default=None)


def active_scope() -> ActiveScope | None:
    return _active.get()


@contextmanager
def _activate(scope: ActiveScope):
    token = _active.set(scope)
    try:
        yield scope
    finally:
        _active.reset(token)


def scoped_to(user):
    """Reads inside the block see ``user``'s unit (a task or the engine acting for a user)."""
    return _activate(ActiveScope(user=user))


def unscoped(reason: str):
    """Reads inside the block see every unit. ``reason`` says why, for the reader of the code."""
    if not reason or not reason.strip():
        raise ValueError("Say why these reads may see every unit.")
    return _activate(ActiveScope(reason=reason))


class ScopeMiddleware:
    """Opens the request's scope: its user's unit, read when a query runs (after DRF has
    authenticated an API token)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with _activate(ActiveScope(request=request)):
            return self.get_response(request)


def _path_lookup(model) -> str:
    lookup = model.scope_lookup
    return f"{lookup}__path__startswith" if lookup else "path__startswith"


def _owner_of(user):
    """The user whose own rows may be read, or None when no one's may."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user


def _narrow(query: sql.Query, user) -> None:
    """Keep only the rows inside ``user``'s unit's subtree (none without a unit), or, for rows
    owned by a user, only ``user``'s own."""
    owner_lookup = getattr(query.model, "owner_lookup", "")
    if owner_lookup:
        owner = _owner_of(user)
        if owner is None:
            query.set_empty()
        else:
            query.add_q(models.Q(**{owner_lookup: owner.pk}))
        return
    unit = scope_unit_of(user)
    if unit is None:
        query.set_empty()
    elif not unit.is_country:
        query.add_q(models.Q(**{_path_lookup(query.model): unit.path}))


class ScopedQuery(sql.Query):
    """A query of an owned model: scoped explicitly (``scope_applied``), or by the active scope
    when it is compiled, or refused."""

    scope_applied = False

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        query = self
        if not (self.scope_applied or self.combinator or self.is_empty()):
            query = self.clone()
            query.scope_applied = True
            scope = _active.get()
            if scope is None:
                raise ScopeError(
                    f"{self.model.__name__} read outside any scope: use "
                    f"{self.model.__name__}.objects.for_user(user), or run the code inside "
                    "scoped_to(user) or unscoped('why') (areas.scoping)."
                )
            if not scope.is_unscoped:
                _narrow(query, scope.acting_user())
        return sql.Query.get_compiler(query, using, connection, elide_empty)


class ScopedQuerySet(models.QuerySet):
    def __init__(self, model=None, query=None, using=None, hints=None):
        super().__init__(model, ScopedQuery(model) if query is None else query, using, hints)

    def in_unit(self, unit: Area) -> ScopedQuerySet:
        """Rows inside ``unit``'s subtree (the unit itself included). Narrows a scope; it is
        not one: the read still needs a user's scope."""
        if unit.is_country:
            return self.all()
        return self.filter(**{_path_lookup(self.model): unit.path})

    def for_user(self, user) -> ScopedQuerySet:
        """The rows inside ``user``'s unit: the explicit scope."""
        if self.query.combinator:
            raise ScopeError("Scope each side of a union with for_user(), not the union.")
        qs = self.all()
        _narrow(qs.query, user)
        qs.query.scope_applied = True
        return qs

    def for_user_in_communes(self, user, communes: dict[int, str]) -> ScopedQuerySet:
        """The rows of ``communes`` (id → path, as read through ``Area.objects.for_user(user)``),
        each checked to lie inside ``user``'s unit: the explicit scope, narrowed by the communes'
        ids alone. A list of communes and the subtree that holds them, both, would have
        PostgreSQL multiply two selectivities it takes as independent and plan a province inside
        the country for a few rows; the ids alone it estimates right."""
        unit = scope_unit_of(user)
        if unit is None:
            return self.for_user(user)
        outside = [pk for pk, path in communes.items() if not path.startswith(unit.path)]
        if outside:
            raise ScopeError(f"Communes {outside[:5]} are outside {user}'s unit.")
        lookup = self.model.scope_lookup
        qs = self.filter(**{f"{lookup}__in" if lookup else "pk__in": list(communes)})
        qs.query.scope_applied = True
        return qs

    def correlated(self) -> ScopedQuerySet:
        """A subquery that reads only rows tied to the outer query's own rows (filtered by an
        ``OuterRef``): the outer query's scope bounds it, so it adds no filter of its own (and
        no join per outer row). Anywhere else this would read every unit: do not."""
        qs = self.all()
        qs.query.scope_applied = True
        return qs

    def alive(self) -> ScopedQuerySet:
        return self.filter(deleted_at__isnull=True)

    def _combined(self, combined, other):
        # Scoped only if both sides were: otherwise the active scope narrows the whole query.
        combined.query.scope_applied = self.query.scope_applied and other.query.scope_applied
        return combined

    def __or__(self, other):
        return self._combined(super().__or__(other), other)

    def __and__(self, other):
        return self._combined(super().__and__(other), other)

    def __xor__(self, other):
        return self._combined(super().__xor__(other), other)

    def update(self, **kwargs):
        return super(ScopedQuerySet, self._checked()).update(**kwargs)

    update.alters_data = True

    def delete(self):
        return super(ScopedQuerySet, self._checked()).delete()

    delete.alters_data = True
    delete.queryset_only = True

    def _raw_delete(self, using):
        return super(ScopedQuerySet, self._checked())._raw_delete(using)

    def _checked(self) -> ScopedQuerySet:
        """This queryset with its scope applied now (an UPDATE or a DELETE is not a
        ``ScopedQuery``)."""
        if self.query.scope_applied:
            return self
        qs = self.all()
        scope = _active.get()
        if scope is None:
            raise ScopeError(f"{self.model.__name__} written outside any scope.")
        if not scope.is_unscoped:
            _narrow(qs.query, scope.acting_user())
        qs.query.scope_applied = True
        return qs


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Default manager of owned models: scoped reads, no soft-deleted rows (for the models that
    soft-delete theirs)."""

    def __init__(self, *, include_deleted: bool = False) -> None:
        super().__init__()
        self.include_deleted = include_deleted

    def get_queryset(self) -> ScopedQuerySet:
        qs = super().get_queryset()
        soft_deleted = any(f.name == "deleted_at" for f in self.model._meta.concrete_fields)
        if soft_deleted and not self.include_deleted:
            qs = qs.filter(deleted_at__isnull=True)
        return qs


def is_scoped_model(model) -> bool:
    return isinstance(getattr(model, "_default_manager", None), ScopedManager)
