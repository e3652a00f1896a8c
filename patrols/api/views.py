from django.middleware.csrf import get_token
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.response import Response

from areas.base.api import ScopedModelViewSet
from areas.base.drf import ScopedModelPermissions
from models_registry.models import GrassrootsModel
from patrols.api.serializers import IncidentCategorySerializer, IncidentSerializer, ShiftSerializer
from patrols.filters import IncidentFilterSet, ShiftFilterSet
from patrols.models import Incident, IncidentCategory, Shift
from patrols.selectors import entry_data


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


class CanRecordShifts(permissions.BasePermission):
    # Declared, so the route harness (tests/test_routes.py) reads what this asks.
    required_permissions = ("patrols.add_shift",)

    def has_permission(self, request, view):
        return request.user.has_perms(self.required_permissions)


class ShiftEntryDataViewSet(viewsets.GenericViewSet):
    """What the shift entry page needs to be filled offline, as one document
    (``patrols.selectors.entry_data``): the patrol teams in your area with their members and
    the dates each served, the villages and the incident categories. The phone caches it, and
    asks for it before sending its queued shifts: a 401/403 says the session has ended;
    ``csrf_token`` is the token for those sends."""

    # The model whose view permission this needs (and which the route harness scopes).
    queryset = GrassrootsModel.objects.all()
    permission_classes = [ScopedModelPermissions, CanRecordShifts]
    pagination_class = None
    filter_backends = []

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def list(self, request):
        data = entry_data(request.user)
        data["csrf_token"] = get_token(request)
        return Response(data, headers={"Cache-Control": "private, no-cache"})
