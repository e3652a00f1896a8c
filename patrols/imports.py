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
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from areas.base.sheets import (
    CellError,
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
from patrols.forms import EVENING_SPAN
from patrols.models import DetectedBy, Incident, IncidentCategory, Outcome, Shift
from patrols.services import members_on, record_shift, shift_problems, shift_times

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
        shift_sheet = read_sheet(workbook, 0, SHIFT_COLUMNS)
        incident_sheet = read_sheet(workbook, 1, INCIDENT_COLUMNS, required=False)
    except SheetError as err:
        return ImportResult(rows=[], file_errors=[str(err)])
    shift_rows, incident_rows = shift_sheet.rows, incident_sheet.rows
    # Formulas are the file's problems, named by cell; the rows are still checked.
    result = ImportResult(rows=[], file_errors=shift_sheet.problems + incident_sheet.problems)
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
    """Check one shift row whole — its cells, its participants, the rows of its incidents and
    then the recording service's rules on whatever could be read — and record it. Raises
    ``ValidationError`` with every problem found, so a row with a bad name is still told
    that its date is in the future."""
    _key, day, start, end, team_name, names, police, militia, other, notes = cells
    problems: list[str] = []
    team = teams.get(cell_text(team_name).lower())
    if team is None:
        problems.append(
            _("Patrol team “%(name)s” is not recorded in your area.")
            % {"name": cell_text(team_name)}
        )
    day = _read(problems, SHIFT_COLUMNS[1], parse_date, day)
    start = _read(problems, SHIFT_COLUMNS[2], parse_time, start)
    end = _read(problems, SHIFT_COLUMNS[3], parse_time, end)
    guests = [
        _read(problems, column, _whole_number, cell) or 0
        for column, cell in zip(SHIFT_COLUMNS[6:9], (police, militia, other), strict=True)
    ]

    listed = [n.strip() for n in cell_text(names).split(";") if n.strip()]
    if not listed:
        problems.append(
            _("%(column)s: nobody is listed; write the members' names separated by “;”.")
            % {"column": SHIFT_COLUMNS[5]}
        )
    participants = []
    if team is not None and day is not None:
        members = {cell_text(p.full_name).lower(): p for p in members_on(team, day)}
        for name in listed:
            person = members.get(name.lower())
            if person is None:
                problems.append(
                    _("%(name)s is not a member of the team on %(day)s.")
                    % {"name": name, "day": day.strftime("%d/%m/%Y")}
                )
            else:
                participants.append(person)

    villages = (
        {cell_text(v.name).lower(): v for v in Area.objects.villages().filter(parent=team.commune)}
        if team is not None
        else {}
    )
    incidents, incident_names = [], []
    for number, icells in incident_rows:
        incident = _incident(number, icells, day, start, categories, cases, villages, problems)
        if incident is not None:
            incidents.append(incident)
            incident_names.append(_("Incident sheet row %(row)s") % {"row": number})

    if start is not None and end is not None and end <= start and _span(start, end) > EVENING_SPAN:
        # 22:00 → 21:00 is a slip far more often than a 23-hour shift (the entry page asks the
        # officer to tick "Ends the next day" for it; a sheet has no such column).
        problems.append(
            f"{SHIFT_COLUMNS[3]}: "
            + _(
                "The end (%(end)s) is before the start (%(start)s): ending the next day, the "
                "shift would last %(hours)s hours. Check the times; a shift of more than 12 "
                "hours that ends the next day is recorded on the entry page."
            )
            % {
                "end": f"{end:%H:%M}",
                "start": f"{start:%H:%M}",
                "hours": _hours(_span(start, end)),
            }
        )
    # The shift as far as the row could be read (a start without a readable end, no team …).
    starts_at = shift_times(day, start, start)[0] if None not in (day, start) else None
    ends_at = shift_times(day, start, end)[1] if None not in (day, start, end) else None
    shift = Shift(
        **({"model": team} if team is not None else {}),
        starts_at=starts_at,
        ends_at=ends_at,
        guests_police=guests[0],
        guests_militia=guests[1],
        guests_other=guests[2],
        notes=cell_text(notes),
    )
    if problems and (team is None or None in (day, start, end)):
        # The service's own rules on what could be read (a day in the future with an unknown
        # team or an unreadable time): every problem of the row at once.
        found = shift_problems(shift=shift, participants=None, incidents=[]).error_dict()
        for field, messages in found.items():
            column = _SHIFT_FIELD_COLUMNS.get(field)
            problems.extend(f"{column}: {m}" if column else m for m in messages)
    elif team is not None and None not in (day, start, end):
        # The service's rules (end after start, at most 24 h, not in the future, the team in
        # service, members on two shifts at once, counts ≥ 0 …) on what could be read; this
        # row's savepoint is rolled back if anything above went wrong.
        try:
            record_shift(
                shift=shift,
                participants=participants,
                incidents=incidents,
                incident_names=incident_names,
            )
        except ValidationError as err:
            told = _("Tick at least one member who took part.")  # said above, for a sheet
            for field, messages in err.message_dict.items():
                column = _SHIFT_FIELD_COLUMNS.get(field)
                problems.extend(f"{column}: {m}" if column else m for m in messages if m != told)
    if problems:
        raise ValidationError({"__all__": problems})


# The shift's fields that one column of the sheet holds, to name the column in their messages.
_SHIFT_FIELD_COLUMNS = {
    "model": SHIFT_COLUMNS[4],
    "guests_police": SHIFT_COLUMNS[6],
    "guests_militia": SHIFT_COLUMNS[7],
    "guests_other": SHIFT_COLUMNS[8],
    "notes": SHIFT_COLUMNS[9],
}


def _span(start: datetime.time, end: datetime.time) -> datetime.timedelta:
    """How long a shift from ``start`` to ``end`` on the next day lasts."""
    day = datetime.date(2000, 1, 1)
    return datetime.datetime.combine(day + datetime.timedelta(days=1), end) - (
        datetime.datetime.combine(day, start)
    )


def _hours(span: datetime.timedelta) -> str:
    """ "23", "22,5": the hours of a span, in the language's decimals."""
    hours = span.total_seconds() / 3600
    return formats.number_format(hours, 1 if hours % 1 else 0)


def _read(problems: list[str], column: str, parse, cell):
    """``parse(cell)``, or None with the cell's problem added, named by its column."""
    try:
        return parse(cell)
    except CellError as err:
        problems.append(f"{column}: {err}")
        return None


def _whole_number(cell) -> int:
    text = cell_text(cell)
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        raise CellError(_("“%(text)s” is not a whole number.") % {"text": text}) from None


def _incident(number, cells, day, start, categories, cases, villages, problems) -> Incident | None:
    """The incident of one row of the incident sheet, or None with each of the row's problems
    added (a row is read whole: a bad time does not hide an unknown category)."""
    _k, at, category, village, detected, outcome, persons, description, arrested, case = cells
    found: list[str] = []

    def problem(column: str, text) -> None:
        found.append(
            _("Incident sheet row %(row)s, %(column)s: %(problem)s")
            % {"row": number, "column": column, "problem": text}
        )

    occurred = None
    try:
        at_time = parse_time(at)
    except CellError as err:
        problem(INCIDENT_COLUMNS[1], err)
    else:
        if day is not None and start is not None:
            on = day if at_time >= start else day + datetime.timedelta(days=1)
            occurred = timezone.make_aware(datetime.datetime.combine(on, at_time))
    category_obj = categories.get(cell_text(category).lower())
    if category_obj is None:
        problem(
            INCIDENT_COLUMNS[2],
            _("“%(value)s” is not a category of the catalogue.") % {"value": cell_text(category)}
            if cell_text(category)
            else _("empty: write a category of the catalogue."),
        )
    detected_value = _choice(
        cell_text(detected) or str(DetectedBy.PATROL.label), DetectedBy.choices
    )
    if detected_value is None:
        problem(INCIDENT_COLUMNS[4], _one_of(cell_text(detected), DetectedBy.choices))
    outcome_value = _choice(cell_text(outcome), Outcome.choices)
    if outcome_value is None:
        problem(INCIDENT_COLUMNS[5], _one_of(cell_text(outcome), Outcome.choices))
    try:
        count = _count(cell_text(persons))
    except ValueError:
        count = 0
        found.append(
            _("Incident sheet row %(row)s: the number of persons must be a whole number.")
            % {"row": number}
        )
    try:
        arrests = _count(cell_text(arrested))
    except ValueError:
        arrests = 0
        found.append(
            _("Incident sheet row %(row)s: the number of suspects arrested must be a whole number.")
            % {"row": number}
        )
    case_number = _case_number(case)
    solved_case = cases.get(case_number) if case_number else None
    if case_number is not None and solved_case is None:
        found.append(
            _("Incident sheet row %(row)s: incident number %(case)s is not recorded in your area.")
            % {"row": number, "case": cell_text(case)}
        )
    problems.extend(found)
    if found or occurred is None:
        return None
    return Incident(
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


def _one_of(value: str, choices) -> str:
    allowed = ", ".join(str(label) for _value, label in choices)
    if not value:
        return _("empty: write one of %(allowed)s.") % {"allowed": allowed}
    return _("“%(value)s” is not one of %(allowed)s.") % {"value": value, "allowed": allowed}
