from areas.api.serializers import AreaSerializer, VillageSerializer
from areas.base.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from areas.filters import AreaFilterSet, VillageFilterSet
from areas.models import Area


class AreaViewSet(ScopedReadOnlyViewSet):
    """Administrative units inside the caller's scope (official units and villages)."""

    queryset = Area.objects.select_related("parent").order_by("level", "sort_name", "pk")
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet


class VillageViewSet(ScopedModelViewSet):
    """Villages and residential groups of the communes in the caller's scope."""

    queryset = (
        Area.objects.villages()
        .select_related("parent")
        .order_by("parent__sort_name", "sort_name", "pk")
    )
    serializer_class = VillageSerializer
    filterset_class = VillageFilterSet
