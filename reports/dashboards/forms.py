"""The dashboards' period picker and the completeness window (GET forms)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.base.forms import DateWidgetsMixin
from models_registry.models import ModelType
from reports.dashboards.maps import MapFigure
from reports.statistics import Comparison, Period, Preset, preset_period

MAX_PERIOD_YEARS = 20


class PeriodFields(DateWidgetsMixin, forms.Form):
    """A period picked as a preset (this year, the police statistical year …) of a year, or
    as custom dates, checked together. The dashboards and a new review report pick it so."""

    preset = forms.ChoiceField(
        label=_("Period"), choices=Preset.choices, required=False, initial=Preset.YEAR
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("preset") == Preset.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                self.add_error(None, _("Enter both dates of a custom period."))
            elif end < start:
                self.add_error("end", _("The end must be on or after the start."))
            elif (end - start).days > 366 * MAX_PERIOD_YEARS:
                self.add_error("end", _("A period covers at most 20 years."))
        return data

    def period(self) -> Period:
        """The period picked; this year's when the input is not valid."""
        data = self.cleaned_data if self.is_valid() else {}
        preset = data.get("preset") or Preset.YEAR
        if preset == Preset.CUSTOM:
            return Period(data["start"], data["end"])
        return preset_period(preset, timezone.localdate(), data.get("year"))


class PeriodForm(PeriodFields):
    """The period picker of every dashboard (GET). Invalid input falls back to this year and
    says why; it never raises."""

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
            (
                Comparison.YEAR_EARLIER,
                _("The same period a year earlier (longer periods: the same length before)"),
            ),
            (Comparison.BEFORE_ESTABLISHED, _("The same length before the model was set up")),
        ],
    )

    def __init__(self, *args, with_type: bool = True, with_comparison: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_type:
            del self.fields["model_type"]
        if not with_comparison:
            del self.fields["comparison"]

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


class MapFigureForm(forms.Form):
    """The figure a map's circles show (GET); anything else shows the shifts."""

    figure = forms.ChoiceField(
        label=_("Figure"),
        choices=MapFigure.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def chosen(self) -> str:
        if self.is_valid() and self.cleaned_data.get("figure"):
            return self.cleaned_data["figure"]
        return MapFigure.SHIFTS
