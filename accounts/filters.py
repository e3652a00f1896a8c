import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification, NotificationKind
from areas.base.forms import FilterForm


class NotificationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=NotificationKind.choices, label=_("Kind"))
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label=_("Unread only")
    )

    class Meta:
        model = Notification
        form = FilterForm
        fields = ["kind", "unread"]
