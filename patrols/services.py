"""Recording a patrol shift with its participants and incidents: one transaction, all rules."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from models_registry.models import GrassrootsModel, Membership, Person
from patrols.models import Incident, Shift, ShiftParticipant


def shift_times(day: datetime.date, start: datetime.time, end: datetime.time):
    """Start and end as aware datetimes; an end at or before the start is on the next day."""
    tz = timezone.get_current_timezone()
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start), tz)
    end_day = day if end > start else day + datetime.timedelta(days=1)
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
    busy = (
        ShiftParticipant.objects.filter(
            person__in=people,
            shift__deleted_at__isnull=True,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .exclude(shift_id=shift.pk)
        .select_related("person", "shift__model")
    )
    for turn in busy:
        errors.append(
            _("%(name)s is already on another shift at that time (%(shift)s).")
            % {"name": turn.person, "shift": turn.shift}
        )
    return errors


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

    Raises ``ValidationError`` with field messages (``participants``, ``incidents`` by row:
    "Incident 2, …", or as ``incident_names`` name them — the import names their sheet rows).
    A second call with the same ``submission_key`` returns the shift the first one saved.
    """
    if submission_key and shift.pk is None:
        existing = Shift.all_objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    errors: dict[str, list] = {}
    try:
        shift.full_clean(exclude=["commune"], validate_constraints=False)
    except ValidationError as err:
        errors.update(err.message_dict)
    if not participants:
        errors.setdefault("participants", []).append(_("Tick at least one member who took part."))
    if shift.model_id and shift.starts_at and shift.ends_at and "starts_at" not in errors:
        participant_errors = _participant_errors(shift, participants)
        if participant_errors:
            errors.setdefault("participants", []).extend(participant_errors)
        if shift.leader_id and shift.leader not in participants:
            errors.setdefault("leader", []).append(
                _("The shift leader must be among the participants.")
            )
    incident_errors = []
    for number, incident in enumerate(incidents, start=1):
        name = incident_names[number - 1] if incident_names else None
        incident.model = shift.model
        try:
            incident.full_clean(exclude=["commune", "shift"], validate_constraints=False)
        except ValidationError as err:
            for field, messages in err.message_dict.items():
                incident_errors.extend(
                    (
                        _named_problem(name, _label(Incident, field), m)
                        if name
                        else _("Incident %(n)s, %(field)s: %(message)s")
                        % {"n": number, "field": _label(Incident, field), "message": m}
                    )
                    for m in messages
                )
        if (
            shift.starts_at
            and incident.occurred_at
            and not (shift.starts_at <= incident.occurred_at <= shift.ends_at)
        ):
            incident_errors.append(
                _("%(incident)s: its time must fall within the shift.") % {"incident": name}
                if name
                else _("Incident %(n)s: its time must fall within the shift.") % {"n": number}
            )
    if incident_errors:
        errors["incidents"] = incident_errors
    if errors:
        raise ValidationError(errors)

    shift.commune_id = shift.model.commune_id
    if submission_key and shift.pk is None:
        shift.submission_key = submission_key
    try:
        with transaction.atomic():
            shift.save()
    except IntegrityError:
        # The same form was submitted twice at once: the other request saved it.
        return Shift.all_objects.get(submission_key=submission_key)
    if villages is not None:
        shift.villages.set(villages)
    current = set(shift.participants.values_list("person_id", flat=True))
    wanted = {p.pk for p in participants}
    shift.participants.filter(person_id__in=current - wanted).delete()
    ShiftParticipant.objects.bulk_create(
        [ShiftParticipant(shift=shift, person_id=pk) for pk in wanted - current]
    )
    for incident in incidents:
        incident.shift = shift
        incident.commune_id = shift.commune_id
        incident.save()
    return shift


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
