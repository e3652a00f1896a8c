"""FilterSets shared by the HTML lists and the API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.base.filters import IdFilter
from areas.base.search import SearchFilter
from areas.models import Area, AreaKind, AreaLevel


class AreaFilterSet(django_filters.FilterSet):
    q = SearchFilter(["name", "short_name"], exact=["code"], label=_("Search"))
    level = django_filters.ChoiceFilter(choices=AreaLevel.choices, label=_("Level"))
    kind = django_filters.ChoiceFilter(choices=AreaKind.choices, label=_("Kind"))
    parent = IdFilter(field_name="parent_id", label=_("Parent unit"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("In force today"))

    class Meta:
        model = Area
        fields = ["q", "level", "kind", "parent", "current"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        current = queryset.current(timezone.localdate())
        return current if value else queryset.exclude(pk__in=current.values("pk"))


class VillageFilterSet(django_filters.FilterSet):
    q = SearchFilter(["name"], label=_("Search"))
    commune = IdFilter(field_name="parent_id", label=_("Commune"))
    kind = django_filters.ChoiceFilter(
        choices=[
            (k.value, k.label)
            for k in AreaKind
            if k.value in {"village", "hamlet", "mountain_village", "residential_group"}
        ],
        label=_("Kind"),
    )

    class Meta:
        model = Area
        fields = ["q", "commune", "kind"]
