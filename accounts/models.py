from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import ROLE_SCOPE_LEVELS, Role
from areas.models import Area, track_history


@track_history(exclude=["password", "last_login"])
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
