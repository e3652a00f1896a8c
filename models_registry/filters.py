"""FilterSets shared by the HTML lists, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from areas.base.filters import IdFilter
from areas.base.search import SearchFilter
from areas.models import Area, AreaLevel
from models_registry.models import (
    Camera,
    CameraFunding,
    CameraKind,
    CameraStatus,
    GrassrootsModel,
    MemberRole,
    Membership,
    ModelCategory,
    ModelStatus,
    ModelType,
    Person,
)


class ScopedCommuneFilter(django_filters.ModelChoiceFilter):
    """A commune choice limited to the requesting user's scope."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Commune"))
        kwargs["queryset"] = self._communes
        super().__init__(*args, **kwargs)

    @staticmethod
    def _communes(request):
        user = getattr(request, "user", None)
        return Area.objects.for_user(user).filter(level=AreaLevel.COMMUNE).current()


class GrassrootsModelFilterSet(django_filters.FilterSet):
    q = SearchFilter(["name", "motto"], label=_("Search"))
    commune = ScopedCommuneFilter()
    model_type = django_filters.ModelChoiceFilter(
        queryset=ModelType.objects.all(), label=_("Model type")
    )
    category = django_filters.ChoiceFilter(
        field_name="model_type__category", choices=ModelCategory.choices, label=_("Category")
    )
    status = django_filters.ChoiceFilter(choices=ModelStatus.choices, label=_("Status"))

    class Meta:
        model = GrassrootsModel
        fields = ["q", "commune", "model_type", "category", "status"]


class PersonFilterSet(django_filters.FilterSet):
    q = SearchFilter(["full_name", "phone"], label=_("Search"))
    commune = ScopedCommuneFilter()
    gender = django_filters.ChoiceFilter(
        choices=Person._meta.get_field("gender").choices, label=_("Gender")
    )

    class Meta:
        model = Person
        fields = ["q", "commune", "gender"]


class MembershipFilterSet(django_filters.FilterSet):
    model = IdFilter(field_name="model_id", label=_("Model"))
    person = IdFilter(field_name="person_id", label=_("Person"))
    role = django_filters.ChoiceFilter(choices=MemberRole.choices, label=_("Role"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("Current"))

    class Meta:
        model = Membership
        fields = ["model", "person", "role", "current"]

    def filter_current(self, queryset, name, value):
        """Serving today (the one rule of "a member on that day"), or not."""
        if value is None:
            return queryset
        current = queryset.current()
        return current if value else queryset.exclude(pk__in=current.values("pk"))


class CameraFilterSet(django_filters.FilterSet):
    q = SearchFilter(["code", "place"], label=_("Search"))
    commune = ScopedCommuneFilter(field_name="model__commune")
    kind = django_filters.ChoiceFilter(choices=CameraKind.choices, label=_("Kind"))
    funding = django_filters.ChoiceFilter(choices=CameraFunding.choices, label=_("Funding"))
    status = django_filters.ChoiceFilter(choices=CameraStatus.choices, label=_("Status"))
    linked_to_centre = django_filters.BooleanFilter(label=_("Linked to the monitoring centre"))

    class Meta:
        model = Camera
        fields = ["q", "commune", "kind", "funding", "status", "linked_to_centre"]
