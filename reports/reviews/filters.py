"""FilterSets of the review reports: the list (page and API), and the API's versions and
signed copies."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from areas.base.filters import YearFilter
from areas.base.search import SearchFilter
from areas.models import Area, AreaLevel
from reports.models import RenderStatus, ReportVersion, ReviewKind, ReviewReport, SignedCopy


def _scoped_units(request):
    return (
        Area.objects.for_user(getattr(request, "user", None))
        .filter(level__in=[AreaLevel.PROVINCE, AreaLevel.COMMUNE], review_reports__isnull=False)
        .distinct()
    )


def issued_version():
    """Whether a report has an issued version (for ``.annotate(issued=…)``)."""
    return Exists(
        ReportVersion.objects.correlated().filter(report=OuterRef("pk"), issued_at__isnull=False)
    )


class ReviewReportFilterSet(django_filters.FilterSet):
    q = SearchFilter(["title"], label=_("Subject"))
    kind = django_filters.ChoiceFilter(choices=ReviewKind.choices, label=_("Kind"))
    unit = django_filters.ModelChoiceFilter(queryset=_scoped_units, label=_("Unit"))
    year = YearFilter(field_name="period_end__year", label=_("Year"))
    issued = django_filters.BooleanFilter(method="filter_issued", label=_("Issued"))

    class Meta:
        model = ReviewReport
        fields = ["q", "kind", "unit", "year", "issued"]

    def filter_issued(self, queryset, name, value):
        if value is None:
            return queryset
        queryset = queryset.alias(has_issued=issued_version())
        return queryset.filter(has_issued=value)


class ReportVersionFilterSet(django_filters.FilterSet):
    report = django_filters.NumberFilter(field_name="report_id", label=_("Report"))
    status = django_filters.ChoiceFilter(choices=RenderStatus.choices, label=_("Status"))
    issued = django_filters.BooleanFilter(
        field_name="issued_at", lookup_expr="isnull", exclude=True, label=_("Issued")
    )

    class Meta:
        model = ReportVersion
        fields = ["report", "status", "issued"]


class SignedCopyFilterSet(django_filters.FilterSet):
    version = django_filters.NumberFilter(field_name="version_id", label=_("Version"))
    report = django_filters.NumberFilter(field_name="version__report_id", label=_("Report"))

    class Meta:
        model = SignedCopy
        fields = ["version", "report"]
