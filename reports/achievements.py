"""The achievements text of a commendation proposal, worded from ``statistics.achievements``
and, for the commune's police, from the commune's headline figures (``statistics.compute``).
Registered with ``awards.achievements`` in ``ReportsConfig.ready``."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from reports.periods import Period
from reports.statistics import Scope, achievements, compute, format_number

FIGURES = ("models", "members", "shifts", "turns", "incidents", "tip_offs", "mediated")


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def write_achievements(*, user, commune, start, end, models, persons, commune_police: bool) -> str:
    found = achievements(user, start, end, models=models, persons=persons)
    lines = [
        _("Achievements from %(start)s to %(end)s:") % {"start": _date(start), "end": _date(end)}
    ]
    n = lambda row, name: format_number(row[name].value)  # noqa: E731
    for row in found.models:
        text = _(
            "%(name)s: %(shifts)s patrol shifts with %(turns)s participant turns; "
            "%(members)s members; %(incidents)s incidents found or handled, of which "
            "%(tip_offs)s from tip-offs; %(mediated)s mediated successfully."
        ) % {
            "name": row.label,
            "shifts": n(row, "shifts"),
            "turns": n(row, "turns"),
            "members": n(row, "members"),
            "incidents": n(row, "incidents"),
            "tip_offs": n(row, "tip_offs"),
            "mediated": n(row, "mediated"),
        }
        lines.append(f"- {text}")
    if commune_police:
        h = compute(user, Scope(unit=commune), Period(start, end)).headline
        text = _(
            "Police of %(commune)s: across the commune %(models)s models with %(members)s "
            "members, %(shifts)s patrol shifts with %(turns)s participant turns, "
            "%(incidents)s incidents, %(tip_offs)s tip-offs, %(mediated)s mediated successfully."
        ) % {
            "commune": commune.name,
            **{name: format_number(h[name].value) for name in FIGURES},
        }
        lines.append(f"- {text}")
    for row in found.persons:
        text = _(
            "%(name)s: took part in %(turns)s patrol shifts, led %(led)s; "
            "%(incidents)s incidents found on their shifts."
        ) % {
            "name": row.label,
            "turns": n(row, "turns"),
            "led": n(row, "led"),
            "incidents": n(row, "incidents"),
        }
        lines.append(f"- {text}")
    return "\n".join(lines)
