"""Dates and times as people type them: dd/mm/yyyy and 24-hour hh:mm, whatever the browser's
language, read strictly — a day that does not exist (31/02/2026) is named as such, not
answered with the expected format.

What is read (one rule for every form and filter of the portal):

- a date: ``05/03/2026``, ``5/3/2026`` (also with ``.`` or ``-`` between the parts),
  ``05032026`` (the digits alone, as a phone's number pad types them) and ISO ``2026-03-05``
  (links, and pages a phone cached before these inputs existed); the year has four digits;
- a time: ``21:30``, ``9:05``, ``21.30``, ``21h30``, ``21h``, ``2130``, and ``21:30:00``;
- a date and time: a date and a time separated by a space (or ``T``, as ISO has it).
"""

from __future__ import annotations

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 1900, 2100

_DAY_FIRST = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?::(\d{2}))?|[hH](\d{2})?)$|^(\d{2})(\d{2})$")

DATE_FORMAT_MESSAGE = _("Enter the date as dd/mm/yyyy, for example 05/03/2026.")
TIME_FORMAT_MESSAGE = _("Enter the time as hh:mm (24-hour), for example 21:30.")
DATETIME_FORMAT_MESSAGE = _(
    "Enter the date and time as dd/mm/yyyy hh:mm, for example 05/03/2026 21:30."
)


def parse_date(text: str) -> datetime.date:
    """The day ``text`` names, or a ``ValidationError`` that says what is wrong with it."""
    text = text.strip()
    if match := _DAY_FIRST.match(text):
        day, _sep, month, year = match.groups()
    elif match := _DIGITS.match(text):
        day, month, year = match.groups()
    elif match := _ISO.match(text):
        year, month, day = match.groups()
    else:
        raise ValidationError(DATE_FORMAT_MESSAGE, code="invalid")
    day, month, year = int(day), int(month), int(year)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("The year %(year)s is not possible: enter a year from %(first)s to %(last)s."),
            code="invalid_year",
            params={"year": year, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    if not 1 <= month <= 12:
        raise ValidationError(
            _("There is no month %(month)s: months run from 01 to 12."),
            code="invalid_month",
            params={"month": f"{month:02d}"},
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValidationError(
            _("%(date)s does not exist: %(month)s/%(year)s has %(days)s days."),
            code="invalid_day",
            params={
                "date": f"{day:02d}/{month:02d}/{year}",
                "month": f"{month:02d}",
                "year": year,
                "days": days,
            },
        )
    return datetime.date(year, month, day)


def parse_time(text: str) -> datetime.time:
    """The time of day ``text`` names (24-hour), or a ``ValidationError`` saying why not."""
    match = _TIME.match(text.strip())
    if not match:
        raise ValidationError(TIME_FORMAT_MESSAGE, code="invalid")
    hour, minute, second, minute_h, hour4, minute4 = match.groups()
    hour, minute = int(hour or hour4), int(minute or minute_h or minute4 or 0)
    if hour > 23:
        raise ValidationError(
            _("There is no hour %(hour)s: hours run from 00 to 23."),
            code="invalid_hour",
            params={"hour": f"{hour:02d}"},
        )
    if minute > 59 or int(second or 0) > 59:
        raise ValidationError(
            _("There is no minute %(minute)s: minutes run from 00 to 59."),
            code="invalid_minute",
            params={"minute": f"{max(minute, int(second or 0)):02d}"},
        )
    return datetime.time(hour, minute, int(second or 0))


def parse_datetime(text: str) -> datetime.datetime:
    """A date and a time of day (naive, local), each read as above."""
    parts = re.split(r"\s+|T", text.strip(), maxsplit=1)
    if len(parts) != 2 or not parts[1].strip():
        raise ValidationError(DATETIME_FORMAT_MESSAGE, code="invalid")
    return datetime.datetime.combine(parse_date(parts[0]), parse_time(parts[1]))
