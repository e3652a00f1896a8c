"""Table columns shared by HTML lists and their .xlsx exports, so both show the same values."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from areas.base.xlsx import Sheet


@dataclass(frozen=True)
class Column:
    label: str
    attr: str  # dotted path, e.g. "model_type.name"; choices are shown by their label
    link: bool = False  # link the cell to the row's get_absolute_url


def raw_value(obj, attr: str):
    value = obj
    for part in attr.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part)
        if isinstance(value, models.Manager):
            value = ", ".join(str(v) for v in value.all())
        elif callable(value):
            value = value()
    return value


def display_value(obj, attr: str) -> str:
    value = raw_value(obj, attr)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | float):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def column_sheet(title: str, columns: list[Column], objects) -> Sheet:
    """A list's rows as an .xlsx sheet: the same columns, the raw values (dates stay dates)."""
    return Sheet(
        title,
        [column.label for column in columns],
        ([raw_value(obj, column.attr) for column in columns] for obj in objects),
    )
