"""Values PostgreSQL keeps for the patrol tables: a timestamp's local day in a generated column,
and statement-level triggers that keep a derived figure exact for every write path."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


def transition_triggers(prefix: str, change, *, update: str = "") -> list[pgtrigger.Trigger]:
    """Statement-level AFTER triggers that apply ``change(rows, add)`` to the rows a statement
    inserted (``add=True``), deleted (``add=False``) or updated (old rows taken away, new rows
    added; or ``update``, SQL reading ``old_rows`` and ``new_rows``): derived figures stay exact
    in the same statement, for every write path (forms, API, import, bulk loads)."""
    update = update or change("old_rows", False) + " " + change("new_rows", True)
    return [
        pgtrigger.Trigger(
            name=f"{prefix}_insert",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Insert,
            referencing=pgtrigger.Referencing(new="new_rows"),
            func=change("new_rows", True) + " RETURN NULL;",
        ),
        pgtrigger.Trigger(
            name=f"{prefix}_delete",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Delete,
            referencing=pgtrigger.Referencing(old="old_rows"),
            func=change("old_rows", False) + " RETURN NULL;",
        ),
        pgtrigger.Trigger(
            name=f"{prefix}_update",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
            func=update + " RETURN NULL;",
        ),
    ]
