"""FilterSets shared by the shift and incident lists, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from areas.base.forms import FilterForm
from areas.models import Area
from models_registry.filters import ScopedCommuneFilter
from models_registry.models import GrassrootsModel
from patrols.models import DetectedBy, Incident, IncidentCategory, Outcome, Shift


def _scoped(model, **filters):
    def queryset(request):
        return model.objects.for_user(getattr(request, "user", None)).filter(**filters)

    return queryset


class PeriodFilterSet(django_filters.FilterSet):
    """From / to dates (inclusive) on the row's own time field."""

    time_field = ""
    date_from = django_filters.DateFilter(method="filter_from", label=_("From"))
    date_to = django_filters.DateFilter(method="filter_to", label=_("To"))

    def filter_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.time_field}__date__gte": value})

    def filter_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.time_field}__date__lte": value})


class ShiftFilterSet(PeriodFilterSet):
    time_field = "starts_at"
    commune = ScopedCommuneFilter()
    model = django_filters.ModelChoiceFilter(
        queryset=_scoped(GrassrootsModel, model_type__category="patrol"), label=_("Patrol team")
    )
    village = django_filters.ModelChoiceFilter(
        field_name="villages", queryset=_scoped(Area, level=4), label=_("Village")
    )

    class Meta:
        model = Shift
        form = FilterForm
        fields = ["date_from", "date_to", "commune", "model", "village"]


class IncidentFilterSet(PeriodFilterSet):
    time_field = "occurred_at"
    commune = ScopedCommuneFilter()
    model = django_filters.ModelChoiceFilter(queryset=_scoped(GrassrootsModel), label=_("Model"))
    category = django_filters.ModelChoiceFilter(
        queryset=IncidentCategory.objects.all(), label=_("Category")
    )
    village = django_filters.ModelChoiceFilter(queryset=_scoped(Area, level=4), label=_("Village"))
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label=_("Outcome"))
    detected_by = django_filters.ChoiceFilter(choices=DetectedBy.choices, label=_("Detected by"))

    class Meta:
        model = Incident
        form = FilterForm
        fields = [
            "date_from",
            "date_to",
            "commune",
            "model",
            "category",
            "village",
            "outcome",
            "detected_by",
        ]
