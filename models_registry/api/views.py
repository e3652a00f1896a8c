from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from areas.base.api import ScopedModelViewSet, ScopedViewSetMixin
from models_registry import services
from models_registry.api.serializers import (
    CameraSerializer,
    GrassrootsModelSerializer,
    MembershipSerializer,
    ModelRatingSerializer,
    ModelTypeSerializer,
    PersonSerializer,
    RatingConfirmSerializer,
)
from models_registry.filters import (
    CameraFilterSet,
    GrassrootsModelFilterSet,
    MembershipFilterSet,
    PersonFilterSet,
)
from models_registry.models import (
    Camera,
    GrassrootsModel,
    Membership,
    ModelRating,
    ModelType,
    Person,
)


class ModelTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The national catalogue of model types (read only, the same for everyone)."""

    queryset = ModelType.objects.all()
    serializer_class = ModelTypeSerializer
    filterset_fields = ["category", "is_active"]


class GrassrootsModelViewSet(ScopedModelViewSet):
    """Grassroots security models of the communes in the caller's scope."""

    queryset = GrassrootsModel.objects.select_related("model_type", "commune").prefetch_related(
        "villages", "ratings__model__model_type"
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


def _refused(err: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(err))


class ModelRatingViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Yearly ratings of the models in the caller's scope, with the workflow: POST confirms a
    model's rating for a year (the commune; the one record of that model and year is created,
    201, or updated, 200), ``approve`` makes it final and ``reopen`` gives it back to the
    commune (province staff)."""

    queryset = ModelRating.objects.select_related("model__model_type").order_by("-year", "pk")
    serializer_class = ModelRatingSerializer
    filterset_fields = ["year", "scale", "status"]
    action_permissions = {
        "approve": ["models_registry.approve_modelrating"],
        "reopen": ["models_registry.approve_modelrating"],
    }

    def get_serializer_class(self):
        if self.action == "create":
            return RatingConfirmSerializer
        return ModelRatingSerializer

    @extend_schema(request=RatingConfirmSerializer, responses={201: ModelRatingSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        existed = ModelRating.objects.filter(model=data["model"], year=data["year"]).exists()
        try:
            rating = services.confirm_rating(**data)
        except DjangoValidationError as err:
            raise _refused(err) from err
        return self._answer(rating, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    def _answer(self, rating, code=status.HTTP_200_OK) -> Response:
        rating = self.get_queryset().get(pk=rating.pk)
        return Response(ModelRatingSerializer(rating).data, status=code)

    @extend_schema(request=None, responses={200: ModelRatingSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a confirmed rating: final from then on."""
        try:
            rating = services.approve_rating(user=request.user, rating=self.get_object())
        except DjangoValidationError as err:
            raise _refused(err) from err
        return self._answer(rating)

    @extend_schema(request=None, responses={200: ModelRatingSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen an approved rating: the commune may change and confirm it again."""
        try:
            rating = services.reopen_rating(rating=self.get_object())
        except DjangoValidationError as err:
            raise _refused(err) from err
        return self._answer(rating)
