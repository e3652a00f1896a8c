"""The monthly sign-off through the API: the months in the caller's scope; ``POST`` confirms a
commune's month (the officer), ``approve``, ``return`` and ``reopen`` decide it (province
staff) — the same service, rules and Vietnamese errors as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from areas.base.api import ScopedPrimaryKeyRelatedField, ScopedViewSetMixin
from areas.models import Area, AreaLevel
from models_registry import signoff
from models_registry.models import CommuneMonth


class CommuneMonthSerializer(serializers.ModelSerializer):
    commune = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.filter(level=AreaLevel.COMMUNE), label=_("commune")
    )
    month = serializers.DateField(
        label=_("month"), help_text=_("Any day of the month; stored as its first day.")
    )
    is_locked = serializers.BooleanField(read_only=True)
    deadline = serializers.DateField(read_only=True)
    confirmed_late = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = CommuneMonth
        fields = [
            "id",
            "commune",
            "month",
            "status",
            "is_locked",
            "deadline",
            "confirmed_by",
            "confirmed_at",
            "confirmed_late",
            "decided_by",
            "decided_at",
            "comment",
            "reopened_by",
            "reopened_at",
            "reopen_reason",
        ]
        read_only_fields = [f for f in fields if f not in {"commune", "month"}]
        # Confirming a month again (once returned or reopened) is the service's rule, not a
        # clash of the pair (commune, month).
        validators = []


class DecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(label=_("comment"), required=False, allow_blank=True)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("reason for reopening"), allow_blank=True)


def _refused(err: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(err))


class CommuneMonthViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Months of the communes in the caller's scope (a month nobody acted on is not listed:
    it is open). ``POST`` confirms ``commune``'s ``month``."""

    queryset = CommuneMonth.objects.select_related("commune")
    serializer_class = CommuneMonthSerializer
    filterset_fields = ["month", "status"]
    action_permissions = {
        "create": ["models_registry.confirm_communemonth"],
        "approve": ["models_registry.decide_communemonth"],
        "return_": ["models_registry.decide_communemonth"],
        "reopen": ["models_registry.decide_communemonth"],
    }

    def get_serializer_class(self):
        decisions = {"approve": DecisionSerializer, "return_": DecisionSerializer}
        return {**decisions, "reopen": ReopenSerializer}.get(self.action, CommuneMonthSerializer)

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = signoff.confirm_month(
                user=self.request.user, commune=data["commune"], month=data["month"]
            )
        except DjangoValidationError as err:
            raise _refused(err) from err

    def _decide(self, request, service, field: str):
        month = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        text = serializer.validated_data.get(field, "").strip()
        try:
            month = service(user=request.user, month=month, **{field: text})
        except DjangoValidationError as err:
            raise _refused(err) from err
        return Response(
            CommuneMonthSerializer(month, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK,
        )

    @extend_schema(request=DecisionSerializer, responses={200: CommuneMonthSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a confirmed month: its figures are locked."""
        return self._decide(request, signoff.approve_month, "comment")

    @extend_schema(request=DecisionSerializer, responses={200: CommuneMonthSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Return a confirmed month to its commune, with what to correct (``comment``)."""
        return self._decide(request, signoff.return_month, "comment")

    @extend_schema(request=ReopenSerializer, responses={200: CommuneMonthSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen an approved month, with the ``reason``."""
        return self._decide(request, signoff.reopen_month, "reason")
