from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from models_registry.models import ModelType
from reports.periods import Period, Preset, preset_period
from reports.statistics import Comparison

MAX_PERIOD_YEARS = 20


class PeriodForm(forms.Form):
    """The period picker of every dashboard (GET). Invalid input falls back to this year and
    says why; it never raises."""

    preset = forms.ChoiceField(
        label=_("Period"), choices=Preset.choices, required=False, initial=Preset.YEAR
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    model_type = forms.ModelChoiceField(
        label=_("Model type"),
        queryset=ModelType.objects.filter(is_active=True),
        required=False,
        empty_label=_("All model types"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    comparison = forms.ChoiceField(
        label=_("Compare with"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        choices=[
            (Comparison.YEAR_EARLIER, _("The same period a year earlier")),
            (Comparison.BEFORE_ESTABLISHED, _("The same length before the model was set up")),
        ],
    )

    def __init__(self, *args, with_type: bool = True, with_comparison: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_type:
            del self.fields["model_type"]
        if not with_comparison:
            del self.fields["comparison"]

    def clean(self):
        data = super().clean()
        if data.get("preset") == Preset.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Enter both dates of a custom period."))
            if end < start:
                self.add_error("end", _("The end must be on or after the start."))
            elif (end - start).days > 366 * MAX_PERIOD_YEARS:
                self.add_error("end", _("A period covers at most 20 years."))
        return data

    def period(self) -> Period:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        preset = data.get("preset") or Preset.YEAR
        if preset == Preset.CUSTOM:
            return Period(data["start"], data["end"])
        return preset_period(preset, today, data.get("year"))

    def years(self) -> list[int]:
        this_year = timezone.localdate().year
        return list(range(this_year + 1, this_year - 11, -1))


class CompletenessForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("No shift logged in the last"),
        coerce=int,
        choices=[(7, _("7 days")), (14, _("14 days")), (30, _("30 days")), (90, _("90 days"))],
        initial=30,
        required=False,
    )

    def window(self) -> int:
        if self.is_valid() and self.cleaned_data.get("days"):
            return self.cleaned_data["days"]
        return 30


def since(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days - 1)
