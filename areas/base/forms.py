"""Form bases: choice lists inside the user's scope, service errors at their fields, and the
one date and time widget of every form."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from areas.scoping import is_scoped_model


class DateInput(forms.DateInput):
    """The one date widget: the phone's own date picker (ISO value). ``past_only`` offers no
    day after today."""

    input_type = "date"

    def __init__(self, attrs=None, *, past_only: bool = False):
        super().__init__(attrs, format="%Y-%m-%d")
        self.past_only = past_only

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.past_only:
            context["widget"]["attrs"]["max"] = timezone.localdate().isoformat()
        return context


class TimeInput(forms.TimeInput):
    """24-hour hh:mm."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


_WIDGETS = (
    (forms.DateTimeField, DateTimeInput),
    (forms.DateField, DateInput),
    (forms.TimeField, TimeInput),
)


class DateWidgetsMixin:
    """Every date, time and timestamp field of the form gets the one widget of its kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for field_class, widget_class in _WIDGETS:
                if isinstance(field, field_class):
                    if not isinstance(field.widget, widget_class | forms.HiddenInput):
                        field.widget = widget_class(attrs=field.widget.attrs)
                    break


class ScopedFormMixin(DateWidgetsMixin):
    """Every choice list over a scoped model offers only rows inside the user's unit. Text
    comes out in Unicode NFC with plain line ends, whatever the phone or browser sent (a
    textarea posts "\r\n": saved as such, an unchanged form would record a change)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and is_scoped_model(queryset.model):
                field.queryset = queryset.for_user(user)

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = plain_text(value)
        return data


def plain_text(value: str) -> str:
    """``value`` in Unicode NFC with "\n" line ends."""
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


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
