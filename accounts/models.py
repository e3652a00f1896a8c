from __future__ import annotations

import pghistory
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
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
