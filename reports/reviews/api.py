"""The review reports' API, scoped like every endpoint, with the pages' rules:

- ``/api/reviews/``: list (filters ``kind``, ``unit``, ``year``, ``issued``, ``q``), create (the
  page's form), read, edit the header, written sections and section II's parts until issued
  (then 400); ``POST /api/reviews/{id}/render/`` → 202 with the new version;
- ``/api/reviews/versions/``: list, read (status, progress, what stops issuing),
  ``…/{id}/pdf/`` (the file), ``…/{id}/confirm-numbers/``, ``…/{id}/issue/`` (problems in a
  400), ``…/{id}/retry/`` (→ 202); beside ``pdf/``, ``docx/`` (the document in the PDF's layout)
  and ``xlsx/`` (its tables), built from the version's snapshot (``downloads``);
- ``/api/reviews/signed-copies/``: list, read (its signatures), upload (multipart) to an
  issued version, ``…/{id}/pdf/`` (the file).
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from areas.base.api import ScopedViewSetMixin
from areas.base.parsers import BoundedFormParser, BoundedMultiPartParser
from reports.reviews import jobs, services
from reports.reviews.downloads import pdf_download, version_file_response
from reports.reviews.filters import (
    ReportVersionFilterSet,
    ReviewReportFilterSet,
    SignedCopyFilterSet,
    issued_version,
)
from reports.reviews.models import RenderStatus, ReportVersion, ReviewReport, SignedCopy
from reports.reviews.serializers import (
    ConfirmNumbersSerializer,
    ReportVersionDetailSerializer,
    ReportVersionSerializer,
    ReviewReportCreateSerializer,
    ReviewReportListSerializer,
    ReviewReportSerializer,
    SignedCopySerializer,
)

PDF = OpenApiResponse(OpenApiTypes.BINARY, description="application/pdf")


def refused(message: str | list[str]) -> serializers.ValidationError:
    """A 400 whose ``non_field_errors`` say, in Vietnamese, why the action cannot be done."""
    return serializers.ValidationError(
        {"non_field_errors": message if isinstance(message, list) else [message]}
    )


class ReviewReportViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Review reports (sơ kết / tổng kết) of the caller's area."""

    queryset = ReviewReport.objects.select_related("unit").order_by(
        "-period_end", "-created_at", "-pk"
    )
    filterset_class = ReviewReportFilterSet
    action_permissions = {"render": ["reports.add_reportversion"]}

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset.annotate(issued=issued_version())
        return queryset.select_related("model", "model_type").prefetch_related("versions")

    def get_serializer_class(self):
        if self.action == "list":
            return ReviewReportListSerializer
        if self.action == "create":
            return ReviewReportCreateSerializer
        if self.action == "render":
            return ReportVersionSerializer
        return ReviewReportSerializer

    @extend_schema(responses={201: ReviewReportSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        if self.get_object().is_issued:
            raise refused(_("This report has been issued; it can no longer be changed."))
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        with transaction.atomic():
            # Issuing locks the version; editing the report waits for it and checks again.
            ReviewReport.objects.select_for_update(of=("self",)).filter(
                pk=serializer.instance.pk
            ).first()
            if serializer.instance.is_issued:
                raise refused(_("This report has been issued; it can no longer be changed."))
            serializer.save()

    @extend_schema(request=None, responses={202: ReportVersionSerializer})
    @action(detail=True, methods=["post"])
    def render(self, request, pk=None):
        """Render a new version from the report as it is now; the job runs after the answer
        (202): follow it at the version's URL."""
        report = self.get_object()
        try:
            version = jobs.request_rendering(report=report, user=request.user)
        except services.ReviewError as exc:
            raise refused(str(exc)) from exc
        version.refresh_from_db()
        return Response(
            ReportVersionSerializer(version, context=self.get_serializer_context()).data,
            status=status.HTTP_202_ACCEPTED,
        )


class VersionViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Rendered versions of the review reports: the job's state and progress, the files, and
    the steps to issue one (confirm numbers, issue)."""

    queryset = ReportVersion.objects.select_related("report", "requested_by", "issued_by").order_by(
        "-created_at", "-pk"
    )
    filterset_class = ReportVersionFilterSet
    action_permissions = {
        "confirm_numbers": ["reports.change_reportversion"],
        "issue": ["reports.change_reportversion"],
        "retry": ["reports.add_reportversion"],
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset.defer("snapshot")
        return queryset.prefetch_related("signed_copies__uploaded_by")

    def get_serializer_class(self):
        if self.action == "list":
            return ReportVersionSerializer
        if self.action == "confirm_numbers":
            return ConfirmNumbersSerializer
        return ReportVersionDetailSerializer

    def _answer(self, version, code=status.HTTP_200_OK) -> Response:
        version = self.get_queryset().get(pk=version.pk)
        context = self.get_serializer_context()
        return Response(ReportVersionDetailSerializer(version, context=context).data, status=code)

    @extend_schema(responses={200: PDF})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The PDF of a ready version."""
        version = self.get_object()
        if version.status != RenderStatus.READY or not version.pdf:
            raise Http404("This version has no PDF yet.")
        return pdf_download(version.pdf, version.filename)

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="Word")})
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        """The version as a Word file, in the layout of its PDF."""
        return version_file_response(self.get_object(), "docx")

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="Excel")})
    @action(detail=True, methods=["get"])
    def xlsx(self, request, pk=None):
        """The version's tables, one sheet each."""
        return version_file_response(self.get_object(), "xlsx")

    @extend_schema(responses={200: ReportVersionDetailSerializer})
    @action(detail=True, methods=["post"], url_path="confirm-numbers")
    def confirm_numbers(self, request, pk=None):
        """Confirm numbers of rewritten text that are not among the figures (the secretary
        stands behind them), by their keys in ``unconfirmed_numbers``."""
        version = self.get_object()
        serializer = self.get_serializer(data=request.data, context={"version": version})
        serializer.is_valid(raise_exception=True)
        try:
            services.confirm_numbers(version=version, keys=serializer.validated_data["numbers"])
        except services.ReviewError as exc:
            raise refused(str(exc)) from exc
        return self._answer(version)

    def get_serializer(self, *args, **kwargs):
        extra = kwargs.pop("context", {})
        serializer = super().get_serializer(*args, **kwargs)
        serializer.context.update(extra)
        return serializer

    @extend_schema(request=None, responses={200: ReportVersionDetailSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        """Ban hành: the version becomes the report as sent out. Refused (400, every problem
        listed) while a number, date or signer is missing, a prompt is left or a number is
        unconfirmed — the page's checks."""
        version = self.get_object()
        problems = services.issue_problems(version)
        if problems:
            raise refused(problems)
        try:
            services.issue_version(version=version, user=request.user)
        except services.ReviewError as exc:
            raise refused(str(exc)) from exc
        return self._answer(version)

    @extend_schema(request=None, responses={202: ReportVersionDetailSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Render a failed or stalled version again (202); any other is left as it is."""
        version = self.get_object()
        if not version.can_retry:
            raise refused(_("Only a failed or stalled version can be rendered again."))
        version = jobs.retry_rendering(version=version, user=request.user)
        return self._answer(version, status.HTTP_202_ACCEPTED)


class SignedCopyViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Signed copies of issued versions (bản ký): a scan, or a PDF with digital signatures
    read when it was attached. A copy is never changed; another upload is kept beside it."""

    queryset = SignedCopy.objects.select_related("version__report", "uploaded_by").order_by(
        "-uploaded_at", "-pk"
    )
    serializer_class = SignedCopySerializer
    filterset_class = SignedCopyFilterSet
    # A file comes as multipart; the project's bounded parsers, so that an oversized or
    # overfull request is refused in JSON like everywhere in the API.
    parser_classes = [BoundedMultiPartParser, BoundedFormParser]

    @extend_schema(responses={200: PDF})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The file of the signed copy, as it was uploaded."""
        copy = self.get_object()
        return pdf_download(copy.file, copy.filename)
