"""Serializers of the review reports' API (``reports.reviews.api``): a report (its header and
written sections, editable until issued; section II's parts as generated and as rewritten),
a new report (the page's form checks it), a version (its job, what stops it being issued) and
a signed copy. The rules are the pages': the same forms, checks and services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas.base.api import ModelRulesSerializer, ScopedPrimaryKeyRelatedField
from areas.base.uploads import SIGNED_COPY
from areas.models import Area, AreaLevel
from models_registry.models import GrassrootsModel, ModelType
from reports.reviews import document, phrases, services
from reports.reviews.forms import (
    ReviewReportCreateForm,
    ReviewReportForm,
    check_issued_on,
    check_issuing_body,
    signed_pdf_content,
)
from reports.reviews.models import ReportVersion, ReviewKind, ReviewReport, SignedCopy
from reports.statistics import Preset


def _django_errors(err: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(err))


def _words(text: str) -> list[str]:
    return (text or "").split()


class SignedCopySerializer(serializers.ModelSerializer):
    """Bản ký of an issued version: upload it as ``multipart/form-data`` (``version``, ``file``:
    a PDF of at most the signed copy's limit); what its digital signatures say is read once,
    then: for each, the signer, the signing time, ``integrity`` (intact / extended /
    modified / unknown) and ``trusted``."""

    version = ScopedPrimaryKeyRelatedField(queryset=ReportVersion.objects.all())
    file = serializers.FileField(write_only=True, help_text=SIGNED_COPY.help_text)
    report_title = serializers.CharField(source="version.report.title", read_only=True)
    reading_label = serializers.CharField(source="get_reading_display", read_only=True)
    signatures = serializers.JSONField(read_only=True)
    uploaded_by = serializers.StringRelatedField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SignedCopy
        fields = [
            "id",
            "version",
            "report_title",
            "file",
            "original_name",
            "size",
            "sha256",
            "reading",
            "reading_label",
            "signatures",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = ["original_name", "size", "sha256", "reading", "uploaded_at"]

    def get_download_url(self, copy) -> str:
        return reverse("signedcopy-pdf", args=[copy.pk])

    def validate_version(self, version):
        if not version.is_issued:
            raise serializers.ValidationError(
                _("A signed copy can be attached to the issued version only.")
            )
        return version

    def validate_file(self, upload):
        try:
            SIGNED_COPY.check_size(upload)  # by its size alone, before a byte is read
            self._content = signed_pdf_content(upload)
        except DjangoValidationError as err:
            raise serializers.ValidationError(err.messages) from err
        return upload

    def create(self, validated_data):
        try:
            return services.attach_signed_copy(
                version=validated_data["version"],
                user=self.context["request"].user,
                content=self._content,
                name=validated_data["file"].name,
            )
        except services.ReviewError as exc:
            raise serializers.ValidationError({"version": [str(exc)]}) from exc


class ReportVersionSerializer(serializers.ModelSerializer):
    """One rendering of a report: its job (``status``; ``state`` says ``stalled`` too, with
    ``progress`` in per cent), and once ready its PDF (``pdf_url``), the same document as Word
    (``docx_url``) and its tables as a workbook (``xlsx_url``)."""

    report_title = serializers.CharField(source="report.title", read_only=True)
    state = serializers.CharField(read_only=True)
    state_label = serializers.CharField(read_only=True)
    is_issued = serializers.BooleanField(read_only=True)
    can_retry = serializers.BooleanField(read_only=True)
    requested_by = serializers.StringRelatedField()
    issued_by = serializers.StringRelatedField()
    pdf_url = serializers.SerializerMethodField()
    docx_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportVersion
        fields = [
            "id",
            "report",
            "report_title",
            "number",
            "status",
            "state",
            "state_label",
            "progress",
            "attempts",
            "error",
            "pages",
            "size",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "render_ms",
            "issued_at",
            "issued_by",
            "is_issued",
            "can_retry",
            "pdf_url",
            "docx_url",
            "xlsx_url",
        ]
        read_only_fields = fields

    def _file_url(self, version, kind: str) -> str | None:
        if version.status != "ready" or not version.pdf:
            return None
        return reverse(f"reportversion-{kind}", args=[version.pk])

    def get_pdf_url(self, version) -> str | None:
        return self._file_url(version, "pdf")

    def get_docx_url(self, version) -> str | None:
        return self._file_url(version, "docx")

    def get_xlsx_url(self, version) -> str | None:
        return self._file_url(version, "xlsx")


class UnconfirmedNumberSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="What to send to confirm-numbers.")
    part = serializers.CharField()
    number = serializers.CharField()
    context = serializers.CharField()


class ReportVersionDetailSerializer(ReportVersionSerializer):
    """A version with what still stops it being issued (``issue_problems``, in Vietnamese;
    empty: it can be issued), the numbers of rewritten text to confirm, and its signed
    copies (latest first)."""

    issue_problems = serializers.SerializerMethodField()
    unconfirmed_numbers = serializers.SerializerMethodField()
    confirmed_numbers = serializers.ListField(child=serializers.CharField(), read_only=True)
    signed_copies = SignedCopySerializer(many=True, read_only=True)

    class Meta(ReportVersionSerializer.Meta):
        fields = [
            *ReportVersionSerializer.Meta.fields,
            "issue_problems",
            "unconfirmed_numbers",
            "confirmed_numbers",
            "signed_copies",
        ]
        read_only_fields = fields

    def get_issue_problems(self, version) -> list[str]:
        return [] if version.is_issued else services.issue_problems(version)

    @extend_schema_field(UnconfirmedNumberSerializer(many=True))
    def get_unconfirmed_numbers(self, version) -> list[dict]:
        return services.unconfirmed_numbers(version) if version.snapshot else []


class ConfirmNumbersSerializer(serializers.Serializer):
    numbers = serializers.ListField(
        child=serializers.CharField(),
        allow_empty=False,
        help_text="Keys from the version's unconfirmed_numbers.",
    )

    def validate_numbers(self, keys):
        flagged = {n["key"] for n in services.unconfirmed_numbers(self.context["version"])}
        flagged |= set(self.context["version"].confirmed_numbers or [])
        unknown = [key for key in keys if key not in flagged]
        if unknown:
            raise serializers.ValidationError(
                _("Not a number of this version to confirm: %(keys)s.")
                % {"keys": ", ".join(unknown)}
            )
        return keys


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportVersion
        fields = ["id", "number", "status", "issued_at"]
        read_only_fields = fields


class ReviewReportListSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    is_issued = serializers.SerializerMethodField()

    class Meta:
        model = ReviewReport
        fields = [
            "id",
            "kind",
            "unit",
            "unit_name",
            "model",
            "model_type",
            "period_start",
            "period_end",
            "title",
            "number",
            "symbol",
            "issued_on",
            "is_issued",
            "scheduled",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_is_issued(self, report) -> bool:
        # Lists annotate it (``issued``) rather than ask each row.
        issued = getattr(report, "issued", None)
        return report.is_issued if issued is None else issued


class ResultPartSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=list(phrases.PARTS))
    heading = serializers.CharField()
    generated = serializers.CharField(help_text="The text generated from the figures now.")
    edited = serializers.BooleanField()
    text = serializers.CharField(help_text="What prints: the rewritten text, or the generated.")


class ReviewReportSerializer(ModelRulesSerializer, ReviewReportListSerializer):
    """A report: the header, the written sections (I, III–V, notes to II) and signature,
    editable until a version is issued (then 400); ``results`` is section II part by part as
    the engine words it now and as it prints. ``results_edits`` rewrites parts: a part's key
    with its text; an empty text, or the generated text itself, makes it follow the figures
    again; parts not sent stay as they are."""

    results_edits = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True),
        required=False,
        help_text="Part key (" + ", ".join(phrases.PARTS) + ") → rewritten text.",
    )
    results = serializers.SerializerMethodField()
    versions = VersionSummarySerializer(many=True, read_only=True)

    class Meta(ReviewReportListSerializer.Meta):
        fields = [
            *ReviewReportListSerializer.Meta.fields,
            *[
                f
                for f in ReviewReportForm.Meta.fields
                if f not in ReviewReportListSerializer.Meta.fields
            ],
            "results_edits",
            "results",
            "versions",
        ]
        read_only_fields = [
            "id",
            "kind",
            "unit",
            "unit_name",
            "model",
            "model_type",
            "is_issued",
            "scheduled",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(ResultPartSerializer(many=True))
    def get_results(self, report) -> list[dict]:
        return [
            {
                "key": part["key"],
                "heading": part["heading"],
                "generated": "\n".join(part["generated"]),
                "edited": part["edited"],
                "text": "\n".join(part["paragraphs"]),
            }
            for part in self._section_two(report)
        ]

    def _section_two(self, report) -> list[dict]:
        if getattr(self, "_parts_of", None) != (report.pk, report.results_edits):
            self._parts = document.section_two(report, self.context["request"].user)
            self._parts_of = (report.pk, report.results_edits)
        return self._parts

    def validate_issuing_body(self, body):
        try:
            check_issuing_body(body, self.instance.unit if self.instance else None)
        except forms.ValidationError as err:
            raise serializers.ValidationError(err.messages) from err
        return body

    def validate_issued_on(self, day):
        try:
            check_issued_on(day)
        except forms.ValidationError as err:
            raise serializers.ValidationError(err.messages) from err
        return day

    def validate_results_edits(self, posted: dict):
        unknown = [key for key in posted if key not in phrases.PARTS]
        if unknown:
            raise serializers.ValidationError(
                _("Section II has no part %(keys)s; its parts are %(parts)s.")
                % {"keys": ", ".join(unknown), "parts": ", ".join(phrases.PARTS)}
            )
        edits = dict(self.instance.results_edits or {})
        generated = {}
        if any((text or "").strip() for text in posted.values()):
            generated = {p["key"]: p["generated"] for p in self._section_two(self.instance)}
        for key, text in posted.items():
            text = (text or "").strip()
            if not text or _words(text) == _words(" ".join(generated.get(key, []))):
                edits.pop(key, None)  # follows the figures again
            else:
                edits[key] = text
        return edits


class ReviewReportCreateSerializer(serializers.Serializer):
    """A new report, checked whole by the page's form (what it covers, its period: a preset of
    a year, or ``preset=custom`` with ``start`` and ``end``); the rest is drafted as on the
    page. Answers with the report."""

    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    unit = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.filter(
            level__in=[AreaLevel.PROVINCE, AreaLevel.COMMUNE], valid_to__isnull=True
        )
    )
    model = ScopedPrimaryKeyRelatedField(
        queryset=GrassrootsModel.objects.all(), required=False, allow_null=True
    )
    model_type = serializers.PrimaryKeyRelatedField(
        queryset=ModelType.objects.filter(is_active=True), required=False, allow_null=True
    )
    preset = serializers.ChoiceField(
        choices=ReviewReportCreateForm.base_fields["preset"].choices,
        default=Preset.POLICE_YEAR,
    )
    year = serializers.IntegerField(required=False, allow_null=True)
    start = serializers.DateField(required=False, allow_null=True)
    end = serializers.DateField(required=False, allow_null=True)

    def to_internal_value(self, data):
        # One check, the page's: every problem of the form at once, at its field.
        values = {name: data.get(name) for name in self.fields}
        values["preset"] = values["preset"] or Preset.POLICE_YEAR
        form = ReviewReportCreateForm(
            data={k: "" if v is None else v for k, v in values.items()},
            user=self.context["request"].user,
        )
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if field == "__all__" else field): [
                        e["message"] for e in problems
                    ]
                    for field, problems in errors.items()
                }
            )
        return {**form.cleaned_data, "period": form.period()}

    def create(self, validated_data):
        try:
            return services.create_report(
                user=self.context["request"].user,
                kind=validated_data["kind"],
                unit=validated_data["unit"],
                period=validated_data["period"],
                model=validated_data.get("model"),
                model_type=validated_data.get("model_type"),
            )
        except DjangoValidationError as err:
            raise _django_errors(err) from err

    def to_representation(self, instance):
        return ReviewReportSerializer(instance, context=self.context).data
