"""The monthly sign-off of a commune's logs: the officer confirms a finished month, province
staff approve it (which locks its figures, ``models_registry.locks``) or return it with a
comment, and may reopen an approved month with a reason. Each step is one update of the
month's row, kept in its history with the user who made it.

``return_month`` is the one place a month goes back to its commune (a notification of the
commune belongs there)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import NotificationKind
from accounts.notifications import notify, officers_of
from areas.models import Area, AreaLevel
from areas.scoping import scope_unit_of
from models_registry.locks import LOCK_CLASS
from models_registry.models import CommuneMonth, MonthStatus

CONFIRM = "models_registry.confirm_communemonth"
DECIDE = "models_registry.decide_communemonth"


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(today: datetime.date | None = None) -> datetime.date:
    """The first day of the month before ``today``'s: the month confirmed by the 5th."""
    today = today or timezone.localdate()
    return month_start(month_start(today) - datetime.timedelta(days=1))


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the calendar months that [start, end] touches."""
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _in_scope(user, commune: Area) -> bool:
    unit = scope_unit_of(user)
    return unit is not None and unit.contains(commune)


def can_confirm(user, commune: Area) -> bool:
    return user.has_perm(CONFIRM) and _in_scope(user, commune)


def can_decide(user, commune: Area) -> bool:
    """Province staff (or above) whose unit contains the commune; never the commune itself."""
    unit = scope_unit_of(user)
    return (
        user.has_perm(DECIDE)
        and _in_scope(user, commune)
        and unit is not None
        and unit.level < AreaLevel.COMMUNE
    )


def month_of(commune: Area, month: datetime.date) -> CommuneMonth:
    """The month's row, or an unsaved open one (a month nobody acted on has no row)."""
    found = CommuneMonth.objects.filter(commune=commune, month=month).first()
    return found or CommuneMonth(commune=commune, month=month)


@transaction.atomic
def confirm_month(*, user, commune: Area, month: datetime.date) -> CommuneMonth:
    """The commune officer confirms the month's logs as complete (again, once returned or
    reopened). Only a finished month; late confirmation is allowed and shown as late."""
    if not can_confirm(user, commune):
        raise PermissionDenied
    month = month_start(month)
    problems: dict[str, list[str]] = {}
    if commune.level != AreaLevel.COMMUNE:
        problems["commune"] = [_("Choose a commune, ward or special zone.")]
    if month >= month_start(timezone.localdate()):
        problems["month"] = [
            _("Only a finished month can be confirmed: %(month)s is not over yet.")
            % {"month": f"{month:%m/%Y}"}
        ]
    if problems:
        # A unit that is no commune, or a month not over, has no row to be in another status.
        raise ValidationError(problems)
    row, _created = CommuneMonth.objects.select_for_update().get_or_create(
        commune=commune, month=month
    )
    if row.status == MonthStatus.CONFIRMED:
        raise ValidationError(
            {"month": _("This month is already confirmed and awaits the province's approval.")}
        )
    if row.status == MonthStatus.APPROVED:
        raise ValidationError({"month": _("This month is already approved and locked.")})
    row.status = MonthStatus.CONFIRMED
    row.confirmed_by, row.confirmed_at = user, timezone.now()
    row.save()
    return row


def _decided(
    user, month: CommuneMonth, expected: str, refusal: str, problems: dict | None = None
) -> CommuneMonth:
    """The month's row locked for this transaction, checked to be in ``expected`` status.
    The advisory lock first: an approval waits for the commune's writes under way.
    ``problems`` (of what was written, field: message) are refused together with the
    status's: every problem of the request at once."""
    if not can_decide(user, month.commune):
        raise PermissionDenied
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, month.commune_id])
    row = CommuneMonth.objects.select_for_update().get(pk=month.pk)
    problems = dict(problems or {})
    if row.status != expected:
        problems["status"] = refusal
    if problems:
        raise ValidationError(problems)
    return row


@transaction.atomic
def approve_month(*, user, month: CommuneMonth, comment: str = "") -> CommuneMonth:
    """Approve a confirmed month: its figures are locked from now on, for everyone."""
    row = _decided(
        user, month, MonthStatus.CONFIRMED, _("Only a month the commune confirmed can be approved.")
    )
    row.status = MonthStatus.APPROVED
    row.decided_by, row.decided_at, row.comment = user, timezone.now(), comment
    row.save()
    return row


@transaction.atomic
def return_month(*, user, month: CommuneMonth, comment: str) -> CommuneMonth:
    """Return a confirmed month to its commune with what to correct."""
    problems = {} if comment.strip() else {"comment": _("Say what the commune should correct.")}
    row = _decided(
        user,
        month,
        MonthStatus.CONFIRMED,
        _("Only a month the commune confirmed can be returned."),
        problems,
    )
    row.status = MonthStatus.RETURNED
    row.decided_by, row.decided_at, row.comment = user, timezone.now(), comment
    row.save()
    # The commune's officers learn it (a month may be returned again after a new
    # confirmation: each return is an event of its own).
    notify(
        kind=NotificationKind.MONTH_RETURNED,
        recipients=officers_of(row.commune),
        link=row.get_absolute_url(),
        params={"month": f"{row.month:%m/%Y}", "commune": row.commune.name},
        body=comment,
        event=f"month-returned:{row.pk}:{row.decided_at.isoformat()}",
    )
    return row


@transaction.atomic
def reopen_month(*, user, month: CommuneMonth, reason: str) -> CommuneMonth:
    """Unlock an approved month, with the reason: the commune corrects and confirms again."""
    problems = {} if reason.strip() else {"reason": _("Give the reason for reopening the month.")}
    row = _decided(
        user, month, MonthStatus.APPROVED, _("Only an approved month can be reopened."), problems
    )
    row.status = MonthStatus.OPEN
    row.reopened_by, row.reopened_at, row.reopen_reason = user, timezone.now(), reason
    row.save()
    return row


def approval_count(communes, months: list[datetime.date]) -> dict:
    """How many of ``communes`` (a queryset) have every month of ``months`` approved: what
    the dashboards and reports say ("x/y xã đã được duyệt số liệu"). One query."""
    fully_approved = (
        CommuneMonth.objects.filter(month__in=months, status=MonthStatus.APPROVED)
        .values("commune")
        .annotate(n=Count("pk"))
        .filter(n=len(months))
        .values("commune")
    )
    found = communes.aggregate(
        total=Count("pk"), approved=Count("pk", filter=Q(pk__in=fully_approved))
    )
    return {
        "approved": found["approved"] if months else 0,
        "total": found["total"],
        "months": months,
    }
