"""Xếp loại hằng năm: one rating of a model for one rating year, on the scale and over the
rating year its type uses (``rating_rules``), confirmed by the commune and approved by the
province."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import DomainModel, protect_hard_delete, track_history
from models_registry.models.rating_rules import (
    SCALE_VALUES,
    Rating,
    RatingScale,
    RatingStatus,
    is_eligible,
    rating_period,
    rating_year_label,
)
from models_registry.models.teams import GrassrootsModel


@track_history()
@pgtrigger.register(protect_hard_delete())
class ModelRating(DomainModel):
    """Xếp loại mô hình hằng năm: Tốt / Trung bình / Yếu, or, for the statutory Tổ bảo vệ
    ANTT ở cơ sở, Hoàn thành tốt / Hoàn thành / Không hoàn thành nhiệm vụ. ``year`` names the
    rating year by the year it ends in; ``scale`` is the type's scale when the rating was
    made (ratings made before the statutory scale stay on Tốt / Trung bình / Yếu)."""

    model = models.ForeignKey(
        GrassrootsModel, verbose_name=_("model"), on_delete=models.PROTECT, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    scale = models.CharField(
        _("rating scale"),
        max_length=8,
        choices=RatingScale.choices,
        default=RatingScale.GRADE,
        editable=False,
    )
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RatingStatus.choices,
        default=RatingStatus.CONFIRMED,
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)

    scope_lookup = "model__commune"

    class Meta:
        verbose_name = _("yearly rating")
        verbose_name_plural = _("yearly ratings")
        ordering = ["-year"]
        permissions = [("approve_modelrating", _("Can approve and reopen yearly ratings"))]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "year"],
                condition=Q(deleted_at__isnull=True),
                name="rating_one_per_year",
                violation_error_message=_("This model already has a rating for that year."),
            ),
            models.CheckConstraint(
                condition=Q(scale=RatingScale.GRADE, rating__in=SCALE_VALUES[RatingScale.GRADE])
                | Q(scale=RatingScale.DUTY, rating__in=SCALE_VALUES[RatingScale.DUTY]),
                name="rating_value_of_its_scale",
                violation_error_message=_("Choose a rating of the scale of this model type."),
            ),
            models.CheckConstraint(
                condition=Q(status=RatingStatus.APPROVED, approved_at__isnull=False)
                | Q(status=RatingStatus.CONFIRMED),
                name="rating_approved_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_rating_display()}"

    def get_absolute_url(self) -> str:
        return self.model.get_absolute_url()

    @property
    def is_approved(self) -> bool:
        return self.status == RatingStatus.APPROVED

    @property
    def year_label(self) -> str:
        """ "năm 2026 (15/11/2025 – 14/11/2026)" for a statutory team, "năm 2026" otherwise."""
        return rating_year_label(self.model.model_type.rating_year, self.year)

    def clean(self) -> None:
        super().clean()
        errors = {}
        model_type = self.model.model_type if self.model_id else None
        if self._state.adding and model_type is not None:
            self.scale = model_type.rating_scale
        if self.rating and self.rating not in SCALE_VALUES.get(self.scale, []):
            labels = dict(Rating.choices)
            errors["rating"] = _("Choose one of the ratings of this model type: %(values)s.") % {
                "values": ", ".join(str(labels[v]) for v in SCALE_VALUES[self.scale])
            }
        if self.year and self.year > timezone.localdate().year:
            errors["year"] = _("A year in the future cannot be rated.")
        elif self.year and model_type is not None and 2000 <= self.year <= 2100:
            kind = model_type.rating_year
            start, end = rating_period(kind, self.year)
            label = rating_year_label(kind, self.year)
            if self.model.established_on > end:
                errors["year"] = _("The model was set up after the rating %(year)s.") % {
                    "year": label
                }
            elif not is_eligible(kind, self.year, self.model.established_on):
                errors["year"] = _(
                    "The team was set up on %(date)s, less than nine months before the end of "
                    "the rating %(year)s: it is not rated that year."
                ) % {"date": f"{self.model.established_on:%d/%m/%Y}", "year": label}
        if (
            self.model_id
            and self.year
            and self.others(model_id=self.model_id, year=self.year).exists()
        ):
            errors["year"] = _("This model already has a rating for that year.")
        if self.pk and self.status == RatingStatus.APPROVED:
            stored = (
                type(self)
                .objects.filter(pk=self.pk)
                .values("status", "year", "rating", "note")
                .first()
            )
            changed = stored and (stored["year"], stored["rating"], stored["note"]) != (
                self.year,
                self.rating,
                self.note,
            )
            if changed and stored["status"] == RatingStatus.APPROVED:
                errors["__all__"] = _(
                    "This rating was approved by the province and is final; province "
                    "staff can reopen it."
                )
        if errors:
            raise ValidationError(errors)
