from rest_framework import mixins, viewsets

from areas.base.api import ScopedModelViewSet, ScopedViewSetMixin
from awards.api.serializers import AwardSerializer, ProposalSerializer
from awards.filters import AwardFilterSet, ProposalFilterSet
from awards.models import Award, Proposal


class AwardViewSet(ScopedModelViewSet):
    """Commendations of the collectives and individuals in the caller's scope."""

    queryset = Award.objects.select_related("unit", "model", "person").order_by(
        "-decision_date", "-pk"
    )
    serializer_class = AwardSerializer
    filterset_class = AwardFilterSet

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


class ProposalViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Commendation proposals of the communes in the caller's scope (submitted once)."""

    queryset = (
        Proposal.objects.select_related("commune")
        .prefetch_related(
            "recipients__model", "recipients__person", "recipients__proposal__commune", "awards"
        )
        .order_by("-created_at", "-pk")
    )
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilterSet
