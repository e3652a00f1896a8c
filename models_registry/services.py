"""Writes that touch several rows: adding a member (with a new person), importing members."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from areas.base.sheets import (
    ImportResult,
    ImportRow,
    SheetError,
    cell_text,
    open_workbook,
    parse_date,
    read_sheet,
)
from areas.models import Area
from models_registry.models import GrassrootsModel, MemberRole, Membership, Person

IMPORT_COLUMNS = [
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Số điện thoại",
    "Thôn/Tổ dân phố",
    "Vai trò",
    "Ngày tham gia",
]
_GENDERS = {"nam": "male", "nữ": "female", "nu": "female", "": ""}
_ROLES = {
    "tổ trưởng": MemberRole.LEADER,
    "trưởng": MemberRole.LEADER,
    "đội trưởng": MemberRole.LEADER,
    "chủ nhiệm": MemberRole.LEADER,
    "tổ phó": MemberRole.DEPUTY,
    "phó": MemberRole.DEPUTY,
    "đội phó": MemberRole.DEPUTY,
    "phó chủ nhiệm": MemberRole.DEPUTY,
    "tổ viên": MemberRole.MEMBER,
    "thành viên": MemberRole.MEMBER,
    "đội viên": MemberRole.MEMBER,
    "": MemberRole.MEMBER,
}


@transaction.atomic
def add_member(*, membership: Membership, new_person: Person | None = None) -> Membership:
    """Record a membership, creating its person first when they are new."""
    if new_person is not None:
        new_person.full_clean()
        new_person.save()
        membership.person = new_person
    membership.full_clean()
    membership.save()
    return membership


def read_member_rows(content: bytes) -> tuple[list[tuple[int, list]], list[str]]:
    try:
        data = read_sheet(open_workbook(content), 0, IMPORT_COLUMNS)
    except SheetError as err:
        return [], [str(err)]
    if not data:
        return [], [_("The sheet has no member rows.")]
    return data, []


def import_members(*, model: GrassrootsModel, content: bytes, commit: bool) -> ImportResult:
    """Check every row; save all of them in one transaction only if every row is valid.

    With ``commit=False`` (the preview) nothing is written whatever the result.
    """
    raw, file_errors = read_member_rows(content)
    result = ImportResult(rows=[], file_errors=file_errors)
    villages = {
        cell_text(v.name).lower(): v for v in Area.objects.villages().filter(parent=model.commune)
    }
    existing = {
        (cell_text(p.full_name).lower(), p.birth_year): p
        for p in Person.objects.filter(commune=model.commune)
    }
    seen_people: dict[tuple, int] = {}
    leaders_in_file = []
    pending: list[tuple[Person, Membership]] = []  # what each row would save
    for number, cells in raw:
        name, year, gender, phone, village, role, joined = cells
        row = ImportRow(number, dict(zip(IMPORT_COLUMNS, map(cell_text, cells), strict=True)))
        result.rows.append(row)
        full_name = cell_text(name)
        try:
            birth_year = int(cell_text(year)) if cell_text(year) else None
        except ValueError:
            row.errors.append(_("Year of birth must be a number."))
            birth_year = None
        gender_key = cell_text(gender).lower()
        if gender_key not in _GENDERS:
            row.errors.append(_("Gender must be “Nam” or “Nữ”."))
        village_obj = None
        if cell_text(village):
            village_obj = villages.get(cell_text(village).lower())
            if village_obj is None:
                row.errors.append(
                    _("Village “%(name)s” is not recorded in %(commune)s.")
                    % {"name": cell_text(village), "commune": model.commune.name}
                )
        role_key = cell_text(role).lower()
        if role_key not in _ROLES:
            row.errors.append(_("Role must be Tổ trưởng, Tổ phó or Tổ viên."))
        try:
            joined_on = parse_date(joined)
        except ValueError:
            row.errors.append(_("Joining date must be a date written dd/mm/yyyy."))
            joined_on = None
        key = (full_name.lower(), birth_year)
        if key in seen_people:
            row.errors.append(
                _("The same person is already on row %(row)s.") % {"row": seen_people[key]}
            )
        seen_people[key] = number
        person = existing.get(key) or Person(
            full_name=full_name,
            birth_year=birth_year,
            gender=_GENDERS.get(gender_key, ""),
            phone=cell_text(phone),
            commune=model.commune,
            village=village_obj,
        )
        if person.pk is None:
            row.errors.extend(
                _messages(person, exclude=["village"] if village_obj is None else None)
            )
        membership = Membership(
            person=person,
            model=model,
            role=_ROLES.get(role_key, MemberRole.MEMBER),
            joined_on=joined_on,
        )
        if joined_on:
            row.errors.extend(
                _messages(membership, exclude=["person"] if person.pk is None else None)
            )
        if membership.role == MemberRole.LEADER:
            leaders_in_file.append(number)
        pending.append((person, membership))
    if len(leaders_in_file) > 1:
        for row in result.rows:
            if row.number in leaders_in_file[1:]:
                row.errors.append(_("A model has at most one current leader."))
    if commit and result.is_valid:
        with transaction.atomic():
            for person, membership in pending:
                if person.pk is None:
                    person.save()
                membership.person = person
                membership.save()
        result.saved = True
    return result


def _messages(obj, exclude=None) -> list[str]:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as err:
        out = []
        for fld, messages in err.message_dict.items():
            label = obj._meta.get_field(fld).verbose_name if fld != "__all__" else ""
            out.extend(f"{label}: {m}" if label else m for m in messages)
        return out
    return []
