import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import ManagedUser, Notification, NotificationKind
from accounts.roles import Role
from areas.base.forms import FilterForm
from areas.base.search import SearchFilter


class ManagedUserFilterSet(django_filters.FilterSet):
    q = SearchFilter(["username", "last_name", "first_name", "scope_unit__name"], label=_("Search"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))

    class Meta:
        model = ManagedUser
        fields = ["q", "role"]


class NotificationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=NotificationKind.choices, label=_("Kind"))
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label=_("Unread only")
    )

    class Meta:
        model = Notification
        form = FilterForm
        fields = ["kind", "unread"]
