"""Values PostgreSQL keeps for the patrol tables: a timestamp's local day in a generated column,
and (from ``areas.base.triggers``) statement-level triggers that keep a derived figure exact for
every write path."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from areas.base.triggers import transition_triggers

__all__ = ["LocalDate", "local_day_field", "transition_triggers"]


class LocalDate(models.Func):
    """The calendar date in Viet Nam of a timestamp: ``(ts AT TIME ZONE 'Asia/Ho_Chi_Minh')::date``.
    Immutable, so PostgreSQL can store it in a generated column and index it."""

    output_field = models.DateField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        zone = settings.TIME_ZONE.replace("'", "")
        return f"(({sql} AT TIME ZONE '{zone}')::date)", params


def local_day_field(source: str) -> models.GeneratedField:
    return models.GeneratedField(
        expression=LocalDate(source),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("day"),
    )
