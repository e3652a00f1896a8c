"""FilterSets shared by the commendation lists, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from areas.base.forms import FilterForm
from areas.base.search import SearchFilter
from awards.models import (
    Award,
    AwardForm,
    Issuer,
    Proposal,
    ProposalStatus,
    RecipientType,
    recipient_type_q,
)
from models_registry.filters import ScopedCommuneFilter


class AwardFilterSet(django_filters.FilterSet):
    """Period (decision date), form, issuer, recipient type and commune."""

    q = SearchFilter(
        ["recipient_name", "model__name", "person__full_name", "decision_number"],
        label=_("Search"),
    )
    date_from = django_filters.DateFilter(
        field_name="decision_date", lookup_expr="gte", label=_("From")
    )
    date_to = django_filters.DateFilter(
        field_name="decision_date", lookup_expr="lte", label=_("To")
    )
    form = django_filters.ChoiceFilter(choices=AwardForm.choices, label=_("Form"))
    issuer = django_filters.ChoiceFilter(choices=Issuer.choices, label=_("Issued by"))
    recipient_type = django_filters.ChoiceFilter(
        choices=RecipientType.choices, method="filter_recipient_type", label=_("Recipient")
    )
    commune = ScopedCommuneFilter(field_name="unit")

    class Meta:
        model = Award
        form = FilterForm
        fields = ["q", "date_from", "date_to", "form", "issuer", "recipient_type", "commune"]

    def filter_recipient_type(self, queryset, name, value):
        return queryset.filter(recipient_type_q(value))


class ProposalFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices, label=_("Status"))
    commune = ScopedCommuneFilter()
    date_from = django_filters.DateFilter(
        field_name="created_at__date", lookup_expr="gte", label=_("Proposed from")
    )
    date_to = django_filters.DateFilter(
        field_name="created_at__date", lookup_expr="lte", label=_("Proposed to")
    )

    class Meta:
        model = Proposal
        form = FilterForm
        fields = ["status", "commune", "date_from", "date_to"]
