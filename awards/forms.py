from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.base.forms import (
    DateField,
    DateWidgetsMixin,
    PlainTextMixin,
    ScopedFormMixin,
    ScopedModelForm,
)
from areas.models import Area, AreaLevel
from awards.models import Award, AwardForm, Issuer, Proposal
from models_registry.forms import person_label
from models_registry.models import GrassrootsModel, Person


def _own_commune(user) -> Area | None:
    unit = getattr(user, "scope_unit", None)
    return unit if unit is not None and unit.level == AreaLevel.COMMUNE else None


class AwardEntryForm(ScopedModelForm):
    """An award recorded from its decision. The models and members offered are those of the
    chosen commune, so a province-wide form never lists every member of the province."""

    class Meta:
        model = Award
        fields = [
            "recipient_kind",
            "unit",
            "model",
            "person",
            "recipient_name",
            "recipient_unit",
            "form",
            "form_other",
            "issuer",
            "issuer_other",
            "decision_number",
            "decision_date",
            "reason",
        ]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Units in force today (the pre-2025 communes stay in the records, not in the choice).
        units = self.fields["unit"].queryset
        shown = units.current()
        if self.instance.unit_id:
            shown = shown | units.filter(pk=self.instance.unit_id)
        self.fields["unit"].queryset = shown.order_by("level", "sort_name", "pk")
        own = _own_commune(self.user)
        if own is not None and not self.instance.pk:
            self.fields["unit"].initial = own.pk
        unit = self._chosen_unit()
        for name in ("model", "person"):
            queryset = self.fields[name].queryset
            self.fields[name].queryset = (
                queryset.filter(commune=unit) if unit is not None else queryset.none()
            )
        self.fields["person"].queryset = self.fields["person"].queryset.select_related("village")
        self.fields["person"].label_from_instance = person_label

    def _chosen_unit(self) -> Area | None:
        raw = self.data.get("unit") if self.is_bound else None
        raw = raw or self.initial.get("unit") or self.fields["unit"].initial
        raw = raw or self.instance.unit_id
        if hasattr(raw, "pk"):
            raw = raw.pk
        if not raw or not str(raw).isdigit():
            return None
        return self.fields["unit"].queryset.filter(pk=raw, level=AreaLevel.COMMUNE).first()


class ProposalEntryForm(ScopedFormMixin, forms.ModelForm):
    """A commune's proposal: who, for what, over which period, and at which level."""

    models = forms.ModelMultipleChoiceField(
        GrassrootsModel.objects.all(),
        label=_("Teams and models"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commune_police = forms.BooleanField(label=_("The commune's police"), required=False)
    persons = forms.ModelMultipleChoiceField(
        Person.objects.all(),
        label=_("Members"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or tap on a phone) to choose several."),
    )

    class Meta:
        model = Proposal
        fields = [
            "commune",
            "period_start",
            "period_end",
            "models",
            "commune_police",
            "persons",
            "proposed_form",
            "proposed_issuer",
            "reason",
            "achievements",
        ]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 2}),
            "achievements": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period_start"].initial = today.replace(month=1, day=1)
        self.fields["period_end"].initial = today
        self.fields["proposed_form"].choices = [
            c for c in AwardForm.choices if c[0] != AwardForm.OTHER
        ]
        self.fields["proposed_issuer"].choices = [c for c in Issuer.choices if c[0] != Issuer.OTHER]
        self.fields["proposed_form"].initial = AwardForm.CERTIFICATE_OF_MERIT
        self.fields["proposed_issuer"].initial = Issuer.POLICE_DIRECTOR
        own = _own_commune(self.user)
        if own is not None:
            self.fields["commune"].initial = own.pk
            self.fields["commune"].widget = forms.HiddenInput()
        commune = self._chosen_commune()
        models = self.fields["models"].queryset.filter(deleted_at__isnull=True)
        persons = self.fields["persons"].queryset
        self.fields["models"].queryset = (
            models.filter(commune=commune).order_by("sort_name", "pk") if commune else models.none()
        )
        self.fields["persons"].queryset = (
            persons.filter(commune=commune).select_related("village").order_by("sort_name", "pk")
            if commune
            else persons.none()
        )
        self.fields["persons"].label_from_instance = person_label

    def _chosen_commune(self) -> Area | None:
        raw = (self.data.get("commune") if self.is_bound else None) or self.initial.get("commune")
        raw = raw or self.fields["commune"].initial
        if not raw or not str(raw).isdigit():
            return None
        return self.fields["commune"].queryset.filter(pk=raw).first()


class ApprovalForm(PlainTextMixin, DateWidgetsMixin, forms.Form):
    """The decision that approves a proposal."""

    form = forms.ChoiceField(label=_("Form"), choices=AwardForm.choices)
    issuer = forms.ChoiceField(label=_("Issued by"), choices=Issuer.choices)
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, help_text=_("e.g. 1234/QĐ-UBND")
    )
    decision_date = DateField(label=_("Decision date"))
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [c for c in AwardForm.choices if c[0] != AwardForm.OTHER]
        self.fields["issuer"].choices = [c for c in Issuer.choices if c[0] != Issuer.OTHER]


class ReturnForm(PlainTextMixin, forms.Form):
    comment = forms.CharField(
        label=_("Why is it returned?"), widget=forms.Textarea(attrs={"rows": 3})
    )
