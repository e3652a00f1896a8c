"""The demo province: which of its real communes take part, their villages, the calendar and
the size of the demo, shared by every app's demo loader (each loads its own app's data)."""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection

from areas.models import Area, AreaKind, AreaLevel

DEMO_PROVINCE_CODE = "68"  # Lâm Đồng (since 1 July 2025: with Đắk Nông and Bình Thuận)
HIEP_THANH, DUC_TRONG, BAC_GIA_NGHIA = "24967", "24958", "24611"
# Xã Đắk Nia (Gia Nghĩa, Đắk Nông), of seed 000's farm-produce patrol team, merged into
# Phường Đông Gia Nghĩa on 1 July 2025: the commune of the demo's "60 % fewer thefts" story.
STORY_COMMUNE = "24617"
OFFICER_COMMUNES = (HIEP_THANH, DUC_TRONG, BAC_GIA_NGHIA)

# Villages of the communes the story and the demo users show; other communes get numbered ones.
NAMED_VILLAGES = {
    HIEP_THANH: (
        AreaKind.VILLAGE,
        [
            "Thôn Phi Nôm",
            "Thôn Quảng Hiệp",
            "Thôn Định An",
            "Thôn Bồng Lai",
            "Thôn K'Rèn",
            "Thôn Trung Hiệp",
        ],
    ),
    DUC_TRONG: (
        AreaKind.VILLAGE,
        ["Thôn Bắc Hội", "Thôn Phú Trung", "Thôn Đa Thiện", "Thôn Tân Hiệp"],
    ),
    BAC_GIA_NGHIA: (
        AreaKind.RESIDENTIAL_GROUP,
        ["Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3", "Tổ dân phố 4", "Tổ dân phố 5"],
    ),
    STORY_COMMUNE: (
        AreaKind.VILLAGE,
        ["Bon N'Jriêng", "Bon Bu Sir", "Thôn Nam Rạ", "Thôn Phú Xuân", "Thôn Cây Xoài"],
    ),
}


@dataclass(frozen=True)
class DemoSize:
    """How much the demo generates. ``full`` is what `make demo` shows; ``small`` keeps every
    pattern (breadth, the story, silent teams, seasons) at a fraction of the rows, for tests."""

    name: str
    commune_share: float  # communes with models (the issue asks for at least 60 %)
    models_scale: float  # models per commune, against the seeds' proportions
    patrol_communes: int | None  # communes with patrol teams besides the special ones (None: all)
    shift_scale: float  # how often teams patrol
    incident_scale: float  # how much happens in a commune


SIZES = {
    "full": DemoSize("full", 0.66, 1.0, None, 1.0, 1.0),
    "small": DemoSize("small", 0.62, 0.2, 4, 0.5, 0.5),
}


@dataclass
class Demo:
    """One run of the demo loader: its day, its size and the communes that take part."""

    today: datetime.date
    size: DemoSize
    province: Area
    communes: list[Area] = field(default_factory=list)

    @property
    def start(self) -> datetime.date:
        """History starts on 1 January three years before the current year."""
        return history_start(self.today)

    def is_special(self, commune: Area) -> bool:
        return self.is_special_code(commune.code)

    @staticmethod
    def is_special_code(code: str) -> bool:
        """The communes of the demo users and of the story: never silent, always complete."""
        return code in OFFICER_COMMUNES or code == STORY_COMMUNE

    @property
    def silent_communes(self) -> list[Area]:
        """Communes whose every team stopped logging (completeness shows them)."""
        ordinary = [c for c in self.communes if not self.is_special(c)]
        ordinary.sort(key=lambda c: stable_hash("silent", c.code))
        return ordinary[:2]


def history_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year - 3, 1, 1)


def stable_hash(*parts: object) -> int:
    """A number that depends only on ``parts``: the same commune or team is picked on every
    run and every machine (Python's ``hash`` of a string changes between processes)."""
    return zlib.crc32("|".join(map(str, parts)).encode())


def demo_province() -> Area:
    return Area.objects.current().get(code=DEMO_PROVINCE_CODE, level=AreaLevel.PROVINCE)


def demo_commune(code: str) -> Area:
    return Area.objects.current().get(code=code, level=AreaLevel.COMMUNE)


def plan(today: datetime.date, size: DemoSize) -> Demo:
    """The communes that take part: the special ones and a stable share of the others."""
    province = demo_province()
    communes = list(
        Area.objects.current().communes().filter(parent=province).order_by("sort_name", "pk")
    )
    wanted = round(len(communes) * size.commune_share)
    special = [c for c in communes if c.code in OFFICER_COMMUNES or c.code == STORY_COMMUNE]
    others = sorted(
        (c for c in communes if c not in special), key=lambda c: stable_hash("take", c.code)
    )
    chosen = {c.pk for c in special + others[: max(0, wanted - len(special))]}
    return Demo(today, size, province, [c for c in communes if c.pk in chosen])


def village_names(commune: Area) -> tuple[str, list[str]]:
    if commune.code in NAMED_VILLAGES:
        return NAMED_VILLAGES[commune.code]
    count = 3 + stable_hash("villages", commune.code) % 5
    if commune.kind == AreaKind.WARD:
        return AreaKind.RESIDENTIAL_GROUP, [f"Tổ dân phố {n}" for n in range(1, count + 1)]
    return AreaKind.VILLAGE, [f"Thôn {n}" for n in range(1, count + 1)]


def load_demo_villages(demo: Demo) -> int:
    """The villages of every commune of the demo that has none yet; returns how many."""
    have = set(
        Area.objects.villages()
        .filter(parent__in=demo.communes)
        .values_list("parent_id", flat=True)
        .distinct()
    )
    rows = []
    for commune in demo.communes:
        if commune.pk in have:
            continue
        kind, names = village_names(commune)
        rows += [Area(parent=commune, name=name, kind=kind) for name in names]
    for area, pk in zip(rows, Area.reserve_ids(len(rows)) if rows else [], strict=True):
        area.pk, area.level = pk, AreaLevel.VILLAGE
        area.path = f"{area.parent.path}{pk}/"
    Area.objects.bulk_create(rows)
    return len(rows)


def reserve_ids(table: str, count: int) -> list[int]:
    """``count`` primary keys of ``table``, for rows loaded by COPY that others point to."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Load rows with PostgreSQL's COPY, triggers off (as ``make bench`` loads): the volume of
    the demo (shifts, participant turns, incidents) in seconds rather than minutes — each
    history trigger costs about a millisecond a row. The caller writes what the triggers would
    (a shift's turns) and rebuilds their summaries; constraints (checks, unique and exclusion)
    still hold, and ``tests/test_demo.py`` checks the rest in SQL (keys, memberships, tip-offs).
    The rows loaded so have no history event: their history starts with their first change."""
    count = 0
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no COPY
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        cursor.execute("SET LOCAL session_replication_role = origin")
    return count
