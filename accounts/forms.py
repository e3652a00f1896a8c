from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts import notifications
from accounts.models import NotificationKind


class LoginForm(AuthenticationForm):
    """Django's login form; axes counts its failures."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocapitalize="none", autocomplete="username")


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
