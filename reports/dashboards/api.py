"""The dashboards' figures as JSON (``/api/statistics/``), from the same engine."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from config.db_routers import ReadsFromReplica
from reports.dashboards.forms import CompletenessForm, PeriodForm
from reports.statistics import NotInScope, Preset, Scope, completeness, compute, resolve_scope

SCOPE_PARAMETERS = [
    OpenApiParameter("unit", OpenApiTypes.INT, description="Unit id (default: your unit)"),
    OpenApiParameter("model", OpenApiTypes.INT, description="One grassroots model"),
    OpenApiParameter("model_type", OpenApiTypes.INT, description="One model type"),
]
PERIOD_PARAMETERS = [
    OpenApiParameter("preset", OpenApiTypes.STR, enum=[value for value, _ in Preset.choices]),
    OpenApiParameter("year", OpenApiTypes.INT),
    OpenApiParameter("start", OpenApiTypes.DATE, description="With preset=custom"),
    OpenApiParameter("end", OpenApiTypes.DATE, description="With preset=custom"),
    OpenApiParameter(
        "comparison",
        OpenApiTypes.STR,
        enum=["year_earlier", "before_established"],
        description=(
            "year_earlier (default): a year earlier, or the same length just before for a "
            "period longer than a year; before_established: with model, the same length before "
            "it was set up. The answer's comparison names it (kind, start, end, label, "
            "short_label)."
        ),
    ),
]


def _int(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: ["Enter a whole number."]}) from None


def _scope(request, **names) -> Scope:
    try:
        return resolve_scope(
            request.user, **{key: _int(request, name) for key, name in names.items()}
        )
    except NotInScope as exc:
        raise NotFound(str(exc)) from exc


class StatisticsViewSet(ReadsFromReplica, viewsets.ViewSet):
    """The dashboards' figures as JSON, from the same engine, for a scope and a period; read
    from the replica when there is one (config/db_routers.py)."""

    permission_classes = [permissions.IsAuthenticated]
    scope_parameters = ("unit", "model")

    @extend_schema(
        parameters=SCOPE_PARAMETERS + PERIOD_PARAMETERS, responses={200: OpenApiTypes.OBJECT}
    )
    def list(self, request):
        scope = _scope(request, unit="unit", model="model", model_type="model_type")
        form = PeriodForm(request.query_params or None, with_comparison=True)
        if request.query_params and not form.is_valid():
            raise ValidationError(form.errors)
        comparison = form.cleaned_data.get("comparison") if form.is_bound else None
        figures = compute(request.user, scope, form.period(), comparison=comparison)
        return Response(figures.as_dict())

    @extend_schema(
        parameters=[
            *SCOPE_PARAMETERS[:2],
            OpenApiParameter("days", OpenApiTypes.INT, enum=[7, 14, 30, 90]),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=False)
    def completeness(self, request):
        scope = _scope(request, unit="unit", model="model")
        form = CompletenessForm(request.query_params or None)
        if request.query_params.get("days") and not form.is_valid():
            raise ValidationError(form.errors)
        result = completeness(request.user, scope.unit, form.window(), timezone.localdate())
        return Response(
            {
                "unit": {"id": scope.unit.pk, "name": scope.unit.name},
                "days": result.days,
                "since": result.since,
                "teams": result.teams,
                "reporting": result.reporting,
                "rate": result.rate,
                "communes": [row.as_dict() for row in result.communes],
                "silent_models": [row.as_dict() for row in result.silent_models],
            }
        )
