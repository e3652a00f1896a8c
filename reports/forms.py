from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.base.forms import DateWidgetsMixin, ScopedFormMixin, ScopedModelForm
from areas.models import Area, AreaLevel
from models_registry.models import GrassrootsModel, ModelType
from reports.models import WRITTEN_SECTIONS, ReviewKind, ReviewReport
from reports.periods import Period, Preset, preset_period
from reports.statistics import Comparison

MAX_PERIOD_YEARS = 20


class PeriodForm(DateWidgetsMixin, forms.Form):
    """The period picker of every dashboard (GET). Invalid input falls back to this year and
    says why; it never raises."""

    preset = forms.ChoiceField(
        label=_("Period"), choices=Preset.choices, required=False, initial=Preset.YEAR
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
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


class ReviewReportCreateForm(ScopedFormMixin, forms.Form):
    """A new review report: what it covers and its period. The rest is drafted for the
    secretary (``services.draft_defaults``) and edited on the report's page."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Province or commune"),
        queryset=Area.objects.filter(
            level__in=[AreaLevel.PROVINCE, AreaLevel.COMMUNE], valid_to__isnull=True
        ).order_by("level", "name"),
    )
    model = forms.ModelChoiceField(
        label=_("One grassroots model"),
        queryset=GrassrootsModel.objects.select_related("commune").order_by("name"),
        required=False,
        empty_label=_("— the whole unit —"),
        help_text=_("For the review of one model (e.g. a patrol team); its commune is the unit."),
    )
    model_type = forms.ModelChoiceField(
        label=_("One model type"),
        queryset=ModelType.objects.filter(is_active=True),
        required=False,
        empty_label=_("— all model types —"),
    )
    preset = forms.ChoiceField(
        label=_("Period"),
        choices=[c for c in Preset.choices if c[0] != Preset.MONTH],
        initial=Preset.POLICE_YEAR,
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if user.scope_unit_id:
            self.fields["unit"].initial = user.scope_unit_id

    def clean(self):
        data = super().clean()
        model, unit = data.get("model"), data.get("unit")
        if model is not None:
            if unit is not None and unit.level == AreaLevel.COMMUNE and model.commune_id != unit.pk:
                self.add_error("model", _("The model must be in the chosen commune."))
            data["unit"] = model.commune
            if data.get("model_type"):
                self.add_error("model_type", _("Choose either one model or one model type."))
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
        data = self.cleaned_data
        if data["preset"] == Preset.CUSTOM:
            return Period(data["start"], data["end"])
        return preset_period(data["preset"], timezone.localdate(), data.get("year"))


class ReviewReportForm(ScopedModelForm):
    """The secretary's part of a report: the header data and sections I, III–V."""

    class Meta:
        model = ReviewReport
        fields = [
            "title",
            "period_start",
            "period_end",
            "parent_body",
            "issuing_body",
            "number",
            "symbol",
            "place",
            "issued_on",
            "situation",
            "results_note",
            "strengths",
            "limitations",
            "causes",
            "lessons",
            "directions",
            "proposals",
            "recipients",
            "signing_mode",
            "signing_body",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.Textarea(attrs={"rows": 6}) for name in WRITTEN_SECTIONS},
            "results_note": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_issued_on(self):
        day = self.cleaned_data.get("issued_on")
        if day and day > timezone.localdate() + datetime.timedelta(days=60):
            raise forms.ValidationError(_("The date is too far in the future."))
        return day
