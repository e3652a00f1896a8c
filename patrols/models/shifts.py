"""Patrol shifts, their participant turns and the monthly summary the statistics read."""

from __future__ import annotations

import datetime

import pghistory
import pgtrigger
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import Area, AreaLevel, DomainModel, protect_hard_delete, track_history
from areas.scoping import ScopedManager
from models_registry.locks import dated_row_trigger_sql, lock_problem
from models_registry.models import GrassrootsModel, ModelCategory, Person
from patrols.models.derived import local_day_field, transition_triggers

MAX_SHIFT = datetime.timedelta(hours=24)
OVERLAP_CONSTRAINT = "participant_no_overlap"


def _count_turns(rows: str, add: bool) -> str:
    """``Shift.turns`` follows the participant rows of each shift."""
    sign = "+" if add else "-"
    return (
        f"UPDATE patrols_shift AS s SET turns = s.turns {sign} c.n "
        f"FROM (SELECT shift_id, count(*) AS n FROM {rows} GROUP BY shift_id) AS c "
        "WHERE s.id = c.shift_id;"
    )


# An update moves turns between shifts only when it changes ``shift_id``: the net change per
# shift, so that rewriting ``during`` (below) touches no shift.
COUNT_MOVED_TURNS = (
    "UPDATE patrols_shift AS s SET turns = s.turns + c.n FROM (SELECT shift_id, sum(n) AS n "
    "FROM (SELECT shift_id, -1 AS n FROM old_rows UNION ALL SELECT shift_id, 1 FROM new_rows) "
    "AS d GROUP BY shift_id HAVING sum(n) <> 0) AS c WHERE s.id = c.shift_id;"
)

# ``ShiftParticipant.during`` is the time of its shift while the shift is live, NULL once the
# shift is deleted: the database fills it on every write of a turn, and rewrites it when the
# shift's times change or the shift is deleted.
TURN_DURING = (
    "SELECT CASE WHEN s.deleted_at IS NULL THEN tstzrange(s.starts_at, s.ends_at) END "
    "INTO NEW.during FROM patrols_shift AS s WHERE s.id = NEW.shift_id; RETURN NEW;"
)
SHIFT_DURING = (
    "UPDATE patrols_shiftparticipant SET during = CASE WHEN NEW.deleted_at IS NULL "
    "THEN tstzrange(NEW.starts_at, NEW.ends_at) END WHERE shift_id = NEW.id; RETURN NULL;"
)


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
    pgtrigger.Trigger(
        name="turns_follow_times",
        when=pgtrigger.After,
        operation=pgtrigger.Update,
        condition=pgtrigger.AnyChange("starts_at", "ends_at", "deleted_at"),
        func=SHIFT_DURING,
    ),
    # No shift of an approved month is added, changed, moved in or out, or deleted.
    pgtrigger.Trigger(
        name="month_lock",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=dated_row_trigger_sql("starts_at", ["updated_at", "day", "turns"]),
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
        self.check_deletable()
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
        if "starts_at" not in errors:
            locked = self._lock_error()
            if locked:
                errors["starts_at"] = locked
        if errors:
            raise ValidationError(errors)

    def _stored_day(self) -> tuple[int, datetime.date] | None:
        if self.pk is None:
            return None
        return (
            Shift.all_objects.filter(pk=self.pk, deleted_at__isnull=True)
            .values_list("commune_id", "day")
            .first()
        )

    def _lock_error(self) -> str | None:
        """A shift recorded, changed or moved in or out of a month approved and locked."""
        stored = self._stored_day()
        if stored is not None:
            found = lock_problem(*stored)
            if found:
                return found
        if self.commune_id and self.starts_at:
            return lock_problem(self.commune_id, self.start_day)
        return None

    def deletion_problem(self) -> str | None:
        return lock_problem(self.commune_id, self.start_day)


RECOUNT_TURNS_SQL = (
    "SET LOCAL patrols.recount_turns = 'on'; "
    "UPDATE patrols_shift AS s SET turns = coalesce(c.n, 0) FROM patrols_shift AS t "
    "LEFT JOIN (SELECT shift_id, count(*) AS n FROM patrols_shiftparticipant GROUP BY shift_id) "
    "AS c ON c.shift_id = t.id WHERE s.id = t.id AND s.turns IS DISTINCT FROM coalesce(c.n, 0); "
    "SET LOCAL patrols.recount_turns = 'off';"
)


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), exclude=["during"])
@pgtrigger.register(
    *transition_triggers("count_turns", _count_turns, update=COUNT_MOVED_TURNS),
    pgtrigger.Trigger(
        name="during_of_shift",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=TURN_DURING,
    ),
    # The participants of a shift of an approved month stay as they are.
    pgtrigger.Trigger(
        name="month_lock",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Delete,
        declare=[("shift_row", "record")],
        func=(
            "SELECT commune_id, day INTO shift_row FROM patrols_shift "
            "WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.shift_id ELSE NEW.shift_id END; "
            "PERFORM registry_check_open(shift_row.commune_id, shift_row.day, shift_row.day); "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    ),
)
class ShiftParticipant(models.Model):
    """Lượt thành viên tham gia: one member on one shift. Counted as participant turns.

    Nobody is on two overlapping shifts: the database refuses it (``participant_no_overlap``,
    an exclusion constraint on the person and ``during``, the time of the shift copied here by
    triggers), so two requests at once cannot both record it."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="shift_turns"
    )
    # [start, end) of the shift while it is live; NULL once it is deleted (kept by triggers).
    during = DateTimeRangeField(null=True, editable=False)

    objects = ScopedManager()
    scope_lookup = "shift__commune"

    class Meta:
        verbose_name = _("participant turn")
        verbose_name_plural = _("participant turns")
        constraints = [
            models.UniqueConstraint(fields=["shift", "person"], name="participant_once_per_shift"),
            ExclusionConstraint(
                name=OVERLAP_CONSTRAINT,
                expressions=[("person", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=Q(during__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["person", "shift"], name="participant_person_idx")]

    def __str__(self) -> str:
        return str(self.person)


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


# The shifts' part of the summary rebuilt from the rows (the incidents' part: summaries.py).
REBUILD_SHIFT_MONTHS_SQL = (
    "DELETE FROM patrols_shiftmonth; "
    "INSERT INTO patrols_shiftmonth (model_id, commune_id, month, shifts, turns, incidents) "
    "SELECT model_id, commune_id, date_trunc('month', day)::date, count(*), sum(turns), 0 "
    "FROM patrols_shift WHERE deleted_at IS NULL "
    "GROUP BY model_id, commune_id, date_trunc('month', day)::date;"
)


class ShiftMonth(models.Model):
    """Shifts, participant turns and incidents of one model in one calendar month: a summary
    of ``Shift`` and ``Incident`` kept exact by their triggers in the same transaction, so the
    statistics read a dozen rows a model a year instead of every shift and incident (the
    month-by-month and per-commune figures). Not a record of its own: no history, no soft
    delete (a soft-deleted shift or incident is simply no longer counted)."""

    model = models.ForeignKey(GrassrootsModel, on_delete=models.DO_NOTHING, related_name="+")
    commune = models.ForeignKey(Area, on_delete=models.DO_NOTHING, related_name="+")
    month = models.DateField()
    shifts = models.IntegerField(default=0, db_default=0)
    turns = models.IntegerField(default=0, db_default=0)
    incidents = models.IntegerField(default=0, db_default=0)

    objects = ScopedManager()
    scope_lookup = "commune"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "month"], name="shiftmonth_model_month")
        ]
        indexes = [
            models.Index(
                fields=["commune", "month"],
                include=["model", "shifts", "turns", "incidents"],
                name="shiftmonth_commune_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_id} {self.month:%m/%Y}: {self.shifts}"
