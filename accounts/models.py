from __future__ import annotations

import pghistory
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import ROLE_SCOPE_LEVELS, Role
from areas.models import Area, track_history
from areas.scoping import ScopedManager

# Manual history rows of a user (pghistory.create_event): what another user did to the
# account, with who and when in the row's context; never a password or a key.
TEMPORARY_PASSWORD_SET = "temporary_password_set"
TWO_FACTOR_RESET = "two_factor_reset"


@track_history(
    pghistory.ManualEvent(TEMPORARY_PASSWORD_SET),
    pghistory.ManualEvent(TWO_FACTOR_RESET),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """Người dùng: a portal user with one role and one scope unit (a commune, a province or
    the whole country). Everything the user reads goes through ``Model.objects.for_user``."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    scope_unit = models.ForeignKey(
        Area,
        verbose_name=_("scope"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The unit whose data this user sees: a commune, a province or the country."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set with a temporary password: every page asks for a new one first."),
    )
    temporary_password_expires_at = models.DateTimeField(
        _("temporary password expires at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("A temporary password no longer signs in after this time."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Vietnamese order: family name first ("Nguyễn Văn Tỉnh").
        return f"{self.last_name} {self.first_name}".strip()

    def clean(self) -> None:
        super().clean()
        if self.role and self.scope_unit_id is None:
            raise ValidationError({"scope_unit": _("Choose the unit this user works for.")})
        if self.role and self.scope_unit_id:
            allowed = ROLE_SCOPE_LEVELS[Role(self.role)]
            if self.scope_unit.level not in allowed:
                raise ValidationError(
                    {"scope_unit": _("This role cannot be scoped to a unit of this level.")}
                )

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.sync_role_group()

    def sync_role_group(self) -> None:
        """Keep the user in exactly the group of their role."""
        role_names = [r.value for r in Role]
        current = set(self.groups.filter(name__in=role_names).values_list("name", flat=True))
        wanted = {self.role} if self.role else set()
        if current != wanted:
            self.groups.remove(*Group.objects.filter(name__in=current - wanted))
            if wanted:
                group, _created = Group.objects.get_or_create(name=self.role)
                self.groups.add(group)

    @property
    def is_commune_officer(self) -> bool:
        return self.role == Role.COMMUNE_OFFICER


class ManagedUser(User):
    """A user as another user manages them (tài khoản thuộc đơn vị): read through the one
    scoping mechanism, by the unit the user works for, so province staff reach only the users
    inside their province. Signing in keeps using ``User`` and its plain manager."""

    objects = ScopedManager()
    scope_lookup = "scope_unit"

    class Meta:
        proxy = True
        verbose_name = _("user of the unit")
        verbose_name_plural = _("users of the unit")
        permissions = [
            ("set_temporary_password", _("Can set a temporary password for a user")),
            ("reset_two_factor", _("Can reset a user's two-factor sign-in")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("users:detail", kwargs={"pk": self.pk})


class NotificationKind(models.TextChoices):
    """What a notification is about; each kind has its wording, and the user chooses which
    kinds also come by e-mail (``accounts.notifications``)."""

    REPORT_READY = "report_ready", _("A review report's PDF is ready")
    REPORT_FAILED = "report_failed", _("A review report's PDF could not be made")
    PROPOSAL_DECIDED = "proposal_decided", _("A commendation proposal was decided")
    MONTH_RETURNED = "month_returned", _("A month's figures were returned to the commune")
    SILENT_UNITS = "silent_units", _("Weekly: communes and teams that logged no shift")


@track_history()
class Notification(models.Model):
    """Thông báo: one message to one user — their report's PDF is ready, their proposal was
    decided … — shown under the bell of the top bar and, when the user chose so, sent by
    e-mail. Its title is written in Vietnamese when it is made; it links to the page of what it
    is about. A user reads only their own (``owner_lookup``); read marks are not soft deleted:
    marking read only sets ``read_at``, recorded in the history."""

    recipient = models.ForeignKey(
        User,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        editable=False,
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("details"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True, editable=False)
    # The event the notification tells of ("proposal:12"): made once per recipient, however
    # often its sender runs (a job retried, a weekly task run again). Empty: no such check.
    event = models.CharField(_("event"), max_length=100, blank=True, editable=False)

    objects = ScopedManager()
    owner_lookup = "recipient"

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"],
                condition=~Q(event=""),
                name="notification_once_per_event",
            )
        ]
        indexes = [
            # The bell's count: one user's unread notifications.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notifications:detail", args=[self.pk])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_deleted(self) -> bool:
        # Notifications are never deleted, softly or otherwise.
        return False


@track_history()
class NotificationPreference(models.Model):
    """Thông báo qua thư điện tử: whether one user gets one kind of notification by e-mail
    too. A kind without a row keeps its default (``accounts.notifications.KINDS``)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        editable=False,
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    by_email = models.BooleanField(_("by e-mail"))

    objects = ScopedManager()
    owner_lookup = "user"

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"

    @property
    def is_deleted(self) -> bool:
        return False
