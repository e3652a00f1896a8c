from rest_framework import viewsets

from areas.base.api import ScopedModelViewSet
from patrols.api.serializers import IncidentCategorySerializer, IncidentSerializer, ShiftSerializer
from patrols.filters import IncidentFilterSet, ShiftFilterSet
from patrols.models import Incident, IncidentCategory, Shift


class IncidentCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The national catalogue of incident categories (read only)."""

    queryset = IncidentCategory.objects.all()
    serializer_class = IncidentCategorySerializer


class ShiftViewSet(ScopedModelViewSet):
    """Patrol shifts with participants and incidents nested."""

    queryset = (
        Shift.objects.select_related("model", "commune")
        .prefetch_related("participants", "villages", "incidents")
        .order_by("-starts_at", "-pk")
    )
    serializer_class = ShiftSerializer
    filterset_class = ShiftFilterSet


class IncidentViewSet(ScopedModelViewSet):
    queryset = Incident.objects.select_related("category", "model").order_by("-occurred_at", "-pk")
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet

    def perform_create(self, serializer):
        serializer.save(commune=serializer.validated_data["model"].commune)
