"""The monthly sign-off of a commune's logs (xác nhận số liệu tháng) and the lock it sets."""

from __future__ import annotations

import datetime

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from areas.models import Area, AreaLevel, track_history
from areas.scoping import ScopedManager


class MonthStatus(models.TextChoices):
    OPEN = "open", _("Not confirmed")
    CONFIRMED = "confirmed", _("Confirmed by the commune")
    APPROVED = "approved", _("Approved and locked")
    RETURNED = "returned", _("Returned to the commune")


# The day of the month by which a commune confirms the month before (the 5th).
CONFIRM_BY_DAY = 5


@track_history()
@pgtrigger.register(pgtrigger.Protect(name="protect_delete", operation=pgtrigger.Delete))
class CommuneMonth(models.Model):
    """Số liệu tháng của một xã: a commune's logs of one calendar month, confirmed as complete
    by its officer, then approved (which locks the month's figures) or returned with a comment
    by province staff; province staff may reopen an approved month, giving a reason.

    A month without a row is open. The row is never deleted: each step is an update, kept in
    its history. Writes to the month's records are refused while it is approved, by
    ``models_registry.signoff`` (the message at the field) and by the database's triggers
    (``registry_locked_month``), which also hold the rule against an approval landing at
    the same time."""

    commune = models.ForeignKey(
        Area,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="months",
        limit_choices_to={"level": AreaLevel.COMMUNE},
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=MonthStatus.choices, default=MonthStatus.OPEN
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or returned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("approved or returned at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedManager()
    scope_lookup = "commune"

    class Meta:
        verbose_name = _("commune month")
        verbose_name_plural = _("commune months")
        ordering = ["-month", "commune__sort_name"]
        permissions = [
            ("confirm_communemonth", "Can confirm a commune's month"),
            ("decide_communemonth", "Can approve, return or reopen a commune's month"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["commune", "month"], name="communemonth_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="communemonth_first_day"),
        ]
        indexes = [
            models.Index(
                fields=["commune", "month"],
                condition=Q(status="approved"),
                name="communemonth_locked_idx",
            ),
            models.Index(fields=["month", "status"], name="communemonth_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.month:%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("registry:month_detail", args=[self.pk])

    is_deleted = False  # a month is never deleted: its steps are kept

    @property
    def is_locked(self) -> bool:
        return self.status == MonthStatus.APPROVED

    @property
    def deadline(self) -> datetime.date:
        """The day by which the commune confirms the month: the 5th of the next month."""
        following = (self.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following.replace(day=CONFIRM_BY_DAY)

    @property
    def confirmed_late(self) -> bool | None:
        """Whether the month was confirmed after its deadline (``None``: not confirmed)."""
        if self.confirmed_at is None:
            return None
        from django.utils import timezone

        return timezone.localtime(self.confirmed_at).date() > self.deadline
