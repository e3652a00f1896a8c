from django import forms
from django.contrib.auth.forms import AuthenticationForm

from areas.scoping import is_scoped_model


class ScopedFormMixin:
    """Every choice list over a scoped model offers only rows inside the user's unit."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and is_scoped_model(queryset.model):
                field.queryset = queryset.for_user(user)


class ScopedModelForm(ScopedFormMixin, forms.ModelForm):
    pass


class LoginForm(AuthenticationForm):
    """Django's login form; axes counts its failures."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocapitalize="none", autocomplete="username")
