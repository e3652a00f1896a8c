"""Form bases: choice lists inside the user's scope, service errors at their fields, and the
one date and time widget of every form."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.base import dates
from areas.base.text import clean_data
from areas.scoping import is_scoped_model

# Masked text inputs, not the browser's own pickers: an <input type="date"> shows and takes
# the date in the browser's language (mm/dd/yyyy in an English browser), and a phone's picker
# is slower than typing eight digits. These show dd/mm/yyyy and hh:mm everywhere, bring up the
# digits keyboard, and static/js/forms.js adds the "/" and ":" as the digits are typed (a
# phone's number pad has neither). The server reads them strictly (``areas.base.dates``).
DATE_PATTERN = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
TIME_PATTERN = r"[0-9]{1,2}:[0-9]{2}"


def _masked(attrs, *, mask: str, pattern: str, placeholder: str, length: int) -> dict:
    return {
        "inputmode": "numeric",
        "pattern": pattern,
        "placeholder": placeholder,
        "maxlength": length,
        "autocomplete": "off",
        "data-mask": mask,
        **(attrs or {}),
    }


class DateInput(forms.DateInput):
    """The one date widget: dd/mm/yyyy typed in a text box."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = _masked(
            attrs, mask="date", pattern=DATE_PATTERN, placeholder="dd/mm/yyyy", length=10
        )
        super().__init__(attrs, format="%d/%m/%Y")


class TimeInput(forms.TimeInput):
    """The one time widget: 24-hour hh:mm typed in a text box."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = _masked(attrs, mask="time", pattern=TIME_PATTERN, placeholder="hh:mm", length=5)
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    """The one timestamp widget: dd/mm/yyyy hh:mm typed in a text box."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = _masked(
            attrs,
            mask="datetime",
            pattern=f"{DATE_PATTERN} {TIME_PATTERN}",
            placeholder="dd/mm/yyyy hh:mm",
            length=16,
        )
        super().__init__(attrs, format="%d/%m/%Y %H:%M")


class DateField(forms.DateField):
    """A date read by ``areas.base.dates.parse_date``: a day that does not exist is named."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return dates.parse_date(str(value))


class TimeField(forms.TimeField):
    widget = TimeInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        return dates.parse_time(str(value))


class DateTimeField(forms.DateTimeField):
    widget = DateTimeInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return from_current_timezone(value) if timezone.is_naive(value) else value
        if isinstance(value, datetime.date):
            return from_current_timezone(datetime.datetime.combine(value, datetime.time()))
        return from_current_timezone(dates.parse_datetime(str(value)))


# Django's own field of each kind (exactly that class: a subclass keeps its behaviour) → ours.
_STRICT = {
    forms.DateTimeField: DateTimeField,
    forms.DateField: DateField,
    forms.TimeField: TimeField,
}
_WIDGETS = (
    (forms.DateTimeField, DateTimeInput),
    (forms.DateField, DateInput),
    (forms.TimeField, TimeInput),
)


class DateWidgetsMixin:
    """Every date, time and timestamp field of the form is read and shown the one way:
    Django's stock fields (those a model form makes, those declared with ``forms.DateField``)
    become ours — the same field with our strict reading — and get the one widget of their
    kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            strict = _STRICT.get(type(field))
            if strict is not None:
                field.__class__ = strict
            for field_class, widget_class in _WIDGETS:
                if isinstance(field, field_class):
                    if not isinstance(field.widget, widget_class | forms.HiddenInput):
                        field.widget = widget_class(attrs=field.widget.attrs)
                    break


class FilterForm(DateWidgetsMixin, forms.Form):
    """The form of a list's filters (``Meta.form`` of a FilterSet with dates)."""


class PlainTextMixin:
    """What is typed reaches the fields through ``clean_text`` (``areas.base.text``): Unicode
    NFC whatever the phone sent, "\n" line ends (a textarea posts "\r\n": saved as such, an
    unchanged form would record a change). Done to the submitted data, before any field reads
    it, so that length limits and the model's clash checks see the text that is stored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = clean_data(self.data)


class ScopedFormMixin(PlainTextMixin, DateWidgetsMixin):
    """Every choice list over a scoped model offers only rows inside the user's unit; text
    as ``PlainTextMixin`` says."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and is_scoped_model(queryset.model):
                field.queryset = queryset.for_user(user)


def show_errors(form, err: ValidationError, rename: dict[str, str] | None = None) -> None:
    """A service's or a model's errors shown on ``form``: each on the field it names
    (``rename`` maps model fields to the form's), above the form when the form has no such
    field. A field the form could not read already says why, so a rule's message about it
    (the rule saw no value) is left out; a message already shown is not repeated."""
    rename = rename or {}
    found = err.message_dict if hasattr(err, "error_dict") else {NON_FIELD_ERRORS: err.messages}
    for field, messages in found.items():
        target = rename.get(field, field)
        if target not in form.fields:
            target = None
        shown = form.errors.get(target or NON_FIELD_ERRORS, [])
        if target is not None and shown:
            continue
        for message in dict.fromkeys(messages):
            if message not in shown:
                form.add_error(target, message)


@dataclass(frozen=True)
class SummaryItem:
    """One line of a page's error summary: what is wrong, where (``label``), and the id of
    the element to go to (empty: nowhere to go, e.g. a rule about the whole form)."""

    message: str
    label: str = ""
    anchor: str = ""


def field_anchor(bound_field) -> str:
    """The element a summary line links to: the input itself, or for a group of boxes
    (checkboxes, radio buttons) the group's wrapper — ``div_<id>``, as crispy-forms renders
    it; a template that lays a group out by hand gives its container that id."""
    if bound_field.is_hidden:
        return ""
    if isinstance(bound_field.field.widget, forms.RadioSelect):  # checkboxes too
        return f"div_{bound_field.auto_id}"
    return bound_field.auto_id or ""


def _form_items(form, prefix: str = "") -> list[SummaryItem]:
    items = [SummaryItem(f"{prefix}{message}") for message in form.non_field_errors()]
    for name, field in form.fields.items():
        if name not in form.errors or name == NON_FIELD_ERRORS:
            continue
        bound = form[name]
        label = f"{prefix}{field.label or name}"
        items += [SummaryItem(m, label, field_anchor(bound)) for m in form.errors[name]]
    return items


def error_summary(*forms_and_formsets) -> list[SummaryItem]:
    """Every problem of a submitted page, in the order of the page: each form's own, then
    each formset's and its rows' (numbered as the page shows them: ``summary_row_label``)."""
    items: list[SummaryItem] = []
    for part in forms_and_formsets:
        if part is None or not part.is_bound:
            continue
        if isinstance(part, forms.BaseFormSet):
            items += [SummaryItem(m) for m in part.non_form_errors()]
            row_label = getattr(part, "summary_row_label", None) or _("Row %(n)s")
            for index, row in enumerate(part.forms, start=1):
                if part.can_delete and part._should_delete_form(row):
                    continue
                items += _form_items(row, prefix=f"{row_label % {'n': index}} – ")
        else:
            items += _form_items(part)
    return items


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
