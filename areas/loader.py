"""Load the official administrative units from the ``vietnamadminunits`` package.

Two trees come from the package's offline data: the 34 provinces and 3,321 communes in force
since 1 July 2025, and the 63-province, three-tier tree that stood before, with the mapping
from old units to their successors. Loading compares every unit with what is stored and
writes only differences, so running it twice changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import vietnamadminunits
from django.db import transaction

from areas.models import LEGACY_VALID_TO, REFORM_DATE, Area, AreaKind
from areas.scoping import unscoped

DATA_DIR = Path(vietnamadminunits.__file__).parent / "data"

COUNTRY_CODE = "VN"

_WARD_KIND = {
    "Xã": AreaKind.COMMUNE,
    "Phường": AreaKind.WARD,
    "Đặc khu": AreaKind.SPECIAL_ZONE,
    "Thị trấn": AreaKind.TOWNSHIP,
}
_DISTRICT_KIND = {
    "Huyện": AreaKind.DISTRICT,
    "Quận": AreaKind.URBAN_DISTRICT,
    "Thị xã": AreaKind.TOWN,
    "Thành phố": AreaKind.PROVINCIAL_CITY,
}
_COMPARED = (
    "name",
    "short_name",
    "kind",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "area_km2",
    "parent_id",
)


@dataclass
class UnitRow:
    key: tuple  # (code, level, valid_to): the natural key of an official unit
    parent_key: tuple | None
    values: dict
    source_key: str = ""  # the package's own key, used for the old → new mapping


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successor_links_added: int = 0
    by_level: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"successor links added {self.successor_links_added}"
        )


def _dec(value, places: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(round(float(value), places)))


def _province_kind(full_name: str) -> AreaKind:
    return AreaKind.CITY if full_name.startswith("Thành phố") else AreaKind.PROVINCE


def _province_row(r: sqlite3.Row, key: tuple, parent_key: tuple, **validity) -> UnitRow:
    values = {
        "name": r["province"],
        "short_name": r["provinceShort"],
        "kind": _province_kind(r["province"]),
        "latitude": _dec(r["provinceLat"], 6),
        "longitude": _dec(r["provinceLon"], 6),
        **validity,
    }
    return UnitRow(key, parent_key, values, r["provinceKey"])


def _read_units() -> tuple[list[UnitRow], dict]:
    """Rows for every official unit, parents first, plus the package's old → new mapping."""
    db = sqlite3.connect(DATA_DIR / "dataset.db")
    db.row_factory = sqlite3.Row
    rows: list[UnitRow] = []
    country_key = (COUNTRY_CODE, 0, None)
    rows.append(
        UnitRow(
            country_key,
            None,
            {"name": "Việt Nam", "short_name": "Việt Nam", "kind": AreaKind.COUNTRY},
        )
    )

    # The 34-province, two-tier tree in force since 1 July 2025.
    new_province_by_key = {}
    new_ward_by_key = {}
    seen_provinces = set()
    for r in db.execute("SELECT * FROM admin_units ORDER BY provinceCode, wardCode"):
        pkey = (r["provinceCode"], 1, None)
        if pkey not in seen_provinces:
            seen_provinces.add(pkey)
            new_province_by_key[r["provinceKey"]] = pkey
            rows.append(_province_row(r, pkey, country_key, valid_from=REFORM_DATE))
        wkey = (r["wardCode"], 3, None)
        new_ward_by_key[(r["provinceKey"], r["wardKey"])] = wkey
        rows.append(
            UnitRow(
                wkey,
                pkey,
                {
                    "name": r["ward"],
                    "short_name": r["wardShort"],
                    "kind": _WARD_KIND[r["wardType"]],
                    "valid_from": REFORM_DATE,
                    "latitude": _dec(r["wardLat"], 6),
                    "longitude": _dec(r["wardLon"], 6),
                    "area_km2": _dec(r["wardAreaKm2"], 2),
                },
                r["wardKey"],
            )
        )

    # The 63-province, three-tier tree that stood until 30 June 2025.
    old_province_by_key, old_unit_by_key = {}, {}
    seen = set()
    for r in db.execute(
        "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    ):
        pkey = (r["provinceCode"], 1, LEGACY_VALID_TO)
        if pkey not in seen:
            seen.add(pkey)
            old_province_by_key[r["provinceKey"]] = pkey
            rows.append(_province_row(r, pkey, country_key, valid_to=LEGACY_VALID_TO))
        dkey = (r["districtCode"], 2, LEGACY_VALID_TO)
        if dkey not in seen:
            seen.add(dkey)
            rows.append(
                UnitRow(
                    dkey,
                    pkey,
                    {
                        "name": r["district"],
                        "short_name": r["districtShort"],
                        "kind": _DISTRICT_KIND[r["districtType"]],
                        "valid_to": LEGACY_VALID_TO,
                        "latitude": _dec(r["districtLat"], 6),
                        "longitude": _dec(r["districtLon"], 6),
                    },
                    r["districtKey"],
                )
            )
        composite = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        if r["wardCode"] is None:  # island districts with no communes below them
            old_unit_by_key[composite] = dkey
            continue
        wkey = (r["wardCode"], 3, LEGACY_VALID_TO)
        old_unit_by_key[composite] = wkey
        rows.append(
            UnitRow(
                wkey,
                dkey,
                {
                    "name": r["ward"],
                    "short_name": r["wardShort"],
                    "kind": _WARD_KIND[r["wardType"]],
                    "valid_to": LEGACY_VALID_TO,
                    "latitude": _dec(r["wardLat"], 6),
                    "longitude": _dec(r["wardLon"], 6),
                },
                r["wardKey"],
            )
        )
    db.close()

    # Successors: old province → new province; old commune → the new commune(s) it went to;
    # old district → every new commune that took one of its communes.
    converter = json.loads((DATA_DIR / "converter_2025.json").read_text(encoding="utf-8"))
    links: set[tuple[tuple, tuple]] = set()
    for new_pkey, old_pkeys in converter["DICT_PROVINCE"].items():
        for old in old_pkeys:
            links.add((old_province_by_key[old], new_province_by_key[new_pkey]))
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, olds in wards.items():
            for old in olds:
                links.add((old_unit_by_key[old], new_ward_by_key[(new_pkey, new_wkey)]))
    for new_pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in olds.items():
            for new in news:
                links.add((old_unit_by_key[old], new_ward_by_key[(new_pkey, new["newWardKey"])]))
    parent_of = {row.key: row.parent_key for row in rows}
    for old, new in list(links):
        if old[1] == 3:
            links.add((parent_of[old], new))
    return rows, links


@transaction.atomic
@unscoped("the official units are loaded for the whole country")
def load_areas() -> LoadReport:
    report = LoadReport()
    rows, links = _read_units()
    official = Area.all_objects.exclude(code="")
    stored = {(a.code, a.level, a.valid_to): a for a in official}
    pk_of = {key: a.pk for key, a in stored.items()}

    # Parents come before children in ``rows``; write level by level so paths resolve.
    for level in range(0, 4):
        to_create, to_update = [], []
        for row in rows:
            code, row_level, _ = row.key
            if row_level != level:
                continue
            values = dict(row.values, code=code)
            values["parent_id"] = pk_of[row.parent_key] if row.parent_key else None
            for name in _COMPARED:
                values.setdefault(name, None)
            existing = stored.get(row.key)
            if existing is None:
                to_create.append(Area(**values))
                continue
            changed = [n for n in _COMPARED if getattr(existing, n) != values[n]]
            if existing.deleted_at is not None:  # a soft-deleted official unit comes back
                values["deleted_at"] = None
                changed.append("deleted_at")
            if changed:
                for name in changed:
                    setattr(existing, name, values[name])
                to_update.append((existing, changed))
            else:
                report.unchanged += 1
        parents = Area.all_objects.in_bulk({a.parent_id for a in to_create if a.parent_id})
        for area, pk in zip(to_create, Area.reserve_ids(len(to_create)), strict=True):
            area.pk = pk
            area.level = level
            area.path = (parents[area.parent_id].path if area.parent_id else "/") + f"{area.pk}/"
        Area.all_objects.bulk_create(to_create, batch_size=1000)
        for area in to_create:
            pk_of[(area.code, area.level, area.valid_to)] = area.pk
        for area, changed in to_update:
            area.save(update_fields=changed)
        report.created += len(to_create)
        report.updated += len(to_update)
        report.by_level[level] = len(to_create) + len(to_update)

    through = Area.successors.through
    wanted = {(pk_of[old], pk_of[new]) for old, new in links}
    have = set(through.objects.values_list("from_area_id", "to_area_id"))
    missing = wanted - have
    through.objects.bulk_create(
        [through(from_area_id=a, to_area_id=b) for a, b in sorted(missing)], batch_size=2000
    )
    report.successor_links_added = len(missing)
    return report
