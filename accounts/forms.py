from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.models import NotificationKind, User
from accounts.roles import ROLE_SCOPE_LEVELS, Role
from areas.base.forms import ScopedFormMixin


class LoginForm(AuthenticationForm):
    """Django's login form; axes counts its failures. A temporary password past its time no
    longer signs in: the user asks for a new one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocapitalize="none", autocomplete="username")

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        expires = user.temporary_password_expires_at
        if user.must_change_password and expires is not None and expires <= timezone.now():
            raise ValidationError(
                _(
                    "This temporary password has expired. Ask the province police officer who "
                    "manages your account for a new one."
                ),
                code="temporary_password_expired",
            )


class EmailChoicesForm(forms.Form):
    """Which kinds of notification also come by e-mail: one box for each kind the user's role
    may get, ticked as they chose or by default."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for kind, by_email in notifications.email_choices(user).items():
            self.fields[kind] = forms.BooleanField(
                label=NotificationKind(kind).label,
                required=False,
                initial=by_email,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )


class ManagedUserCreateForm(ScopedFormMixin, forms.ModelForm):
    """A new account of one's unit: its user name, name, role and the unit it works for (a
    unit in force inside one's own, of a level the role allows: ``User.clean``). Not an
    administrator: those are made in the admin site. The password is a temporary one, shown
    once (``services.set_temporary_password``)."""

    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "role", "scope_unit", "phone", "email"]
        field_classes = {"username": UsernameField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("last_name", "first_name", "role", "scope_unit"):
            self.fields[name].required = True
        self.fields["role"].choices = [("", "---------")] + [
            (role.value, role.label) for role in Role if role != Role.ADMINISTRATOR
        ]
        self.fields["scope_unit"].queryset = (
            self.fields["scope_unit"]
            .queryset.filter(level__in=sorted(set().union(*ROLE_SCOPE_LEVELS.values())))
            .current()
            .order_by("level", "sort_name")
        )
        self.fields["username"].widget.attrs.update(autocapitalize="none", autocomplete="off")
