from __future__ import annotations

import datetime

import pghistory
import pgtrigger
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.base.sorting import SortKeyField, sort_key_fields, sort_key_length, with_sort_keys
from areas.scoping import ScopedManager, ScopedQuerySet, unscoped

REFORM_DATE = datetime.date(2025, 7, 1)  # two-tier local government since 1 July 2025
LEGACY_VALID_TO = REFORM_DATE - datetime.timedelta(days=1)


def track_history(*extra_trackers, **kwargs):
    """Change history (who, when, what) recorded by PostgreSQL triggers, bulk writes included.
    Sort keys are left out: they say nothing the name does not. ``extra_trackers`` add events
    of the model's own (``pghistory.ManualEvent``: an act that changes no column)."""

    def decorator(model):
        exclude = [*kwargs.pop("exclude", []), *(f.name for f in sort_key_fields(model))]
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            *extra_trackers,
            **({"exclude": exclude} if exclude else {}),
            **kwargs,
        )(model)

    return decorator


def protect_hard_delete() -> pgtrigger.Protect:
    """Domain rows are soft-deleted; the database refuses a hard DELETE."""
    return pgtrigger.Protect(name="protect_delete", operation=pgtrigger.Delete)


class DomainModel(models.Model):
    """Base of every domain table: timestamps and soft delete (``deleted_at``)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = ScopedManager()
    all_objects = ScopedManager(include_deleted=True)

    #: Lookup from the model to its administrative unit; see ``areas.scoping``.
    scope_lookup: str = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is not None:  # a renamed row gets its new sort key
            kwargs["update_fields"] = with_sort_keys(self, kwargs["update_fields"])
        super().save(*args, **kwargs)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def others(self, **lookups):
        """Live rows of this model matching ``lookups``, this row excluded (for clash checks)."""
        return type(self).objects.filter(**lookups).exclude(pk=self.pk)

    def deletion_problem(self) -> str | None:
        """Why this row may not be deleted now (a rule of the app that owns it), or ``None``."""
        return None

    def check_deletable(self) -> None:
        """Raise a ``ValidationError`` with ``deletion_problem``, if any: an override of
        ``soft_delete`` that changes other rows first calls this before them."""
        problem = self.deletion_problem()
        if problem:
            raise ValidationError(problem)

    def soft_delete(self) -> None:
        """Hide the row everywhere while keeping it, and its history, in the database.
        Refused with a ``ValidationError`` when ``deletion_problem`` names a reason."""
        self.check_deletable()
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])


class CatalogueModel(models.Model):
    """Base of the national catalogues (model types, incident categories): the same for every
    user, so not scoped; entries are retired with ``is_active`` rather than deleted."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    sort_name = SortKeyField("name", max_length=sort_key_length(150))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "sort_name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = with_sort_keys(self, kwargs["update_fields"])
        super().save(*args, **kwargs)


class AreaLevel(models.IntegerChoices):
    COUNTRY = 0, pgettext_lazy("area level", "Country")
    PROVINCE = 1, pgettext_lazy("area level", "Province")
    DISTRICT = 2, pgettext_lazy("area level", "District (before 1 July 2025)")
    COMMUNE = 3, pgettext_lazy("area level", "Commune")
    VILLAGE = 4, pgettext_lazy("area level", "Village")


class AreaKind(models.TextChoices):
    COUNTRY = "country", pgettext_lazy("area kind", "Country")
    PROVINCE = "province", pgettext_lazy("area kind", "Province")
    CITY = "city", pgettext_lazy("area kind", "Centrally-run city")
    DISTRICT = "district", pgettext_lazy("area kind", "Rural district")
    URBAN_DISTRICT = "urban_district", pgettext_lazy("area kind", "Urban district")
    TOWN = "town", pgettext_lazy("area kind", "District-level town")
    PROVINCIAL_CITY = "provincial_city", pgettext_lazy("area kind", "Provincial city")
    COMMUNE = "commune", pgettext_lazy("area kind", "Commune")
    WARD = "ward", pgettext_lazy("area kind", "Ward")
    TOWNSHIP = "township", pgettext_lazy("area kind", "Township")
    SPECIAL_ZONE = "special_zone", pgettext_lazy("area kind", "Special zone")
    VILLAGE = "village", pgettext_lazy("area kind", "Village (thôn)")
    HAMLET = "hamlet", pgettext_lazy("area kind", "Hamlet (ấp)")
    MOUNTAIN_VILLAGE = "mountain_village", pgettext_lazy("area kind", "Mountain village (bản)")
    RESIDENTIAL_GROUP = (
        "residential_group",
        pgettext_lazy("area kind", "Residential group (tổ dân phố)"),
    )


KIND_LEVEL = {
    AreaKind.COUNTRY: AreaLevel.COUNTRY,
    AreaKind.PROVINCE: AreaLevel.PROVINCE,
    AreaKind.CITY: AreaLevel.PROVINCE,
    AreaKind.DISTRICT: AreaLevel.DISTRICT,
    AreaKind.URBAN_DISTRICT: AreaLevel.DISTRICT,
    AreaKind.TOWN: AreaLevel.DISTRICT,
    AreaKind.PROVINCIAL_CITY: AreaLevel.DISTRICT,
    AreaKind.COMMUNE: AreaLevel.COMMUNE,
    AreaKind.WARD: AreaLevel.COMMUNE,
    AreaKind.TOWNSHIP: AreaLevel.COMMUNE,
    AreaKind.SPECIAL_ZONE: AreaLevel.COMMUNE,
    AreaKind.VILLAGE: AreaLevel.VILLAGE,
    AreaKind.HAMLET: AreaLevel.VILLAGE,
    AreaKind.MOUNTAIN_VILLAGE: AreaLevel.VILLAGE,
    AreaKind.RESIDENTIAL_GROUP: AreaLevel.VILLAGE,
}
VILLAGE_KINDS = [k for k, level in KIND_LEVEL.items() if level == AreaLevel.VILLAGE]


class AreaQuerySet(ScopedQuerySet):
    def current(self, on: datetime.date | None = None):
        """Units in force on a date (today by default)."""
        return self.filter(self.current_q(on))

    @staticmethod
    def current_q(on: datetime.date | None = None) -> Q:
        """In force on a date (today by default)."""
        on = on or timezone.localdate()
        return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def communes(self):
        return self.filter(level=AreaLevel.COMMUNE)

    def villages(self):
        return self.filter(level=AreaLevel.VILLAGE)


class AreaManager(ScopedManager.from_queryset(AreaQuerySet)):
    pass


@track_history()
@pgtrigger.register(protect_hard_delete())
class Area(DomainModel):
    """Đơn vị hành chính: the country, a province, a pre-2025 district, a commune (xã / phường
    / đặc khu) or a village (thôn / ấp / bản / tổ dân phố). Official units come from the
    ``vietnamadminunits`` package (``manage.py load_areas``); villages are entered by users.
    ``path`` ("/1/7/123/") materialises the ancestry for subtree scoping."""

    code = models.CharField(_("code"), max_length=12, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    sort_name = SortKeyField("name", max_length=sort_key_length(120))
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=AreaLevel.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    objects = AreaManager()
    all_objects = AreaManager(include_deleted=True)
    scope_lookup = ""

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "sort_name", "pk"]
        indexes = [
            models.Index(fields=["path"], name="area_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "parent"], name="area_level_parent_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "level", "valid_to"],
                condition=~Q(code=""),
                nulls_distinct=False,
                name="area_official_code_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(level=AreaLevel.VILLAGE, deleted_at__isnull=True),
                name="area_village_name_unique",
                violation_error_message=_("This commune already has a village with this name."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="area_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.level = KIND_LEVEL[AreaKind(self.kind)]
        if self.pk is None:
            self.pk = self.reserve_ids()[0]
            kwargs["force_insert"] = True
        self.path = self.compute_path()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "path", "level"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("areas:detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The unit as a choice beside a team or a village names it: its short name, else its
        name."""
        return self.short_name or self.name

    @property
    def is_country(self) -> bool:
        return self.level == AreaLevel.COUNTRY

    @property
    def is_commune(self) -> bool:
        return self.level == AreaLevel.COMMUNE

    @property
    def is_village(self) -> bool:
        return self.level == AreaLevel.VILLAGE

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or self.valid_to >= today
        )

    def ancestors(self) -> list[Area]:
        """Units above this one, from the country down (one query)."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        with unscoped("the names of the units above a unit are public"):
            by_id = Area.all_objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def contains(self, other: Area) -> bool:
        return self.is_country or other.path.startswith(self.path)

    def clean(self) -> None:
        super().clean()
        if self.kind:
            self.level = KIND_LEVEL[AreaKind(self.kind)]
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end of validity must not be before its start.")
        if self.level == AreaLevel.VILLAGE:
            if self.parent_id is None or self.parent.level != AreaLevel.COMMUNE:
                errors["parent"] = _("A village must belong to a commune.")
            elif not self.parent.is_current:
                errors["parent"] = _("Villages can only be added to communes currently in force.")
        if self.name and not self.name.strip():
            errors["name"] = _("Enter a name.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def reserve_ids(count: int = 1) -> list[int]:
        """Reserve primary keys, so that ``path`` is written with the row's first INSERT."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('areas_area', 'id')) "
                "FROM generate_series(1, %s)",
                [count],
            )
            return [row[0] for row in cursor.fetchall()]

    def compute_path(self) -> str:
        return (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
