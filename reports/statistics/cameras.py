"""Figures of the camera networks: cameras in place on a day (installed by then, not yet
removed) by kind and funding, working, linked."""

from __future__ import annotations

from django.db.models import Count, Q

from models_registry.models import (
    Camera,
    CameraFunding,
    CameraKind,
    CameraStatus,
    ModelCategory,
)
from reports.statistics.figures import Figures, Row, Stat
from reports.statistics.frame import Frame


def cameras(frame: Frame, figures: Figures) -> None:
    """Cameras in place at the end of the period by kind and funding, and at the end of the
    comparison period; of those in place at the end, the ones working and linked to the
    police's centre now (a state, not dated). One query."""
    end, prev_end = frame.period.end, frame.previous.end

    def in_place(day) -> Q:
        return Q(installed_on__lte=day) & (Q(removed_on__isnull=True) | Q(removed_on__gt=day))

    rows = (
        frame.scoped(Camera)
        # Only camera networks have cameras (``Camera.clean``): said to PostgreSQL, it reads
        # the unit's camera networks and their cameras by the model's index, not every camera
        # of the country.
        .filter(frame.model_filter(), model__model_type__category=ModelCategory.CAMERA)
        .filter(installed_on__lte=max(end, prev_end))
        .values("kind", "funding")
        .annotate(
            now=Count("pk", filter=in_place(end)),
            before=Count("pk", filter=in_place(prev_end)),
            working=Count("pk", filter=in_place(end) & Q(status=CameraStatus.WORKING)),
            linked=Count("pk", filter=in_place(end) & Q(linked_to_centre=True)),
        )
        .order_by()
    )
    kinds = {value: Row(value, str(label)) for value, label in CameraKind.choices}
    funding = {value: Row(value, str(label)) for value, label in CameraFunding.choices}
    total = Stat(0, 0, "camera")
    working = linked = 0
    for row in rows:
        total.add(row["now"], row["before"])
        kinds[row["kind"]].new("cameras", "camera").add(row["now"], row["before"])
        funding[row["funding"]].new("cameras", "camera").add(row["now"], row["before"])
        working += row["working"]
        linked += row["linked"]
    for row in [*kinds.values(), *funding.values()]:
        row.new("cameras", "camera")
    figures.cameras_by_kind = list(kinds.values())
    figures.cameras_by_funding = list(funding.values())
    figures.headline["cameras"] = total
    figures.headline["cameras_working"] = Stat(working, None, "camera")
    figures.headline["cameras_linked"] = Stat(linked, None, "camera")
