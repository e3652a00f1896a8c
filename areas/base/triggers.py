"""Statement-level triggers that keep a derived figure exact for every write path: one helper
for every app's summaries (the patrol logs' monthly summaries, the registry's members by unit)."""

from __future__ import annotations

import pgtrigger


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
