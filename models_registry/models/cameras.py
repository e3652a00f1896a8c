"""The cameras of a camera network model (mô hình camera an ninh)."""

from __future__ import annotations

from decimal import Decimal

import pgtrigger
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import (
    Area,
    AreaLevel,
    DomainModel,
    protect_hard_delete,
    track_history,
)
from models_registry.locks import CAMERA_TRIGGER_SQL, interval_problem, model_row_problems
from models_registry.models.teams import GrassrootsModel, ModelCategory

# Viet Nam's extent, islands included (Trường Sa reaches about 117.8° E).
VN_LAT = (Decimal("8.0"), Decimal("23.5"))
VN_LON = (Decimal("102.0"), Decimal("117.9"))


class CameraKind(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    PTZ = "ptz", _("Pan-tilt-zoom")
    PLATE = "plate", _("Licence-plate recognition")


class CameraFunding(models.TextChoices):
    STATE = "state", _("State budget")
    PUBLIC = "public", _("Contributed by residents")
    SPONSOR = "sponsor", _("Sponsored")


class CameraStatus(models.TextChoices):
    WORKING = "working", _("Working")
    BROKEN = "broken", _("Out of order")
    REMOVED = "removed", _("Removed")


@track_history()
@pgtrigger.register(
    protect_hard_delete(),
    pgtrigger.Trigger(
        name="month_lock",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        declare=[("far", "date"), ("commune", "bigint"), ("old_commune", "bigint")],
        func=CAMERA_TRIGGER_SQL,
    ),
)
class Camera(DomainModel):
    """Mắt camera an ninh of a camera network model: in place from ``installed_on`` until
    ``removed_on`` (the day it was taken down, when its status is "removed"), so that a past
    period counts the cameras in place then. Whether it works and is linked to the police's
    centre is its state now, not dated."""

    model = models.ForeignKey(
        GrassrootsModel,
        verbose_name=_("camera network"),
        on_delete=models.PROTECT,
        related_name="cameras",
    )
    code = models.CharField(_("code"), max_length=40)
    place = models.CharField(_("place"), max_length=200)
    village = models.ForeignKey(
        Area,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cameras",
        limit_choices_to={"level": AreaLevel.VILLAGE},
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=CameraKind.choices, default=CameraKind.FIXED
    )
    funding = models.CharField(_("funding"), max_length=8, choices=CameraFunding.choices)
    installed_on = models.DateField(_("installed on"))
    linked_to_centre = models.BooleanField(
        _("linked to the police monitoring centre"), default=False
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CameraStatus.choices, default=CameraStatus.WORKING
    )
    removed_on = models.DateField(
        _("removed on"),
        null=True,
        blank=True,
        help_text=_("The day the camera was taken down: only for a removed camera."),
    )

    scope_lookup = "model__commune"

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        ordering = ["model__sort_name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "code"],
                condition=Q(deleted_at__isnull=True),
                name="camera_code_unique_in_network",
                violation_error_message=_("This network already has a camera with this code."),
            ),
            models.CheckConstraint(
                condition=Q(status=CameraStatus.REMOVED, removed_on__isnull=False)
                | (~Q(status=CameraStatus.REMOVED) & Q(removed_on__isnull=True)),
                name="camera_removed_on_when_removed",
                violation_error_message=_("A removed camera has the day it was removed."),
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=models.F("installed_on")),
                name="camera_removed_after_installed",
                violation_error_message=_("A camera cannot be removed before it was installed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("registry:camera_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.model_id and self.model.model_type.category != ModelCategory.CAMERA:
            errors["model"] = _("Cameras belong to a camera network model.")
        if self.installed_on and self.installed_on > timezone.localdate():
            errors["installed_on"] = _("The installation date cannot be in the future.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Enter both latitude and longitude, or neither."
            )
        if self.latitude is not None and not VN_LAT[0] <= self.latitude <= VN_LAT[1]:
            errors["latitude"] = _("This point is outside Viet Nam (latitude 8–23.5° N).")
        if self.longitude is not None and not VN_LON[0] <= self.longitude <= VN_LON[1]:
            errors["longitude"] = _("This point is outside Viet Nam (longitude 102–117.9° E).")
        if self.status == CameraStatus.REMOVED and self.removed_on is None:
            errors["removed_on"] = _("Enter the day the camera was removed.")
        elif self.status != CameraStatus.REMOVED and self.removed_on is not None:
            errors["removed_on"] = _(
                "Only a removed camera has a removal date: choose the status Removed, or leave "
                "the date empty."
            )
        elif self.removed_on and self.removed_on > timezone.localdate():
            errors["removed_on"] = _("The removal date cannot be in the future.")
        elif self.removed_on and self.installed_on and self.removed_on < self.installed_on:
            errors["removed_on"] = _("A camera cannot be removed before it was installed.")
        if self.village_id and self.model_id and self.village.parent_id != self.model.commune_id:
            errors["village"] = _("The village must belong to the network's commune.")
        # The partial unique index is not checked by form validation (deleted_at is not a form
        # field), so say it here in words rather than fail at the database.
        if (
            self.model_id
            and self.code
            and self.others(model_id=self.model_id, code__iexact=self.code).exists()
        ):
            errors["code"] = _("This network already has a camera with this code.")
        for name, message in self._lock_errors().items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def _lock_errors(self) -> dict[str, str]:
        """The changes that would alter a month approved and locked (``models_registry.locks``):
        the cameras in place on a day, by kind and funding."""
        if not self.model_id or not self.installed_on:
            return {}
        fields = ("model_id", "kind", "funding", "installed_on", "removed_on")
        stored = (
            Camera.all_objects.filter(pk=self.pk, deleted_at__isnull=True)
            .values(*fields, commune=F("model__commune_id"))
            .first()
            if self.pk
            else None
        )
        return model_row_problems(
            self.model.commune_id,
            stored,
            {name: getattr(self, name) for name in fields},
            start="installed_on",
            end="removed_on",
            identity=("model_id", "kind", "funding"),
            at="kind",
        )

    def deletion_problem(self) -> str | None:
        return interval_problem(self.model.commune_id, self.installed_on, self.removed_on)
