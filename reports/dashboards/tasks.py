"""Celery task of the dashboards: the weekly digest of silent units, run by celery beat each
Monday morning (the schedule's row is made by reports migration 0007)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from reports.dashboards import digest


@shared_task(name="reports.tasks.notify_silent_units")
def notify_silent_units(today: str | None = None) -> int:
    """Tell province staff of the communes and teams silent for 14 days. ``today`` (ISO date)
    runs a missed week by hand, as of that day."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return digest.notify_silent_units(day)
