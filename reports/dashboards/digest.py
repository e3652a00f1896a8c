"""The weekly digest of silent units: each Monday, every province's staff are told which of
its communes and patrol teams logged no shift in the last ``SILENT_DAYS`` days — the
completeness page's figures (``reports.statistics.completeness``), the map's "silent"."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from accounts.models import NotificationKind, User
from accounts.notifications import notify
from accounts.roles import Role
from areas.models import AreaLevel
from reports.dashboards.maps import SILENT_DAYS
from reports.statistics import Completeness, completeness


def recipients_by_province() -> dict:
    """The active province staff of each province (staff of the whole country get none: the
    country's list would be too long to read)."""
    staff = User.objects.filter(
        role=Role.PROVINCE_STAFF, is_active=True, scope_unit__level=AreaLevel.PROVINCE
    ).select_related("scope_unit")
    found = defaultdict(list)
    for user in staff.order_by("pk"):
        found[user.scope_unit].append(user)
    return found


def digest_text(result: Completeness) -> str:
    """The digest's lines: the silent communes, then the silent teams with their last shift."""
    lines = []
    if result.silent_communes:
        lines.append(
            _("Communes where no patrol team logged a shift (%(n)s):")
            % {"n": len(result.silent_communes)}
        )
        lines += [f"- {row.label}" for row in result.silent_communes]
    lines.append(_("Patrol teams that logged no shift (%(n)s):") % {"n": len(result.silent_models)})
    for row in result.silent_models:
        last = row.extra["last_shift"]
        if last is None:
            when = _("no shift ever logged")
        else:
            when = _("last shift on %(date)s, %(days)s days ago") % {
                "date": formats.date_format(last, "SHORT_DATE_FORMAT"),
                "days": row.extra["days_silent"],
            }
        lines.append(f"- {row.label} — {row.extra['commune']}: {when}")
    return "\n".join(lines)


def notify_silent_units(today: datetime.date) -> int:
    """Tell each province's staff of its silent communes and teams, as of ``today``; nothing
    when none is silent. Once a week: run again in the same ISO week, it tells no one twice.
    Returns the number of notifications made."""
    year, week, _day = today.isocalendar()
    link = f"{reverse('reports:completeness')}?days={SILENT_DAYS}"
    made = 0
    for province, staff in recipients_by_province().items():
        # The province's staff all see the same figures: computed once, as the first of them.
        result = completeness(staff[0], province, SILENT_DAYS, today)
        if not result.silent_models:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            body = digest_text(result)
        made += len(
            notify(
                kind=NotificationKind.SILENT_UNITS,
                variant="communes" if result.silent_communes else "teams",
                recipients=staff,
                link=link,
                params={
                    "unit": province.name,
                    "communes": len(result.silent_communes),
                    "teams": len(result.silent_models),
                    "days": SILENT_DAYS,
                },
                body=body,
                event=f"silent:{year}-W{week:02d}",
            )
        )
    return made
