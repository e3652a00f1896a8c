from rest_framework import viewsets

from areas.base.api import ScopedModelViewSet
from models_registry.api.serializers import (
    CameraSerializer,
    GrassrootsModelSerializer,
    MembershipSerializer,
    ModelTypeSerializer,
    PersonSerializer,
)
from models_registry.filters import (
    CameraFilterSet,
    GrassrootsModelFilterSet,
    MembershipFilterSet,
    PersonFilterSet,
)
from models_registry.models import Camera, GrassrootsModel, Membership, ModelType, Person


class ModelTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The national catalogue of model types (read only, the same for everyone)."""

    queryset = ModelType.objects.all()
    serializer_class = ModelTypeSerializer
    filterset_fields = ["category", "is_active"]


class GrassrootsModelViewSet(ScopedModelViewSet):
    """Grassroots security models of the communes in the caller's scope."""

    queryset = GrassrootsModel.objects.select_related("model_type", "commune").prefetch_related(
        "villages", "ratings"
    )
    serializer_class = GrassrootsModelSerializer
    filterset_class = GrassrootsModelFilterSet


class PersonViewSet(ScopedModelViewSet):
    queryset = Person.objects.select_related("commune", "village")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet


class MembershipViewSet(ScopedModelViewSet):
    queryset = Membership.objects.select_related("person", "model")
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet


class CameraViewSet(ScopedModelViewSet):
    queryset = Camera.objects.select_related("model")
    serializer_class = CameraSerializer
    filterset_class = CameraFilterSet
