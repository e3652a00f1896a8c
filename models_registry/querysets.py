"""The registry's rules of time, as queryset methods every reader uses: a model in service on a
day, a member serving on a day. The ``*_q`` forms are the same rules as conditions, for
filtered counts and for rows that reach the model or membership through a relation."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from areas.scoping import ScopedManager, ScopedQuerySet


class GrassrootsModelQuerySet(ScopedQuerySet):
    @staticmethod
    def active_q(day: datetime.date, prefix: str = "") -> Q:
        """In service on ``day``: established on or before it, not dissolved before it.
        ``prefix`` reaches the model from another row ("model__")."""
        return Q(**{f"{prefix}established_on__lte": day}) & (
            Q(**{f"{prefix}dissolved_on__isnull": True}) | Q(**{f"{prefix}dissolved_on__gte": day})
        )

    def active_on(self, day: datetime.date) -> GrassrootsModelQuerySet:
        return self.filter(self.active_q(day))


class GrassrootsModelManager(ScopedManager.from_queryset(GrassrootsModelQuerySet)):
    pass


class MembershipQuerySet(ScopedQuerySet):
    @staticmethod
    def serving_q(day: datetime.date, prefix: str = "") -> Q:
        """Serving on ``day``: joined on or before it, not left before it (the one rule of
        "a member on that day", for pages, the shift rules and the statistics alike)."""
        return Q(**{f"{prefix}joined_on__lte": day}) & (
            Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": day})
        )

    def serving_on(self, day: datetime.date) -> MembershipQuerySet:
        return self.filter(self.serving_q(day))

    def current(self) -> MembershipQuerySet:
        """Serving today (a member whose leaving day is still to come is current)."""
        return self.serving_on(timezone.localdate())


class MembershipManager(ScopedManager.from_queryset(MembershipQuerySet)):
    pass
