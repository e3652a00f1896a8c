"""The registry's teams (mô hình), the people and their memberships."""

from __future__ import annotations

import datetime

import pghistory
import pgtrigger
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.base.sorting import SortKeyField, sort_key_length
from areas.models import (
    Area,
    AreaLevel,
    CatalogueModel,
    DomainModel,
    protect_hard_delete,
    track_history,
)
from models_registry.locks import (
    MEMBERSHIP_TRIGGER_SQL,
    MODEL_TRIGGER_SQL,
    interval_problem,
    model_row_problems,
    moved_problem,
)
from models_registry.models.rating_rules import RatingScale, RatingYear
from models_registry.querysets import (
    GrassrootsModelManager,
    MembershipManager,
)


class ModelCategory(models.TextChoices):
    PATROL = "patrol", _("Patrol and security team")
    SELF_MANAGEMENT = "self_management", _("Self-management group")
    MEDIATION = "mediation", _("Mediation team")
    CAMERA = "camera", _("Security camera network")
    CLUB = "club", _("Crime-prevention club or shock team")
    FIRE = "fire", _("Civil defence and fire team")
    OTHER = "other", pgettext_lazy("model category", "Other")


@track_history()
@pgtrigger.register(protect_hard_delete())
class ModelType(CatalogueModel):
    """Loại mô hình: a national catalogue entry (Tổ tuần tra, Tổ tự quản, Camera an ninh …).
    Its category decides which records apply (shifts for patrol teams, cameras for camera
    networks). The same for every user, so not scoped; retired types are deactivated."""

    category = models.CharField(_("category"), max_length=20, choices=ModelCategory.choices)
    is_statutory = models.BooleanField(
        _("statutory team"),
        default=False,
        help_text=_("The Tổ bảo vệ an ninh, trật tự ở cơ sở set up under the 2023 law."),
    )
    description = models.TextField(_("description"), blank=True)
    # The yearly rating the type uses: the statutory teams are rated Hoàn thành tốt /
    # Hoàn thành / Không hoàn thành nhiệm vụ over 15/11 – 14/11, the other models Tốt /
    # Trung bình / Yếu over the calendar year.
    rating_scale = models.CharField(
        _("rating scale"), max_length=8, choices=RatingScale.choices, default=RatingScale.GRADE
    )
    rating_year = models.CharField(
        _("rating year"), max_length=8, choices=RatingYear.choices, default=RatingYear.CALENDAR
    )

    class Meta(CatalogueModel.Meta):
        verbose_name = _("model type")
        verbose_name_plural = _("model types")


class ModelStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")


@track_history()
@pgtrigger.register(
    protect_hard_delete(),
    pgtrigger.Trigger(
        name="month_lock",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        declare=[("far", "date")],
        func=MODEL_TRIGGER_SQL,
    ),
)
class GrassrootsModel(DomainModel):
    """Mô hình: one team, group, club or camera network working in one commune."""

    name = models.CharField(_("name"), max_length=200)
    sort_name = SortKeyField("name", max_length=sort_key_length(200))
    model_type = models.ForeignKey(
        ModelType, verbose_name=_("model type"), on_delete=models.PROTECT, related_name="models"
    )
    commune = models.ForeignKey(
        Area,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="grassroots_models",
        limit_choices_to={"level": AreaLevel.COMMUNE},
    )
    villages = models.ManyToManyField(
        Area,
        verbose_name=_("villages covered"),
        blank=True,
        related_name="covering_models",
        limit_choices_to={"level": AreaLevel.VILLAGE},
    )
    established_on = models.DateField(_("established on"))
    motto = models.CharField(_("motto"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ModelStatus.choices, default=ModelStatus.ACTIVE
    )
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = GrassrootsModelManager()
    all_objects = GrassrootsModelManager(include_deleted=True)
    scope_lookup = "commune"

    class Meta:
        verbose_name = _("grassroots model")
        verbose_name_plural = _("grassroots models")
        ordering = ["commune__sort_name", "sort_name", "pk"]
        indexes = [models.Index(fields=["commune", "model_type"], name="gm_commune_type_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:model_detail", args=[self.pk])

    @property
    def category(self) -> str:
        return self.model_type.category

    def clean(self) -> None:
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.established_on and self.established_on > today:
            errors["established_on"] = _("The date of establishment cannot be in the future.")
        if self.commune_id and self.commune.level != AreaLevel.COMMUNE:
            errors["commune"] = _("Choose a commune, ward or special zone.")
        elif self._state.adding and self.commune_id and not self.commune.is_current:
            errors["commune"] = _("Choose a commune in force today.")
        for field in ("suspended_on", "dissolved_on"):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = _("This date cannot be in the future.")
            elif value and self.established_on and value < self.established_on:
                errors[field] = _("This date cannot be before the model was established.")
        if self.status == ModelStatus.DISSOLVED and not self.dissolved_on:
            errors["dissolved_on"] = _("Enter the date the model was dissolved.")
        if self.status == ModelStatus.SUSPENDED and not self.suspended_on:
            errors["suspended_on"] = _("Enter the date the model was suspended.")
        for name, message in self._lock_errors().items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def _lock_errors(self) -> dict[str, str]:
        """The changes that would alter a month approved and locked (``models_registry.locks``)."""
        if not self.commune_id or not self.established_on:
            return {}
        stored = (
            GrassrootsModel.all_objects.filter(pk=self.pk, deleted_at__isnull=True)
            .values("commune_id", "model_type_id", "established_on", "dissolved_on")
            .first()
            if self.pk
            else None
        )
        if stored is None:
            found = interval_problem(self.commune_id, self.established_on, self.dissolved_on)
            return {"established_on": found} if found else {}
        errors = {}
        if (stored["commune_id"], stored["model_type_id"]) != (self.commune_id, self.model_type_id):
            old = interval_problem(
                stored["commune_id"], stored["established_on"], stored["dissolved_on"]
            )
            new = interval_problem(self.commune_id, self.established_on, self.dissolved_on)
            if old or new:
                errors["model_type"] = old or new
        for name in ("established_on", "dissolved_on"):
            found = moved_problem(self.commune_id, stored[name], getattr(self, name))
            if found:
                errors[name] = found
        return errors

    def deletion_problem(self) -> str | None:
        return interval_problem(self.commune_id, self.established_on, self.dissolved_on)

    @transaction.atomic
    def soft_delete(self) -> None:
        """Deactivating a model deactivates its memberships, ratings and cameras with it."""
        self.check_deletable()
        now = timezone.now()
        for related in (self.memberships, self.ratings, self.cameras):
            related.filter(deleted_at__isnull=True).update(deleted_at=now, updated_at=now)
        super().soft_delete()

    def is_active_on(self, day: datetime.date) -> bool:
        """``GrassrootsModelQuerySet.active_q`` for one model."""
        if day < self.established_on:
            return False
        return not (self.dissolved_on and day > self.dissolved_on)


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


@track_history()
@pgtrigger.register(protect_hard_delete())
class Person(DomainModel):
    """Thành viên: a resident of a commune who serves in one or more of its models."""

    full_name = models.CharField(_("full name"), max_length=120)
    # Given name first, as Vietnamese rosters file people (areas.base.sorting.vi_person_key).
    sort_name = SortKeyField("full_name", person=True, max_length=sort_key_length(120))
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1920), MaxValueValidator(2100)],
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    commune = models.ForeignKey(
        Area,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="persons",
        limit_choices_to={"level": AreaLevel.COMMUNE},
    )
    village = models.ForeignKey(
        Area,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        limit_choices_to={"level": AreaLevel.VILLAGE},
    )

    scope_lookup = "commune"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["sort_name", "pk"]
        # The search box's fields also have trigram indexes on vi_search(full_name) and
        # vi_search(phone), written in SQL by migration 0007 (an operator class needs
        # django.contrib.postgres installed to be declared here).
        indexes = [models.Index(fields=["commune", "full_name"], name="person_commune_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("registry:person_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.birth_year and self.birth_year > timezone.localdate().year - 14:
            errors["birth_year"] = _("A member must be at least 14 years old.")
        if self.village_id and self.commune_id and self.village.parent_id != self.commune_id:
            errors["village"] = _("The village must belong to the person's commune.")
        if self.phone and not all(c.isdigit() or c in "+ .-" for c in self.phone):
            errors["phone"] = _("Enter a phone number using digits only.")
        if self._state.adding and self.commune_id and not self.commune.is_current:
            errors["commune"] = _("Choose a commune in force today.")
        if errors:
            raise ValidationError(errors)

    def deletion_problem(self) -> str | None:
        """Deactivating a person ends their memberships: none may have served in a locked
        month."""
        for membership in self.memberships.select_related("model"):
            found = membership.deletion_problem()
            if found:
                return found
        return None

    @transaction.atomic
    def soft_delete(self) -> None:
        """Deactivating a person ends their memberships with them (kept in the records)."""
        self.check_deletable()
        now = timezone.now()
        self.memberships.filter(deleted_at__isnull=True).update(deleted_at=now, updated_at=now)
        super().soft_delete()


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy")
    MEMBER = "member", _("Member")


@track_history()
@pgtrigger.register(
    protect_hard_delete(),
    pgtrigger.Trigger(
        name="month_lock",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        declare=[("far", "date"), ("commune", "bigint"), ("old_commune", "bigint")],
        func=MEMBERSHIP_TRIGGER_SQL,
    ),
)
class Membership(DomainModel):
    """Thành viên của mô hình: a person serving in a model in a role, from joined_on to left_on."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    model = models.ForeignKey(
        GrassrootsModel,
        verbose_name=_("model"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = MembershipManager()
    all_objects = MembershipManager(include_deleted=True)
    scope_lookup = "model__commune"

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["role", "person__sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["model"],
                condition=Q(role="leader", left_on__isnull=True, deleted_at__isnull=True),
                name="membership_one_current_leader",
                violation_error_message=_("This model already has a current leader."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message=_("The leaving date cannot be before the joining date."),
            ),
        ]
        indexes = [
            # Covering: the statistics count who serves in each model on a day from the
            # index alone (model by model, not a scan of every membership of the country).
            models.Index(
                fields=["model", "joined_on"],
                include=["role", "left_on", "deleted_at"],
                name="membership_serving_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return self.model.get_absolute_url()

    def serves_on(self, day: datetime.date) -> bool:
        """``MembershipQuerySet.serving_q`` for one membership."""
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)

    @property
    def is_current(self) -> bool:
        return self.serves_on(timezone.localdate())

    def clean(self) -> None:
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.joined_on and self.joined_on > today:
            errors["joined_on"] = _("The joining date cannot be in the future.")
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = _("The leaving date cannot be before the joining date.")
        if self.person_id and self.model_id and self.person.commune_id != self.model.commune_id:
            errors["person"] = _("This person lives in another commune than the model.")
        if self.model_id and self.joined_on and self.joined_on < self.model.established_on:
            errors["joined_on"] = _("The joining date cannot be before the model was established.")
        if self.model_id and self.person_id and self.joined_on:
            overlap = self.others(model_id=self.model_id, person_id=self.person_id).filter(
                Q(left_on__isnull=True) | Q(left_on__gte=self.joined_on)
            )
            if self.left_on:
                overlap = overlap.filter(joined_on__lte=self.left_on)
            if overlap.exists():
                errors["person"] = _("This person is already a member of the model in that period.")
        if self.role == MemberRole.LEADER and self.left_on is None and self.model_id:
            leaders = self.others(
                model_id=self.model_id, role=MemberRole.LEADER, left_on__isnull=True
            )
            if leaders.exists():
                errors["role"] = _("This model already has a current leader.")
        for name, message in self._lock_errors().items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def _lock_errors(self) -> dict[str, str]:
        """The changes that would alter a month approved and locked (``models_registry.locks``)."""
        if not self.model_id or not self.joined_on:
            return {}
        fields = ("model_id", "person_id", "role", "joined_on", "left_on")
        stored = (
            Membership.all_objects.filter(pk=self.pk, deleted_at__isnull=True)
            .values(*fields, commune=F("model__commune_id"))
            .first()
            if self.pk
            else None
        )
        return model_row_problems(
            self.model.commune_id,
            stored,
            {name: getattr(self, name) for name in fields},
            start="joined_on",
            end="left_on",
            identity=("model_id", "person_id", "role"),
            at="role",
        )

    def deletion_problem(self) -> str | None:
        return interval_problem(self.model.commune_id, self.joined_on, self.left_on)


# Which villages a model covers is part of its record: adding or removing one is kept too.
pghistory.track(
    pghistory.InsertEvent("village.add"),
    pghistory.DeleteEvent("village.remove"),
    obj_field=None,
    model_name="GrassrootsModelVillageEvent",
    app_label="models_registry",
)(GrassrootsModel.villages.through)
