"""Incidents (vụ việc) and the items collected, with the rules of a tip-off's link to its case."""

from __future__ import annotations

from decimal import Decimal

import pgtrigger
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from areas.models import Area, AreaLevel, DomainModel, protect_hard_delete, track_history
from models_registry.locks import dated_row_trigger_sql, lock_problem
from models_registry.models import Camera, GrassrootsModel
from patrols.models.catalogues import DetectedBy, IncidentCategory, Outcome
from patrols.models.derived import local_day_field
from patrols.models.shifts import Shift


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
    # No incident of an approved month is added, changed, moved in or out, or deleted.
    pgtrigger.Trigger(
        name="month_lock",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=dated_row_trigger_sql("occurred_at", ["updated_at", "day"]),
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
        if "occurred_at" not in errors:
            locked = self._lock_error()
            if locked:
                errors["occurred_at"] = locked
        if errors:
            raise ValidationError(errors)

    def _lock_error(self) -> str | None:
        """An incident recorded, changed or moved in or out of a month approved and locked."""
        if self.pk is not None:
            stored = (
                Incident.all_objects.filter(pk=self.pk, deleted_at__isnull=True)
                .values_list("commune_id", "day")
                .first()
            )
            found = lock_problem(*stored) if stored else None
            if found:
                return found
        if self.commune_id and self.occurred_at:
            return lock_problem(self.commune_id, timezone.localtime(self.occurred_at).date())
        return None

    def deletion_problem(self) -> str | None:
        return lock_problem(self.commune_id, timezone.localtime(self.occurred_at).date())

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
