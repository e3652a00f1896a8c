"""Recording a patrol shift with its participants and incidents: one transaction, all rules."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from models_registry.models import GrassrootsModel, Membership, Person
from patrols.models import OVERLAP_CONSTRAINT, Incident, Shift, ShiftParticipant

# What one shift records at most, on the page, through the API and in an import: far above a
# real shift, low enough that checking and saving one stays well inside a request's time.
MAX_INCIDENTS = 200
MAX_PARTICIPANTS = 100
MAX_VILLAGES = 200
TOO_MANY = {
    "incidents": gettext_lazy("A shift records at most %(num)d incidents."),
    "participants": gettext_lazy("A shift has at most %(num)d participants."),
    "villages": gettext_lazy("A shift covers at most %(num)d villages."),
}
LIMITS = {"incidents": MAX_INCIDENTS, "participants": MAX_PARTICIPANTS, "villages": MAX_VILLAGES}


def too_many(name: str) -> str:
    """The refusal of more ``name`` (incidents, participants, villages) than one shift holds."""
    return TOO_MANY[name] % {"num": LIMITS[name]}


def shift_times(
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    *,
    next_day: bool | None = None,
):
    """Start and end as aware datetimes. ``next_day`` says whether the end is on the next
    day, as the officer marked it on the entry page; left out (the .xlsx import), an end at
    or before the start is taken to be on the next day."""
    if next_day is None:
        next_day = end <= start
    tz = timezone.get_current_timezone()
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start), tz)
    end_day = day + datetime.timedelta(days=1) if next_day else day
    ends_at = timezone.make_aware(datetime.datetime.combine(end_day, end), tz)
    return starts_at, ends_at


def members_on(model: GrassrootsModel, day: datetime.date):
    """Persons serving in ``model`` on ``day``."""
    return Person.objects.filter(
        memberships__in=Membership.objects.filter(model=model).serving_on(day)
    ).distinct()


def _participant_errors(shift: Shift, people: list[Person]) -> list[str]:
    errors = []
    day = shift.start_day
    members = set(members_on(shift.model, day).values_list("pk", flat=True))
    for person in people:
        if person.pk not in members:
            errors.append(
                _("%(name)s is not a member of the team on %(day)s.")
                % {"name": person, "day": formats.date_format(day, "SHORT_DATE_FORMAT")}
            )
    if shift.ends_at is None or shift.ends_at <= shift.starts_at:
        return errors  # overlaps are checked once the end is read, and after the start
    return errors + _overlap_errors(shift, people)


def _overlap_errors(shift: Shift, people: list[Person]) -> list[str]:
    """Who among ``people`` is on another live shift overlapping ``shift``'s time: the same
    overlap the database's ``participant_no_overlap`` refuses."""
    busy = (
        ShiftParticipant.objects.filter(
            person__in=people, during__overlap=(shift.starts_at, shift.ends_at)
        )
        .exclude(shift_id=shift.pk)
        .select_related("person", "shift__model")
        .order_by("person__sort_name", "shift__starts_at")
    )
    return [
        _("%(name)s is already on another shift at that time (%(shift)s).")
        % {"name": turn.person, "shift": turn.shift}
        for turn in busy
    ]


def _constraint(err: IntegrityError) -> str | None:
    """The name of the constraint a write broke, as PostgreSQL reports it."""
    diag = getattr(err.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


@dataclass
class ShiftProblems:
    """What is wrong with a shift about to be recorded: by field of the shift (with
    ``participants``), and by incident — its index in the list checked — and field."""

    fields: dict[str, list[str]] = dataclass_field(default_factory=dict)
    incidents: dict[int, dict[str, list[str]]] = dataclass_field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.fields or self.incidents)

    def add(self, name: str, message: str, *, incident: int | None = None) -> None:
        found = self.fields if incident is None else self.incidents.setdefault(incident, {})
        if message not in found.setdefault(name, []):
            found[name].append(message)

    def error_dict(self, incident_names: list[str] | None = None) -> dict[str, list[str]]:
        """One ``ValidationError``'s dict, as the API and the import show it: each incident's
        problem a line of ``incidents`` ("Incident 2, guns: …", or named as
        ``incident_names`` name them: the import's sheet rows)."""
        errors = {name: list(messages) for name, messages in self.fields.items()}
        lines = []
        for index in sorted(self.incidents):
            for name, messages in self.incidents[index].items():
                for message in messages:
                    values = {"n": index + 1, "field": _label(Incident, name), "message": message}
                    if values["field"] and message.lower().startswith(values["field"].lower()):
                        values["field"] = ""  # "Thời gian phải …" names its field already
                    if incident_names:
                        lines.append(
                            _named_problem(incident_names[index], values["field"], message)
                        )
                    elif values["field"]:
                        lines.append(_("Incident %(n)s, %(field)s: %(message)s") % values)
                    else:
                        lines.append(_("Incident %(n)s: %(message)s") % values)
        if lines:
            errors["incidents"] = lines
        return errors


class ShiftRulesError(ValidationError):
    """``record_shift``'s refusal: a ``ValidationError`` that also keeps its problems by
    incident (``problems``), so a page can show each at its row's field."""

    def __init__(self, problems: ShiftProblems, incident_names: list[str] | None = None):
        super().__init__(problems.error_dict(incident_names))
        self.problems = problems


def _unknown(obj) -> list[str]:
    """The required fields of ``obj`` left empty because the form could not read them: their
    own field already says why, the rules that need them say nothing."""
    return [
        f.name
        for f in obj._meta.concrete_fields
        if not (f.null or f.generated or f.has_default()) and getattr(obj, f.attname) is None
    ]


def _fetched(obj) -> list[str]:
    """The foreign keys of ``obj`` whose row came with it, read by the page's, the import's or
    the API's lookup: the row exists, so the query Django's field validation makes to find it
    again is left out. (A key limited to some rows, ``limit_choices_to``, is still checked.)"""
    return [
        f.name
        for f in obj._meta.concrete_fields
        if f.many_to_one
        and not f.remote_field.limit_choices_to
        and f.is_cached(obj)
        and getattr(obj, f.name) is not None
        and getattr(obj, f.name).pk is not None
    ]


def shift_problems(
    *, shift: Shift, participants: list[Person] | None, incidents: list[Incident]
) -> ShiftProblems:
    """Every rule a shift, its participants and its incidents break, all checked: the entry
    page asks even when some of its fields could not be read (``None`` values, and
    ``participants=None``), so every problem comes back in one answer."""
    problems = ShiftProblems()
    try:
        shift.full_clean(
            exclude=["commune", *_unknown(shift), *_fetched(shift)], validate_constraints=False
        )
    except ValidationError as err:
        for name, messages in err.message_dict.items():
            for message in messages:
                problems.add(name, message)
    if participants is not None and not participants:
        problems.add("participants", _("Tick at least one member who took part."))
    if participants is not None and len(participants) > MAX_PARTICIPANTS:
        problems.add("participants", too_many("participants"))
        participants = None  # not checked one by one
    if len(incidents) > MAX_INCIDENTS:
        problems.add("incidents", too_many("incidents"))
        incidents = []  # not checked one by one
    if shift.model_id and shift.starts_at and "starts_at" not in problems.fields and participants:
        for message in _participant_errors(shift, participants):
            problems.add("participants", message)
    if participants is not None and shift.leader_id and shift.leader not in participants:
        problems.add("leader", _("The shift leader must be among the participants."))
    for index, incident in enumerate(incidents):
        incident.model = shift.model if shift.model_id else None
        exclude = ["commune", "shift", *_unknown(incident), *_fetched(incident)]
        try:
            incident.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as err:
            for name, messages in err.message_dict.items():
                for message in messages:
                    problems.add(name, message, incident=index)
        if (
            shift.starts_at
            and shift.ends_at
            and incident.occurred_at
            and not (shift.starts_at <= incident.occurred_at <= shift.ends_at)
        ):
            problems.add("occurred_at", _("The time must fall within the shift."), incident=index)
    return problems


@transaction.atomic
def record_shift(
    *,
    shift: Shift,
    participants: list[Person],
    incidents: list[Incident],
    villages=None,
    submission_key: uuid.UUID | None = None,
    incident_names: list[str] | None = None,
) -> Shift:
    """Validate and save a shift, its participant turns and its incidents, or nothing.

    Raises ``ShiftRulesError`` (a ``ValidationError`` with field messages: ``participants``,
    ``incidents`` by row: "Incident 2, …", or as ``incident_names`` name them — the import
    names their sheet rows) with every problem found.
    A second call with the same ``submission_key`` returns the shift the first one saved.
    """
    if submission_key and shift.pk is None:
        existing = Shift.all_objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    problems = shift_problems(shift=shift, participants=participants, incidents=incidents)
    if problems:
        raise ShiftRulesError(problems, incident_names)

    shift.commune_id = shift.model.commune_id
    if submission_key and shift.pk is None:
        shift.submission_key = submission_key
    adding = shift.pk is None
    try:
        with transaction.atomic():
            _save_times_and_turns(shift, participants)
    except IntegrityError as err:
        if adding:  # the insert was rolled back with its savepoint
            shift.pk, shift._state.adding = None, True
        if _constraint(err) == OVERLAP_CONSTRAINT:
            # Another request recorded an overlapping shift of one of these members since the
            # rules were checked (the database waited for it to commit): said as the rule says it.
            raise ShiftRulesError(overlap_refusal(shift, participants), incident_names) from err
        # The same form was submitted twice at once: the other request saved it.
        saved = Shift.all_objects.filter(submission_key=submission_key).first()
        if submission_key is None or saved is None:
            raise
        return saved
    if villages is not None:
        shift.villages.set(villages)
    for incident in incidents:
        incident.shift = shift
        incident.commune_id = shift.commune_id
        incident.save()
    return shift


def _save_times_and_turns(shift: Shift, participants: list[Person]) -> None:
    """The shift and its participant turns. Members taken off go first, so that a shift moved
    to another time is not refused for a member who no longer takes part."""
    wanted = {p.pk for p in participants}
    current = set()
    if shift.pk is not None:
        current = set(shift.participants.values_list("person_id", flat=True))
        shift.participants.filter(person_id__in=current - wanted).delete()
    shift.save()
    ShiftParticipant.objects.bulk_create(
        [ShiftParticipant(shift=shift, person_id=pk) for pk in wanted - current]
    )


def overlap_refusal(shift: Shift, participants: list[Person]) -> ShiftProblems:
    """The database's refusal of an overlap, in the rule's words: who is on which other shift.
    Should that shift be gone again by now, the officer is told to send the shift again."""
    problems = ShiftProblems()
    for message in _overlap_errors(shift, participants) or [
        _("A member was on another shift at that time; the shift was not saved. Send it again.")
    ]:
        problems.add("participants", message)
    return problems


def _named_problem(incident: str, field: str, message: str) -> str:
    if not field:
        return _("%(incident)s: %(message)s") % {"incident": incident, "message": message}
    return _("%(incident)s, %(field)s: %(message)s") % {
        "incident": incident,
        "field": field,
        "message": message,
    }


def _label(model, field: str) -> str:
    if field == "__all__":
        return ""
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:
        return field
