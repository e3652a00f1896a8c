from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.models import NotificationKind


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
