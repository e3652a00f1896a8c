"""How far the figures of a period are signed off: of the communes in scope, how many have
every finished month of the period approved ("12/15 xã đã được duyệt số liệu"). The one
function the dashboards and the review reports call (two queries, whatever the period)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from areas.models import Area, AreaLevel
from models_registry import signoff
from reports.statistics.periods import Period
from reports.statistics.scope import Scope, as_user


@dataclass(frozen=True)
class Approvals:
    """``approved`` of ``total`` communes have all ``months`` approved; ``commune_id`` names
    the commune when the scope is one (its page says so of its own figures, not "0/1 xã")."""

    approved: int
    total: int
    months: list[datetime.date]
    commune_id: int | None = None

    @property
    def complete(self) -> bool:
        return self.approved == self.total

    @property
    def months_label(self) -> str:
        first, last = self.months[0], self.months[-1]
        return f"{first:%m/%Y}" if first == last else f"{first:%m/%Y}–{last:%m/%Y}"


@as_user
def approvals(user, scope: Scope, period: Period) -> Approvals | None:
    """The sign-off of ``period``'s finished months in ``scope``'s communes; ``None`` when no
    month of the period is over yet."""
    this_month = signoff.month_start(timezone.localdate())
    months = [m for m in signoff.months_between(period.start, period.end) if m < this_month]
    if not months:
        return None
    unit = scope.unit
    communes = Area.objects.for_user(user).filter(level=AreaLevel.COMMUNE).current()
    if unit.level == AreaLevel.COMMUNE:
        communes = communes.filter(pk=unit.pk)
    else:
        communes = communes.filter(path__startswith=unit.path)
    count = signoff.approval_count(communes, months)
    return Approvals(
        approved=count["approved"],
        total=count["total"],
        months=months,
        commune_id=unit.pk if unit.level == AreaLevel.COMMUNE else None,
    )
