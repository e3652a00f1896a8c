import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import ManagedUser
from accounts.roles import Role
from areas.base.search import SearchFilter


class ManagedUserFilterSet(django_filters.FilterSet):
    q = SearchFilter(["username", "last_name", "first_name", "scope_unit__name"], label=_("Search"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))

    class Meta:
        model = ManagedUser
        fields = ["q", "role"]
