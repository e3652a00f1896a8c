"""Writes that touch several rows: adding a member (with a new person), importing members;
the yearly rating's workflow (the commune confirms, the province approves or reopens)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from areas.base.sheets import (
    CellError,
    ImportResult,
    ImportRow,
    SheetError,
    cell_text,
    open_workbook,
    parse_date,
    read_sheet,
)
from areas.models import Area
from models_registry.models import (
    GrassrootsModel,
    MemberRole,
    Membership,
    ModelRating,
    Person,
    RatingStatus,
)

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
# The roles as the sheet writes them (MemberRole's Vietnamese names); empty is a member.
ROLE_VALUES = {
    "Tổ trưởng": MemberRole.LEADER,
    "Tổ phó": MemberRole.DEPUTY,
    "Tổ viên": MemberRole.MEMBER,
}
_ROLES = {name.lower(): role for name, role in ROLE_VALUES.items()} | {"": MemberRole.MEMBER}


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
        sheet = read_sheet(open_workbook(content), 0, IMPORT_COLUMNS)
    except SheetError as err:
        return [], [str(err)]
    if not sheet.rows:
        return [], [*sheet.problems, _("The sheet has no member rows.")]
    return sheet.rows, sheet.problems


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
    leader_rows: list[ImportRow] = []
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
            row.errors.append(
                _("Invalid role “%(value)s”: write one of %(allowed)s (empty is %(member)s).")
                % {
                    "value": cell_text(role),
                    "allowed": ", ".join(ROLE_VALUES),
                    "member": "Tổ viên",
                }
            )
        try:
            joined_on = parse_date(joined)
        except CellError as err:
            row.errors.append(f"{IMPORT_COLUMNS[6]}: {err}")
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
                _worded(person, _problems(person, ["village"] if village_obj is None else []))
            )
        # An unknown role is checked as no role at all: no leader rule for it.
        membership = Membership(
            person=person,
            model=model,
            role=_ROLES.get(role_key, MemberRole.MEMBER),
            joined_on=joined_on,
        )
        unchecked = ["person"] if person.pk is None else []
        if joined_on is None:
            unchecked.append("joined_on")  # its problem is told above
        problems = _problems(membership, unchecked)
        row.errors.extend(_worded(membership, problems))
        if membership.role == MemberRole.LEADER and "role" not in problems:
            leader_rows.append(row)
        pending.append((person, membership))
    # One current leader: the model has none (else each leader row was told so), and the
    # file names more than one.
    for row in leader_rows[1:]:
        row.errors.append(
            _("A model has at most one current leader: row %(row)s names one already.")
            % {"row": leader_rows[0].number}
        )
    if commit and result.is_valid:
        with transaction.atomic():
            for person, membership in pending:
                if person.pk is None:
                    person.save()
                membership.person = person
                membership.save()
        result.saved = True
    return result


def _problems(obj, exclude: list[str]) -> dict[str, list[str]]:
    try:
        obj.full_clean(exclude=exclude or None, validate_constraints=False)
    except ValidationError as err:
        return err.message_dict
    return {}


def _worded(obj, problems: dict[str, list[str]]) -> list[str]:
    out = []
    for fld, messages in problems.items():
        label = capfirst(obj._meta.get_field(fld).verbose_name) if fld != "__all__" else ""
        out.extend(f"{label}: {m}" if label else m for m in messages)
    return out


# --- Yearly ratings ------------------------------------------------------------------------


@transaction.atomic
def confirm_rating(
    *, model: GrassrootsModel, year: int, rating: str, note: str = ""
) -> ModelRating:
    """The commune confirms a model's rating for a rating year: the one rating record of that
    model and year is created or updated, with status "confirmed". An approved rating is
    final until province staff reopen it."""
    # One writer per model at a time: two officers confirming at once make one record.
    GrassrootsModel.objects.select_for_update().filter(pk=model.pk).first()
    record = ModelRating.objects.filter(model=model, year=year).first()
    if record is None:
        record = ModelRating(model=model, year=year)
    elif record.is_approved:
        raise ValidationError(
            _(
                "This rating was approved by the province and is final; province staff can reopen it."
            )
        )
    # Confirmed again, a rating takes the scale its type uses now.
    record.scale = model.model_type.rating_scale
    record.rating = rating
    record.note = note.strip()
    record.status = RatingStatus.CONFIRMED
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def approve_rating(*, user, rating: ModelRating) -> ModelRating:
    """Province staff approve a confirmed rating: it is final from then on."""
    rating = ModelRating.objects.select_for_update().get(pk=rating.pk)
    if rating.is_approved:
        raise ValidationError(_("This rating is already approved."))
    rating.status = RatingStatus.APPROVED
    rating.approved_by = user
    rating.approved_at = timezone.now()
    rating.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return rating


@transaction.atomic
def reopen_rating(*, rating: ModelRating) -> ModelRating:
    """Province staff reopen an approved rating: the commune may change and confirm it again."""
    rating = ModelRating.objects.select_for_update().get(pk=rating.pk)
    if not rating.is_approved:
        raise ValidationError(_("Only an approved rating can be reopened."))
    rating.status = RatingStatus.CONFIRMED
    rating.approved_by = None
    rating.approved_at = None
    rating.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return rating
