"""FilterSet of the review report list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from areas.base.filters import YearFilter
from areas.base.search import SearchFilter
from areas.models import Area, AreaLevel
from reports.models import ReviewKind, ReviewReport


def _scoped_units(request):
    return (
        Area.objects.for_user(getattr(request, "user", None))
        .filter(level__in=[AreaLevel.PROVINCE, AreaLevel.COMMUNE], review_reports__isnull=False)
        .distinct()
    )


class ReviewReportFilterSet(django_filters.FilterSet):
    q = SearchFilter(["title"], label=_("Subject"))
    kind = django_filters.ChoiceFilter(choices=ReviewKind.choices, label=_("Kind"))
    unit = django_filters.ModelChoiceFilter(queryset=_scoped_units, label=_("Unit"))
    year = YearFilter(field_name="period_end__year", label=_("Year"))

    class Meta:
        model = ReviewReport
        fields = ["q", "kind", "unit", "year"]
