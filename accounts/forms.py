from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

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


def show_errors(form, err: ValidationError, rename: dict[str, str] | None = None) -> None:
    """A service's or a model's field errors shown on ``form``: each on the field it names
    (``rename`` maps model fields to the form's), above the form when the form has no such
    field."""
    rename = rename or {}
    for field, messages in err.message_dict.items():
        target = rename.get(field, field)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


class ScopedModelForm(ScopedFormMixin, forms.ModelForm):
    def _update_errors(self, errors):
        # A model rule may name a field this form does not show (e.g. the person of a
        # membership being edited): show it above the form instead of failing.
        if hasattr(errors, "error_dict"):
            shown = {}
            for field, messages in errors.error_dict.items():
                key = field if field in self.fields else NON_FIELD_ERRORS
                shown.setdefault(key, []).extend(messages)
            errors = ValidationError(shown)
        super()._update_errors(errors)


class LoginForm(AuthenticationForm):
    """Django's login form; axes counts its failures."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocapitalize="none", autocomplete="username")
