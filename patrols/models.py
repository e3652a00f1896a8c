from __future__ import annotations

import datetime
from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import (
    Area,
    AreaLevel,
    CatalogueModel,
    DomainModel,
    protect_hard_delete,
    track_history,
)
from areas.scoping import ScopedManager
from models_registry.models import Camera, GrassrootsModel, ModelCategory, Person

MAX_SHIFT = datetime.timedelta(hours=24)


class LocalDate(models.Func):
    """The calendar date in Viet Nam of a timestamp: ``(ts AT TIME ZONE 'Asia/Ho_Chi_Minh')::date``.
    Immutable, so PostgreSQL can store it in a generated column and index it."""

    output_field = models.DateField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        zone = settings.TIME_ZONE.replace("'", "")
        return f"(({sql} AT TIME ZONE '{zone}')::date)", params


def local_day_field(source: str) -> models.GeneratedField:
    return models.GeneratedField(
        expression=LocalDate(source),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("day"),
    )


def transition_triggers(prefix: str, change) -> list[pgtrigger.Trigger]:
    """Statement-level AFTER triggers that apply ``change(rows, add)`` to the rows a statement
    inserted (``add=True``), deleted (``add=False``) or updated (old rows taken away, new rows
    added): derived figures stay exact in the same statement, for every write path (forms, API,
    import, bulk loads)."""
    return [
        pgtrigger.Trigger(
            name=f"{prefix}_insert",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Insert,
            referencing=pgtrigger.Referencing(new="new_rows"),
            func=change("new_rows", True) + " RETURN NULL;",
        ),
        pgtrigger.Trigger(
            name=f"{prefix}_delete",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Delete,
            referencing=pgtrigger.Referencing(old="old_rows"),
            func=change("old_rows", False) + " RETURN NULL;",
        ),
        pgtrigger.Trigger(
            name=f"{prefix}_update",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
            func=change("old_rows", False) + " " + change("new_rows", True) + " RETURN NULL;",
        ),
    ]


def _count_turns(rows: str, add: bool) -> str:
    """``Shift.turns`` follows the participant rows of each shift."""
    sign = "+" if add else "-"
    return (
        f"UPDATE patrols_shift AS s SET turns = s.turns {sign} c.n "
        f"FROM (SELECT shift_id, count(*) AS n FROM {rows} GROUP BY shift_id) AS c "
        "WHERE s.id = c.shift_id;"
    )


@track_history()
@pgtrigger.register(protect_hard_delete())
class IncidentCategory(CatalogueModel):
    """Loại vụ việc: a national catalogue (trộm cắp tài sản, pháo nổ, ma túy, hòa giải …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta(CatalogueModel.Meta):
        verbose_name = _("incident category")
        verbose_name_plural = _("incident categories")


class DetectedBy(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    CAMERA = "camera", _("Camera")
    MEDIATION = "mediation", _("Mediation")
    TIP_OFF = "tip_off", _("Public tip-off")
    OTHER = "other", pgettext_lazy("detected by", "Other")


class Outcome(models.TextChoices):
    HANDED_TO_POLICE = "handed_to_police", _("Handed to the police")
    SETTLED = "settled", _("Settled on the spot")
    MEDIATED = "mediated", _("Mediated successfully")
    MEDIATION_FAILED = "mediation_failed", _("Mediation failed")
    COMMITMENT = "commitment", _("Warned, written commitment")
    RETURNED = "returned", _("Returned to the owner")
    OTHER = "other", pgettext_lazy("outcome", "Other")


@track_history(exclude=["turns"])
@pgtrigger.register(
    protect_hard_delete(),
    # Only the participant triggers (nested, depth > 1) change ``turns``: a save from a stale
    # instance, or any direct write, keeps the count the rows give. ``recount_turns()`` sets
    # the flag that lets a recount from the rows through.
    pgtrigger.Trigger(
        name="keep_turns",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=(
            "IF pg_trigger_depth() = 1 AND "
            "coalesce(current_setting('patrols.recount_turns', true), '') <> 'on' THEN "
            "IF TG_OP = 'INSERT' THEN NEW.turns := 0; ELSE NEW.turns := OLD.turns; END IF; "
            "END IF; RETURN NEW;"
        ),
    ),
)
class Shift(DomainModel):
    """Ca tuần tra: one patrol shift of a patrol-category model. ``starts_at`` gives the day it
    is counted on; a shift may cross midnight and lasts at most 24 hours."""

    model = models.ForeignKey(
        GrassrootsModel,
        verbose_name=_("patrol team"),
        on_delete=models.PROTECT,
        related_name="shifts",
    )
    # The model's commune, copied so that scoping and statistics need no join.
    commune = models.ForeignKey(
        Area, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    villages = models.ManyToManyField(
        Area,
        verbose_name=_("area or route"),
        blank=True,
        related_name="shifts",
        limit_choices_to={"level": AreaLevel.VILLAGE},
    )
    route = models.CharField(_("route"), max_length=300, blank=True)
    leader = models.ForeignKey(
        Person,
        verbose_name=_("shift leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_shifts",
    )
    guests_police = models.PositiveSmallIntegerField(_("commune police"), default=0)
    guests_militia = models.PositiveSmallIntegerField(_("militia"), default=0)
    guests_other = models.PositiveSmallIntegerField(_("others"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    # The form's one-time key: a second submit of the same form finds the first shift.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The day the shift counts on (local date of its start) and its participant turns, kept
    # by PostgreSQL so that the statistics read one narrow index.
    day = local_day_field("starts_at")
    turns = models.PositiveIntegerField(_("participant turns"), default=0, editable=False)

    scope_lookup = "commune"

    class Meta:
        verbose_name = _("patrol shift")
        verbose_name_plural = _("patrol shifts")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["commune", "starts_at"], name="shift_commune_start_idx"),
            models.Index(fields=["model", "starts_at"], name="shift_model_start_idx"),
            models.Index(
                fields=["commune", "day"],
                include=["turns", "model"],
                condition=Q(deleted_at__isnull=True),
                name="shift_stats_idx",
            ),
            models.Index(
                fields=["model", "day"],
                include=["turns"],
                condition=Q(deleted_at__isnull=True),
                name="shift_model_stats_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{self.model} — {start:%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("patrols:shift_detail", args=[self.pk])

    @transaction.atomic
    def soft_delete(self) -> None:
        """A deleted shift takes its incidents with it (both stay in the records)."""
        now = timezone.now()
        self.incidents.filter(deleted_at__isnull=True).update(deleted_at=now, updated_at=now)
        super().soft_delete()

    @property
    def start_day(self) -> datetime.date:
        """The day the shift counts on, before it is saved (``day`` is filled by the database)."""
        return timezone.localtime(self.starts_at).date()

    @property
    def guest_count(self) -> int:
        return self.guests_police + self.guests_militia + self.guests_other

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.model_id:
            model = self.model
            self.commune_id = model.commune_id
            if model.model_type.category != ModelCategory.PATROL:
                errors["model"] = _("Only patrol teams record patrol shifts.")
        # The start's rules hold on their own: a form that could not read the end still
        # hears about a start in the future.
        if self.starts_at:
            if self.ends_at and self.ends_at <= self.starts_at:
                errors["ends_at"] = _("The end must be after the start.")
            elif self.ends_at and self.ends_at - self.starts_at > MAX_SHIFT:
                errors["ends_at"] = _("A shift lasts at most 24 hours.")
            if self.starts_at > timezone.now():
                errors["starts_at"] = _("A shift cannot start in the future.")
            elif self.ends_at and self.ends_at > timezone.now() + datetime.timedelta(minutes=5):
                errors["ends_at"] = _("Record a shift once it has ended: the end is in the future.")
            if self.model_id and "model" not in errors:
                day = timezone.localtime(self.starts_at).date()
                if day < self.model.established_on:
                    errors["starts_at"] = _("The team was not yet established on this date.")
                elif self.model.dissolved_on and day > self.model.dissolved_on:
                    errors["starts_at"] = _("The team was dissolved before this date.")
        if self.leader_id and self.model_id and self.leader.commune_id != self.model.commune_id:
            errors["leader"] = _("The shift leader must be a member of the team.")
        if errors:
            raise ValidationError(errors)


RECOUNT_TURNS_SQL = (
    "SET LOCAL patrols.recount_turns = 'on'; "
    "UPDATE patrols_shift AS s SET turns = coalesce(c.n, 0) FROM patrols_shift AS t "
    "LEFT JOIN (SELECT shift_id, count(*) AS n FROM patrols_shiftparticipant GROUP BY shift_id) "
    "AS c ON c.shift_id = t.id WHERE s.id = t.id AND s.turns IS DISTINCT FROM coalesce(c.n, 0); "
    "SET LOCAL patrols.recount_turns = 'off';"
)


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
@pgtrigger.register(*transition_triggers("count_turns", _count_turns))
class ShiftParticipant(models.Model):
    """Lượt thành viên tham gia: one member on one shift. Counted as participant turns."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="shift_turns"
    )

    objects = ScopedManager()
    scope_lookup = "shift__commune"

    class Meta:
        verbose_name = _("participant turn")
        verbose_name_plural = _("participant turns")
        constraints = [
            models.UniqueConstraint(fields=["shift", "person"], name="participant_once_per_shift")
        ]
        indexes = [models.Index(fields=["person", "shift"], name="participant_person_idx")]

    def __str__(self) -> str:
        return str(self.person)


class ItemCounts(models.Model):
    """Items collected, counted by kind (thu hồi vũ khí, vật liệu nổ, pháo, ma túy, phương tiện)."""

    guns = models.PositiveIntegerField(_("guns"), default=0)
    homemade_guns = models.PositiveIntegerField(_("home-made guns"), default=0)
    crude_weapons = models.PositiveIntegerField(_("crude weapons"), default=0)
    explosives = models.PositiveIntegerField(_("explosives (items)"), default=0)
    firecrackers_kg = models.DecimalField(
        _("firecrackers (kg)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    drugs_grams = models.DecimalField(
        _("drugs (grams)"),
        max_digits=10,
        decimal_places=3,
        default=0,
        validators=[MinValueValidator(0)],
    )
    vehicles = models.PositiveIntegerField(_("vehicles"), default=0)

    # The item fields, in the order forms, tables and reports list them, each with what it is
    # counted in: pieces, kilograms or grams. Every list of items is read from here.
    ITEM_UNITS = {
        "guns": "item",
        "homemade_guns": "item",
        "crude_weapons": "item",
        "explosives": "item",
        "firecrackers_kg": "kg",
        "drugs_grams": "g",
        "vehicles": "item",
    }
    ITEM_FIELDS = list(ITEM_UNITS)

    class Meta:
        abstract = True

    def items_collected(self) -> list[tuple[str, int | Decimal]]:
        """The items collected that are not zero, each with its label (which names its unit):
        what a record's page lists."""
        found = []
        for name in self.ITEM_FIELDS:
            value = getattr(self, name)
            if value:
                if isinstance(value, Decimal):
                    value = value.normalize()  # 2.50 kg reads 2,5
                found.append((capfirst(self._meta.get_field(name).verbose_name), value))
        return found


# The database holds the rules of a tip-off's link to its case that another row's write could
# break at the same time (a case turned into a tip-off, moved or deleted while a tip-off is
# being linked to it); ``Incident.clean`` says the same in words, at the field.
TIP_OFF_CASE_CHECK = """
IF NEW.solved_case_id IS NOT NULL AND NEW.deleted_at IS NULL AND (
    TG_OP = 'INSERT' OR NEW.solved_case_id IS DISTINCT FROM OLD.solved_case_id
    OR NEW.commune_id IS DISTINCT FROM OLD.commune_id OR OLD.deleted_at IS NOT NULL
) THEN
    -- FOR SHARE: a concurrent change of the case waits for this link, or this for it.
    PERFORM 1 FROM patrols_incident AS c
    WHERE c.id = NEW.solved_case_id AND c.commune_id = NEW.commune_id
      AND c.detected_by <> 'tip_off' AND c.deleted_at IS NULL
    FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            CONSTRAINT = 'incident_solved_case_rules',
            MESSAGE = 'A tip-off links a live case of its own commune that is not a tip-off.';
    END IF;
END IF;
IF TG_OP = 'UPDATE' AND NEW.deleted_at IS NULL AND (
    (NEW.detected_by = 'tip_off' AND OLD.detected_by <> 'tip_off')
    OR NEW.commune_id IS DISTINCT FROM OLD.commune_id
) AND EXISTS (
    SELECT 1 FROM patrols_incident AS t
    WHERE t.solved_case_id = NEW.id AND t.deleted_at IS NULL
      AND (NEW.detected_by = 'tip_off' OR t.commune_id <> NEW.commune_id)
) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation',
        CONSTRAINT = 'incident_solved_case_rules',
        MESSAGE = 'Tip-offs are linked to this case: it stays a case of their commune.';
END IF;
RETURN NEW;
"""


@track_history()
@pgtrigger.register(
    protect_hard_delete(),
    pgtrigger.Trigger(
        name="solved_case_rules",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=TIP_OFF_CASE_CHECK,
    ),
    # A deleted case is no longer a case: its live tip-offs are unlinked in the same statement
    # (a soft ``on_delete=SET_NULL``, recorded in their history), whatever deleted it — the
    # incident's own page, the API, or its shift's deletion.
    pgtrigger.Trigger(
        name="unlink_deleted_case",
        when=pgtrigger.After,
        operation=pgtrigger.UpdateOf("deleted_at"),
        condition=pgtrigger.Q(old__deleted_at__isnull=True, new__deleted_at__isnull=False),
        func=(
            "UPDATE patrols_incident SET solved_case_id = NULL, updated_at = NEW.deleted_at "
            "WHERE solved_case_id = NEW.id AND deleted_at IS NULL; RETURN NULL;"
        ),
    ),
)
class Incident(ItemCounts, DomainModel):
    """Vụ việc: something a model found or handled — on a patrol shift, through a camera, in a
    mediation, or from a public tip-off — with its category, outcome and the items collected.

    A tip-off (tin báo, tố giác: ``detected_by`` is ``tip_off``) may name the case it helped
    solve (``solved_case``): an incident of the same commune that is not itself a tip-off;
    several tip-offs may lead to one case. A case records the suspects arrested in it
    (``suspects_arrested``); a tip-off records none (they are counted on its case)."""

    model = models.ForeignKey(
        GrassrootsModel, verbose_name=_("model"), on_delete=models.PROTECT, related_name="incidents"
    )
    commune = models.ForeignKey(
        Area, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    shift = models.ForeignKey(
        Shift,
        verbose_name=_("shift"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    camera = models.ForeignKey(
        Camera,
        verbose_name=_("camera"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detections",
    )
    occurred_at = models.DateTimeField(_("time"))
    village = models.ForeignKey(
        Area,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        limit_choices_to={"level": AreaLevel.VILLAGE},
    )
    category = models.ForeignKey(
        IncidentCategory,
        verbose_name=_("incident category"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    detected_by = models.CharField(_("detected by"), max_length=12, choices=DetectedBy.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    persons_involved = models.PositiveSmallIntegerField(_("persons involved"), default=0)
    suspects_arrested = models.PositiveIntegerField(
        _("suspects arrested"),
        default=0,
        help_text=_("For a case: the suspects arrested in it."),
    )
    solved_case = models.ForeignKey(
        "self",
        verbose_name=_("case it helped solve"),
        # Hard deletes are refused; a soft-deleted case unlinks its tip-offs (trigger above).
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tip_offs",
        db_index=False,  # the partial index below: only linked tip-offs are indexed
        help_text=_("For a tip-off: the case of the same commune it helped solve."),
    )
    description = models.TextField(_("description"), blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    day = local_day_field("occurred_at")

    scope_lookup = "commune"

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["commune", "occurred_at"], name="incident_commune_time_idx"),
            models.Index(fields=["model", "occurred_at"], name="incident_model_time_idx"),
            models.Index(
                fields=["commune", "day"],
                include=["model", "category", "outcome", "detected_by", *ItemCounts.ITEM_FIELDS],
                condition=Q(deleted_at__isnull=True),
                name="incident_stats_idx",
            ),
            # The live tip-offs linked to a case: few rows, read by the engine and the rules.
            models.Index(
                fields=["solved_case"],
                include=["commune", "model"],
                condition=Q(solved_case__isnull=False, deleted_at__isnull=True),
                name="incident_solved_case_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(solved_case__isnull=True) | Q(detected_by=DetectedBy.TIP_OFF),
                name="incident_only_tip_offs_link_a_case",
            ),
            models.CheckConstraint(
                condition=~Q(solved_case=models.F("pk")),
                name="incident_not_its_own_case",
            ),
            models.CheckConstraint(
                condition=Q(suspects_arrested__gte=0)
                & (Q(suspects_arrested=0) | ~Q(detected_by=DetectedBy.TIP_OFF)),
                name="incident_arrests_on_cases",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} — {timezone.localtime(self.occurred_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("patrols:incident_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.model_id:
            self.commune_id = self.model.commune_id
        if self.occurred_at and self.occurred_at > timezone.now():
            errors["occurred_at"] = _("An incident cannot be recorded in the future.")
        if self.model_id and self.occurred_at:
            day = timezone.localtime(self.occurred_at).date()
            if day < self.model.established_on:
                errors["occurred_at"] = _("The model was not yet established on this date.")
        if self.detected_by == DetectedBy.CAMERA:
            if not self.camera_id:
                errors["camera"] = _("Name the camera that detected it.")
            elif self.model_id and self.camera.model_id != self.model_id:
                errors["camera"] = _("The camera must belong to this camera network.")
        elif self.camera_id and self.model_id and self.camera.model_id != self.model_id:
            errors["camera"] = _("The camera must belong to this camera network.")
        if self.shift_id and self.model_id and self.shift.model_id != self.model_id:
            errors["shift"] = _("The shift belongs to another team.")
        if self.village_id and self.model_id and self.village.parent_id != self.model.commune_id:
            errors["village"] = _("The village must be in the model's commune.")
        errors.update(self._tip_off_errors())
        if errors:
            raise ValidationError(errors)

    @property
    def is_tip_off(self) -> bool:
        return self.detected_by == DetectedBy.TIP_OFF

    def linked_tip_offs(self):
        """The live tip-offs that name this incident as the case they helped solve."""
        if self.pk is None:
            return Incident.objects.none()
        return Incident.objects.filter(solved_case_id=self.pk)

    def _tip_off_errors(self) -> dict[str, str]:
        """A tip-off's link to its case, and the arrests a case records."""
        errors: dict[str, str] = {}
        if self.is_tip_off and self.suspects_arrested:
            errors["suspects_arrested"] = _(
                "A tip-off records no arrests: record them on the case it helped solve."
            )
        if self.solved_case_id:
            case = self.solved_case
            if not self.is_tip_off:
                errors["solved_case"] = _("Only a tip-off is linked to the case it helped solve.")
            elif self.pk is not None and case.pk == self.pk:
                errors["solved_case"] = _("A tip-off cannot be the case it helped solve.")
            elif case.is_deleted:
                errors["solved_case"] = _("This case has been deleted.")
            elif case.is_tip_off:
                errors["solved_case"] = _(
                    "Choose the case the tip-off helped solve, not another tip-off."
                )
            elif self.model_id and case.commune_id != self.model.commune_id:
                errors["solved_case"] = _("The case must be in the same commune as the tip-off.")
        if self.pk is not None:
            # An incident other tip-offs name as their case stays a case of their commune.
            communes = set(self.linked_tip_offs().values_list("commune_id", flat=True))
            if communes and self.is_tip_off:
                errors["detected_by"] = _(
                    "Tip-offs are linked to this incident as the case they helped solve: "
                    "it cannot be a tip-off itself."
                )
            elif self.model_id and communes - {self.model.commune_id}:
                errors["model"] = _(
                    "Tip-offs of another commune are linked to this case: it must stay in "
                    "their commune."
                )
        return errors


def _shift_month_change(rows: str, add: bool) -> str:
    """``ShiftMonth`` adds up the live shifts of each team and month."""
    sign = "" if add else "-"
    return (
        "INSERT INTO patrols_shiftmonth (model_id, commune_id, month, shifts, turns) "
        f"SELECT model_id, commune_id, date_trunc('month', day)::date, {sign}count(*), "
        f"{sign}sum(turns) FROM {rows} WHERE deleted_at IS NULL "
        "GROUP BY model_id, commune_id, date_trunc('month', day)::date "
        "ON CONFLICT (model_id, month) DO UPDATE SET "
        "shifts = patrols_shiftmonth.shifts + EXCLUDED.shifts, "
        "turns = patrols_shiftmonth.turns + EXCLUDED.turns;"
    )


for _trigger in transition_triggers("shift_month", _shift_month_change):
    pgtrigger.register(_trigger)(Shift)


REBUILD_SHIFT_MONTHS_SQL = (
    "DELETE FROM patrols_shiftmonth; "
    "INSERT INTO patrols_shiftmonth (model_id, commune_id, month, shifts, turns) "
    "SELECT model_id, commune_id, date_trunc('month', day)::date, count(*), sum(turns) "
    "FROM patrols_shift WHERE deleted_at IS NULL "
    "GROUP BY model_id, commune_id, date_trunc('month', day)::date;"
)


class ShiftMonth(models.Model):
    """Shifts and participant turns of one patrol team in one calendar month: a summary of
    ``Shift`` kept exact by the shift triggers in the same transaction, so the statistics read
    a dozen rows a team a year instead of every shift. Not a record of its own: no history,
    no soft delete (a soft-deleted shift is simply no longer counted)."""

    model = models.ForeignKey(GrassrootsModel, on_delete=models.DO_NOTHING, related_name="+")
    commune = models.ForeignKey(Area, on_delete=models.DO_NOTHING, related_name="+")
    month = models.DateField()
    shifts = models.IntegerField(default=0)
    turns = models.IntegerField(default=0)

    objects = ScopedManager()
    scope_lookup = "commune"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "month"], name="shiftmonth_model_month")
        ]
        indexes = [
            models.Index(
                fields=["commune", "month"],
                include=["model", "shifts", "turns"],
                name="shiftmonth_commune_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_id} {self.month:%m/%Y}: {self.shifts}"
