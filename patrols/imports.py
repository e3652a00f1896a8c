"""Import past shifts, with their participants and incidents, from an .xlsx workbook.

Sheet 1 "Ca tuần tra": one row per shift, participants named in one cell, separated by ";".
Sheet 2 "Vụ việc" (optional): one row per incident, tied to its shift by "Số ca" (the number in
the shift sheet's first column), with the suspects arrested in it and, for a tip-off, the number
of the recorded case it helped solve (the "#" on the case's page, a case of your area). Every row
goes through ``record_shift``, the same rules as the entry page; nothing is kept unless every row
is valid and the import is confirmed.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.base.sheets import (
    ImportResult,
    ImportRow,
    SheetError,
    cell_text,
    open_workbook,
    parse_date,
    parse_time,
    read_sheet,
)
from areas.models import Area
from models_registry.models import GrassrootsModel, ModelCategory
from patrols.models import DetectedBy, Incident, IncidentCategory, Outcome, Shift
from patrols.services import members_on, record_shift, shift_times

SHIFT_COLUMNS = [
    "Số ca",
    "Ngày",
    "Từ giờ",
    "Đến giờ",
    "Tổ tuần tra",
    "Thành viên tham gia",
    "Công an xã",
    "Dân quân",
    "Lực lượng khác",
    "Ghi chú",
]
INCIDENT_COLUMNS = [
    "Số ca",
    "Giờ",
    "Loại vụ việc",
    "Thôn/Tổ dân phố",
    "Phát hiện qua",
    "Kết quả xử lý",
    "Số người liên quan",
    "Mô tả",
    "Số đối tượng bị bắt",
    "Giúp khám phá vụ việc số",
]


def _choice(text: str, choices) -> str | None:
    wanted = text.lower()
    for value, label in choices:
        if wanted in {str(value).lower(), str(label).lower()}:
            return value
    return None


def _count(text: str) -> int:
    return int(text) if text else 0


def import_shifts(*, user, content: bytes, commit: bool) -> ImportResult:
    try:
        workbook = open_workbook(content)
        shift_rows = read_sheet(workbook, 0, SHIFT_COLUMNS)
        incident_rows = read_sheet(workbook, 1, INCIDENT_COLUMNS, required=False)
    except SheetError as err:
        return ImportResult(rows=[], file_errors=[str(err)])
    result = ImportResult(rows=[])
    if not shift_rows:
        result.file_errors.append(_("The shift sheet has no rows."))
        return result

    teams = {
        cell_text(t.name).lower(): t
        for t in GrassrootsModel.objects.for_user(user).filter(
            model_type__category=ModelCategory.PATROL
        )
    }
    categories = {cell_text(c.name).lower(): c for c in IncidentCategory.objects.all()}
    incidents_by_shift: dict[str, list] = {}
    for number, cells in incident_rows:
        incidents_by_shift.setdefault(cell_text(cells[0]), []).append((number, cells))
    # The cases the tip-offs name, read once, inside the user's area.
    case_numbers = {_case_number(cells[-1]) for _n, cells in incident_rows} - {None}
    cases = Incident.objects.for_user(user).in_bulk([n for n in case_numbers if 0 < n < 2**63])

    with transaction.atomic():
        for number, cells in shift_rows:
            values = dict(zip(SHIFT_COLUMNS, map(cell_text, cells), strict=True))
            row = ImportRow(number, values)
            result.rows.append(row)
            try:
                with transaction.atomic():  # a savepoint per shift: later rows see earlier ones
                    _import_one(
                        row,
                        cells,
                        teams,
                        categories,
                        cases,
                        incidents_by_shift.get(values["Số ca"], []),
                    )
            except ValidationError as err:
                for messages in err.message_dict.values():
                    row.errors.extend(messages)
        known = {r.values["Số ca"] for r in result.rows}
        for key, rows in incidents_by_shift.items():
            if key not in known:
                result.file_errors.extend(
                    _(
                        "Incident sheet row %(row)s names shift %(key)s, which is not in the shift sheet."
                    )
                    % {"row": n, "key": key}
                    for n, _cells in rows
                )
        if commit and result.is_valid:
            result.saved = True
        else:
            transaction.set_rollback(True)
    return result


def _case_number(cell) -> int | None:
    """The number of a case ("125" or "#125"); None when the cell is empty, -1 when it is not
    a number."""
    text = cell_text(cell).lstrip("#").strip()
    if not text:
        return None
    return int(text) if text.isdigit() else -1


def _import_one(row: ImportRow, cells, teams, categories, cases, incident_rows) -> None:
    _key, day, start, end, team_name, names, police, militia, other, notes = cells
    problems = []
    team = teams.get(cell_text(team_name).lower())
    if team is None:
        problems.append(
            _("Patrol team “%(name)s” is not recorded in your area.")
            % {"name": cell_text(team_name)}
        )
    try:
        day, start, end = parse_date(day), parse_time(start), parse_time(end)
    except ValueError:
        problems.append(_("Write the date as dd/mm/yyyy and the times as hh:mm."))
    try:
        guests = [_count(cell_text(v)) for v in (police, militia, other)]
    except ValueError:
        problems.append(_("Guest counts must be whole numbers."))
        guests = [0, 0, 0]
    if problems:
        raise ValidationError({"__all__": problems})

    members = {cell_text(p.full_name).lower(): p for p in members_on(team, day)}
    participants = []
    for name in filter(None, (n.strip() for n in cell_text(names).split(";"))):
        person = members.get(name.lower())
        if person is None:
            problems.append(
                _("%(name)s is not a member of the team on %(day)s.")
                % {"name": name, "day": day.strftime("%d/%m/%Y")}
            )
        else:
            participants.append(person)
    starts_at, ends_at = shift_times(day, start, end)
    incidents = []
    villages = {
        cell_text(v.name).lower(): v for v in Area.objects.villages().filter(parent=team.commune)
    }
    for number, icells in incident_rows:
        _k, at, category, village, detected, outcome, persons, description, arrested, case = icells
        try:
            at_time = parse_time(at)
            on = day if at_time >= start else day + datetime.timedelta(days=1)
            occurred = timezone.make_aware(datetime.datetime.combine(on, at_time))
        except ValueError:
            problems.append(
                _("Incident sheet row %(row)s: write the time as hh:mm.") % {"row": number}
            )
            continue
        category_obj = categories.get(cell_text(category).lower())
        detected_value = _choice(
            cell_text(detected) or str(DetectedBy.PATROL.label), DetectedBy.choices
        )
        outcome_value = _choice(cell_text(outcome), Outcome.choices)
        if category_obj is None or detected_value is None or outcome_value is None:
            problems.append(
                _("Incident sheet row %(row)s: unknown category, detection or outcome.")
                % {"row": number}
            )
            continue
        try:
            count = _count(cell_text(persons))
        except ValueError:
            problems.append(
                _("Incident sheet row %(row)s: the number of persons must be a whole number.")
                % {"row": number}
            )
            continue
        try:
            arrests = _count(cell_text(arrested))
        except ValueError:
            problems.append(
                _(
                    "Incident sheet row %(row)s: the number of suspects arrested must be a "
                    "whole number."
                )
                % {"row": number}
            )
            continue
        case_number = _case_number(case)
        solved_case = cases.get(case_number) if case_number else None
        if case_number is not None and solved_case is None:
            problems.append(
                _(
                    "Incident sheet row %(row)s: incident number %(case)s is not recorded in your area."
                )
                % {"row": number, "case": cell_text(case)}
            )
            continue
        incidents.append(
            Incident(
                occurred_at=occurred,
                category=category_obj,
                detected_by=detected_value,
                outcome=outcome_value,
                persons_involved=count,
                suspects_arrested=arrests,
                solved_case=solved_case,
                description=cell_text(description),
                village=villages.get(cell_text(village).lower()),
            )
        )
    if problems:
        raise ValidationError({"__all__": problems})
    shift = Shift(
        model=team,
        starts_at=starts_at,
        ends_at=ends_at,
        guests_police=guests[0],
        guests_militia=guests[1],
        guests_other=guests[2],
        notes=cell_text(notes),
    )
    record_shift(shift=shift, participants=participants, incidents=incidents)
