"""The map of a unit: its communes (or, for the country, its provinces) as circles placed by
the coordinates ``load_areas`` stored from the ``vietnamadminunits`` package, sized and
coloured by one figure of the engine's breakdown rows, and its cameras as points. No tile
server (these networks have no internet): plain SVG drawn on the server, on a plain
background with a graticule and a scale bar.

Nothing is counted here: the circles' figures are the breakdown rows of ``compute`` (for a
commune, its headline figures), the same numbers as the dashboard's table."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Q, TextChoices
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from models_registry.models import Camera, CameraStatus
from reports.statistics import Figures, format_number

# "Silent": no shift in the last SILENT_DAYS days, today included (as the completeness page
# counts its window).
SILENT_DAYS = 14
WIDTH = 600  # the SVG's user units across; its height follows the unit's shape
MAX_HEIGHT = 780
PAD = 28  # room for the largest circle at the edge
R_MIN, R_MAX = 4.0, 22.0
R_COMMUNE = 14.0  # a commune's own map: one circle among its cameras
MIN_SPAN = 0.04  # degrees: a lone commune still gets some country round it
KM_PER_DEGREE = 111.32
TONES = 4
SCALE_STRIP = 24  # below the points, for the scale bar
LABEL_WIDTH = 60  # room a graticule label needs at the right edge


class MapFigure(TextChoices):
    SHIFTS = "shifts", gettext_lazy("Shifts")
    INCIDENTS = "incidents", gettext_lazy("Incidents")
    SILENT = "silent", gettext_lazy("No shift in 14 days")


@dataclass(frozen=True)
class Projection:
    """Equirectangular, longitudes shrunk by the cosine of the middle latitude, fitted into a
    box ``width`` × ``height`` with ``pad`` left free on every side."""

    west: float
    north: float
    x_scale: float  # user units per degree of longitude
    y_scale: float  # user units per degree of latitude
    x_offset: float
    y_offset: float
    width: float
    height: float

    def __call__(self, latitude, longitude) -> tuple[float, float]:
        x = self.x_offset + (float(longitude) - self.west) * self.x_scale
        y = self.y_offset + (self.north - float(latitude)) * self.y_scale
        return round(x, 1), round(y, 1)

    def latitude_at(self, y: float) -> float:
        return self.north - (y - self.y_offset) / self.y_scale

    def longitude_at(self, x: float) -> float:
        return self.west + (x - self.x_offset) / self.x_scale


def projection(
    points, *, width: float = WIDTH, max_height: float = MAX_HEIGHT, pad: float = PAD
) -> Projection:
    """The projection that fits ``points`` (latitude, longitude pairs) into the box."""
    lats = [float(lat) for lat, _lon in points] or [16.0]
    lons = [float(lon) for _lat, lon in points] or [106.0]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    middle = (south + north) / 2
    shrink = math.cos(math.radians(middle))
    lat_span = max(north - south, MIN_SPAN)
    lon_span = max((east - west) * shrink, MIN_SPAN)
    inner = width - 2 * pad
    scale = inner / max(lon_span, lat_span * inner / (max_height - 2 * pad))
    height = min(max_height, max(lat_span * scale + 2 * pad, width / 2))
    # Centre the points in the box.
    x_offset = (width - (east - west) * shrink * scale) / 2
    y_offset = (height - (north - south) * scale) / 2
    # A strip below the points for the scale bar.
    return Projection(
        west, north, shrink * scale, scale, x_offset, y_offset, width, height + SCALE_STRIP
    )


@dataclass
class MapUnit:
    """A commune (or province) of the map with its figures, from one breakdown row."""

    pk: int
    name: str
    shifts: int
    incidents: int
    last_shift: datetime.date | None
    silent: bool
    url: str
    latitude: object = None
    longitude: object = None
    x: float = 0.0
    y: float = 0.0
    r: float = R_MIN
    tone: str = ""
    text: str = ""

    @property
    def placed(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class UnitMap:
    figure: str
    width: float
    height: float
    units: list[MapUnit]  # every row, in the breakdown's order
    cameras: list[dict] = field(default_factory=list)
    cameras_drawn: bool = True
    legend: list[dict] = field(default_factory=list)
    graticule: list[dict] = field(default_factory=list)
    scale_bar: dict | None = None

    @property
    def drawn(self) -> list[MapUnit]:
        """The units with coordinates, the largest circles first so small ones stay on top."""
        return sorted((u for u in self.units if u.placed), key=lambda u: (-u.r, u.name))

    @property
    def missing(self) -> list[MapUnit]:
        return [u for u in self.units if not u.placed]


def is_silent(last_shift: datetime.date | None, today: datetime.date) -> bool:
    """No shift in the last ``SILENT_DAYS`` days, today included."""
    return last_shift is None or last_shift <= today - datetime.timedelta(days=SILENT_DAYS)


def unit_map(user, figures: Figures, figure: str, today: datetime.date, query: str) -> UnitMap:
    """The map of ``figures``' unit, its circles sized and coloured by ``figure``; each circle
    links to its unit's dashboard with ``query`` (the period picked)."""
    scope = figures.scope
    suffix = f"?{query}" if query else ""
    link = lambda pk: reverse("reports:unit_dashboard", args=[pk]) + suffix  # noqa: E731
    if scope.breakdown in ("commune", "province"):
        units = [
            MapUnit(
                row.key,
                row.label,
                row["shifts"].value,
                row["incidents"].value,
                row.extra["last_shift"],
                is_silent(row.extra["last_shift"], today),
                link(row.key),
            )
            for row in figures.breakdown
        ]
    else:  # one commune: its own figures; its last shift is its models' latest
        shifts = [row.extra["last_shift"] for row in figures.breakdown if row.extra["last_shift"]]
        last = max(shifts, default=None)
        units = [
            MapUnit(
                scope.unit.pk,
                scope.unit.name,
                figures.headline["shifts"].value,
                figures.headline["incidents"].value,
                last,
                is_silent(last, today),
                link(scope.unit.pk),
            )
        ]
    places = {
        pk: (lat, lon)
        for pk, lat, lon in Area.objects.for_user(user)
        .filter(pk__in=[u.pk for u in units], latitude__isnull=False, longitude__isnull=False)
        .values_list("pk", "latitude", "longitude")
    }
    for unit in units:
        unit.latitude, unit.longitude = places.get(unit.pk, (None, None))

    cameras_drawn = scope.breakdown != "province"  # the country: provinces only
    cameras = _cameras(user, figures) if cameras_drawn else []
    placed = [u for u in units if u.placed]
    points = [(u.latitude, u.longitude) for u in placed] + [(c["lat"], c["lon"]) for c in cameras]
    lone = scope.breakdown not in ("commune", "province")
    if lone and placed:
        points += _reach(placed[0], scope.unit.area_km2)
    project = projection(points)
    for unit in placed:
        unit.x, unit.y = project(unit.latitude, unit.longitude)
    for camera in cameras:
        camera["x"], camera["y"] = project(camera.pop("lat"), camera.pop("lon"))

    legend = _style(units, figure, lone=lone)
    return UnitMap(
        figure=figure,
        width=project.width,
        height=round(project.height, 1),
        units=units,
        cameras=cameras,
        cameras_drawn=cameras_drawn,
        legend=legend,
        graticule=_graticule(project),
        scale_bar=_scale_bar(project),
    )


def _reach(unit: MapUnit, area_km2) -> list[tuple[float, float]]:
    """Two corners of a square about as wide as the commune (a disc of its area; 30 km² when
    unknown), so that a commune's own map shows some of its country round the centre."""
    half = math.sqrt(float(area_km2 or 30) / math.pi) / KM_PER_DEGREE
    lat, lon = float(unit.latitude), float(unit.longitude)
    widen = half / math.cos(math.radians(lat))
    return [(lat - half, lon - widen), (lat + half, lon + widen)]


def _cameras(user, figures: Figures) -> list[dict]:
    """The cameras in place at the end of the period that have coordinates (soft-deleted
    ones, those of a deactivated network and those removed by then left out, as the engine
    counts)."""
    scope = figures.scope
    qs = (
        Camera.objects.for_user(user)
        .in_unit(scope.unit)
        .filter(
            latitude__isnull=False,
            longitude__isnull=False,
            installed_on__lte=figures.period.end,
            model__deleted_at__isnull=True,
        )
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=figures.period.end))
    )
    if scope.model_type is not None:
        qs = qs.filter(model__model_type=scope.model_type)
    return [
        {
            "lat": row["latitude"],
            "lon": row["longitude"],
            "title": f"{row['code']} — {row['place']}",
            "broken": row["status"] == CameraStatus.BROKEN,
        }
        for row in qs.order_by("code", "pk").values(
            "code", "place", "status", "latitude", "longitude"
        )
    ]


def tone_bounds(largest: int) -> list[int]:
    """The upper bounds of the colour classes of the values 1 … ``largest`` (equal steps,
    rounded up, repeats dropped): 12 → [3, 6, 9, 12]; 2 → [1, 2]."""
    bounds = []
    for step in range(1, TONES + 1):
        bound = math.ceil(largest * step / TONES)
        if bound and bound not in bounds:
            bounds.append(bound)
    return bounds


def _style(units: list[MapUnit], figure: str, *, lone: bool) -> list[dict]:
    """Each unit's radius, colour class and title; returns the legend."""
    if figure == MapFigure.SILENT:
        for unit in units:
            unit.r = R_COMMUNE if lone else (R_MIN + R_MAX) / 2
            unit.tone = "never" if not unit.last_shift else "silent" if unit.silent else "active"
            last = unit.last_shift.strftime("%d/%m/%Y") if unit.last_shift else None
            unit.text = (
                _("%(name)s: last shift %(day)s") % {"name": unit.name, "day": last}
                if last
                else _("%(name)s: no shift recorded") % {"name": unit.name}
            )
        return [
            {"tone": "silent", "r": 12, "text": _("No shift in the last 14 days")},
            {"tone": "active", "r": 12, "text": _("Logged in the last 14 days")},
            {"tone": "never", "r": 12, "text": _("No shift ever recorded")},
        ]
    values = [getattr(unit, figure) for unit in units]
    noun = _("shifts") if figure == MapFigure.SHIFTS else _("incidents")
    if lone:  # one commune: its circle says its figure, no scale to read
        for unit, value in zip(units, values, strict=True):
            unit.r, unit.tone = R_COMMUNE, "2" if value else "0"
            unit.text = f"{unit.name}: {format_number(value)} {noun}"
        return [{"tone": u.tone, "r": R_COMMUNE, "text": u.text} for u in units]
    largest = max(values, default=0)
    bounds = tone_bounds(largest)
    for unit, value in zip(units, values, strict=True):
        share = math.sqrt(value / largest) if largest else 0
        unit.r = round(R_MIN + (R_MAX - R_MIN) * share, 1)
        unit.tone = (
            "0" if not value else str(next(i for i, b in enumerate(bounds, 1) if value <= b))
        )
        unit.text = f"{unit.name}: {format_number(value)} {noun}"
    legend = [{"tone": "0", "r": R_MIN, "text": "0"}]
    low = 1
    for index, bound in enumerate(bounds, 1):
        share = math.sqrt(bound / largest)
        text = (
            format_number(bound) if low == bound else f"{format_number(low)}–{format_number(bound)}"
        )
        legend.append(
            {"tone": str(index), "r": round(R_MIN + (R_MAX - R_MIN) * share, 1), "text": text}
        )
        low = bound + 1
    return legend


NICE_STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5]


def _graticule(project: Projection) -> list[dict]:
    """Parallels and meridians at a round step, three to six of each, with their labels."""
    north = project.latitude_at(0)
    south = project.latitude_at(project.height)
    west = project.longitude_at(0)
    east = project.longitude_at(project.width)
    span = max(north - south, east - west)
    step = next((s for s in NICE_STEPS if span / s <= 6), NICE_STEPS[-1])
    decimals = 0 if step >= 1 else 1 if step * 10 == int(step * 10) else 2
    lines = []
    lat = math.ceil(south / step) * step
    while lat <= north:
        _x, y = project(lat, west)
        label = _("%(degrees)s°N") % {"degrees": number_format(round(lat, decimals), decimals)}
        lines.append(
            {"x1": 0, "y1": y, "x2": project.width, "y2": y, "tx": 4, "ty": y - 3, "label": label}
        )
        lat += step
    lon = math.ceil(west / step) * step
    while lon <= east:
        if project(north, lon)[0] > project.width - LABEL_WIDTH:
            break
        x, _y = project(north, lon)
        label = _("%(degrees)s°E") % {"degrees": number_format(round(lon, decimals), decimals)}
        lines.append(
            {"x1": x, "y1": 0, "x2": x, "y2": project.height, "tx": x + 3, "ty": 12, "label": label}
        )
        lon += step
    return lines


def _scale_bar(project: Projection) -> dict:
    """A bar of a round number of kilometres, about a fifth of the map's width."""
    km_per_unit = KM_PER_DEGREE / project.y_scale
    target = project.width / 5 * km_per_unit
    length = max(
        (k for k in (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500) if k <= target),
        default=0.5,
    )
    # In the strip at the bottom, on the right: the parallels' labels are on the left.
    y = round(project.height - 8, 1)
    x2 = project.width - 12
    return {
        "x1": round(x2 - length / km_per_unit, 1),
        "x2": x2,
        "y": y,
        "ty": y - 5,
        "text": f"{number_format(length, 1 if length < 1 else 0)} km",
    }
