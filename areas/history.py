"""Change history of a domain row, read from django-pghistory's events for detail pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

ACTIONS = {"insert": _("created"), "update": _("changed"), "delete": _("deleted")}
HIDDEN = {"updated_at", "created_at", "path", "level"}


@dataclass
class HistoryEntry:
    when: object
    user: object
    action: str
    changes: list[tuple[str, object, object]]
    url: str


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
    except Exception:  # a column that is not a field (e.g. a removed one)
        return name


def history_of(obj, limit: int = 50) -> list[HistoryEntry]:
    """The newest ``limit`` changes of ``obj``: who, when, what changed (two queries)."""
    events = list(Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    users = get_user_model().objects.in_bulk({u for u in user_ids if u})
    model = type(obj)
    entries = []
    for event in events:
        context = event.pgh_context or {}
        diff = event.pgh_diff or {}
        changes = []
        for name, (old, new) in sorted(diff.items()):
            if name in HIDDEN:
                continue
            if name == "deleted_at":
                changes.append((str(_("deleted")), old is not None, new is not None))
                continue
            changes.append((_label(model, name), old, new))
        action_key = event.pgh_label
        if action_key == "update" and "deleted_at" in diff and diff["deleted_at"][1]:
            action_key = "delete"
        entries.append(
            HistoryEntry(
                when=event.pgh_created_at
                if not isinstance(event.pgh_created_at, str)
                else parse_datetime(event.pgh_created_at),
                user=users.get(context.get("user")),
                action=ACTIONS.get(action_key, action_key),
                changes=changes,
                url=context.get("url", ""),
            )
        )
    return entries
