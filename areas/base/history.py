"""Change history of a domain row, read from django-pghistory's events for detail pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
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


def _shown(model, name: str, value, users: dict):
    """A recorded value as the pages show it: a choice by its label, a user by name, a
    timestamp in local time."""
    if value is None:
        return None
    try:
        field = model._meta.get_field(name.removesuffix("_id"))
    except Exception:  # a column that is not a field
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field.is_relation and field.related_model is get_user_model():
        return users.get(value, value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None:
            return formats.date_format(timezone.localtime(parsed), "SHORT_DATETIME_FORMAT")
    elif isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    return value


def history_of(obj, limit: int = 50, actions: dict | None = None) -> list[HistoryEntry]:
    """The newest ``limit`` changes of ``obj``: who, when, what changed (two queries).
    ``actions`` names the model's own events (its ``pghistory.ManualEvent`` labels)."""
    actions = {**ACTIONS, **(actions or {})}
    events = list(Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    model = type(obj)
    user_fields = {
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is get_user_model()
    }
    for event in events:
        for name, values in (event.pgh_diff or {}).items():
            if name in user_fields:
                user_ids.update(v for v in values if isinstance(v, int))
    users = get_user_model().objects.in_bulk({u for u in user_ids if u})
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
            changes.append(
                (
                    _label(model, name),
                    _shown(model, name, old, users),
                    _shown(model, name, new, users),
                )
            )
        action_key = event.pgh_label
        if action_key == "update" and "deleted_at" in diff and diff["deleted_at"][1]:
            action_key = "delete"
        entries.append(
            HistoryEntry(
                when=event.pgh_created_at
                if not isinstance(event.pgh_created_at, str)
                else parse_datetime(event.pgh_created_at),
                user=users.get(context.get("user")),
                action=actions.get(action_key, action_key),
                changes=changes,
                url=context.get("url", ""),
            )
        )
    return entries
