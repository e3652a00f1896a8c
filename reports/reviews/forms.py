"""Forms of the review reports: a new report (what it covers, its period), the secretary's
part of it (header, written sections, signature), and the signed copy of an issued version."""

from __future__ import annotations

import datetime
import hashlib

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from areas.base.forms import ScopedFormMixin, ScopedModelForm
from areas.base.uploads import SIGNED_COPY, LimitedFileField
from areas.models import Area, AreaLevel
from models_registry.models import GrassrootsModel, ModelType
from reports.dashboards.forms import PeriodFields
from reports.reviews import signatures
from reports.reviews.models import WRITTEN_SECTIONS, ReviewKind, ReviewReport
from reports.reviews.wording import HEADER_MAX_LINES, header_lines, header_text, unit_phrase
from reports.statistics import Preset


class ReviewReportCreateForm(ScopedFormMixin, PeriodFields):
    """A new review report: what it covers and its period. The rest is drafted for the
    secretary (``services.draft_defaults``) and edited on the report's page."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewKind.choices)
    unit = forms.ModelChoiceField(
        label=_("Province or commune"),
        queryset=Area.objects.filter(
            level__in=[AreaLevel.PROVINCE, AreaLevel.COMMUNE], valid_to__isnull=True
        ).order_by("level", "sort_name", "pk"),
    )
    model = forms.ModelChoiceField(
        label=_("One grassroots model"),
        queryset=GrassrootsModel.objects.select_related("commune").order_by("sort_name", "pk"),
        required=False,
        empty_label=_("— the whole unit —"),
        help_text=_("For the review of one model (e.g. a patrol team); its commune is the unit."),
    )
    model_type = forms.ModelChoiceField(
        label=_("One model type"),
        queryset=ModelType.objects.filter(is_active=True),
        required=False,
        empty_label=_("— all model types —"),
    )
    preset = forms.ChoiceField(
        label=_("Period"),
        choices=[c for c in Preset.choices if c[0] != Preset.MONTH],
        initial=Preset.POLICE_YEAR,
    )
    field_order = ["kind", "unit", "model", "model_type", "preset", "year", "start", "end"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if user.scope_unit_id:
            self.fields["unit"].initial = user.scope_unit_id

    def clean(self):
        data = super().clean()
        model, unit = data.get("model"), data.get("unit")
        if model is not None:
            if unit is not None and unit.level == AreaLevel.COMMUNE and model.commune_id != unit.pk:
                self.add_error("model", _("The model must be in the chosen commune."))
            data["unit"] = model.commune
            if data.get("model_type"):
                self.add_error("model_type", _("Choose either one model or one model type."))
        return data


class ReviewReportForm(ScopedModelForm):
    """The secretary's part of a report: the header data, sections I, III–V, and the parts
    of section II they rewrite. Each part of II shows the text generated from the figures
    (``generated``: part key → (heading, text)) until it is rewritten; a part posted back as
    generated stays generated, so it keeps following the figures."""

    def __init__(self, *args, generated: dict[str, tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.generated = generated or {}
        edits = self.instance.results_edits or {}
        for key, (_heading, text) in self.generated.items():
            self.fields[part_field(key)] = forms.CharField(
                label="",  # the page writes it, with whether the part was rewritten
                required=False,
                initial=edits.get(key) or text,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
            # The generated text as the page showed it: posted back unchanged, the part keeps
            # following the figures even if they moved while the page was open.
            self.fields[f"{part_field(key)}_shown"] = forms.CharField(
                required=False, initial=_digest(text), widget=forms.HiddenInput
            )

    def clean_issuing_body(self):
        body = self.cleaned_data.get("issuing_body", "")
        check_issuing_body(body, self.instance.unit if self.instance.unit_id else None)
        return body

    def clean(self):
        data = super().clean()
        edits = {}
        for key, (_heading, text) in self.generated.items():
            posted = data.get(part_field(key), "")
            shown = data.get(f"{part_field(key)}_shown", "")
            if not _words(posted) or _words(posted) == _words(text) or _digest(posted) == shown:
                continue
            edits[key] = posted.strip()
        self.instance.results_edits = edits
        return data

    class Meta:
        model = ReviewReport
        fields = [
            "title",
            "period_start",
            "period_end",
            "parent_body",
            "issuing_body",
            "number",
            "symbol",
            "place",
            "issued_on",
            "situation",
            "results_note",
            "strengths",
            "limitations",
            "causes",
            "lessons",
            "directions",
            "proposals",
            "recipients",
            "signing_mode",
            "signing_body",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.Textarea(attrs={"rows": 6}) for name in WRITTEN_SECTIONS},
            "results_note": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_issued_on(self):
        day = self.cleaned_data.get("issued_on")
        check_issued_on(day)
        return day


# The rules of the header beyond the model's, shared by the page's form and the API.


def check_issuing_body(body: str, unit) -> None:
    name = unit_phrase(unit).upper() if unit else ""
    if header_lines(header_text(body, name)) > HEADER_MAX_LINES:
        raise forms.ValidationError(
            _(
                "The issuing body takes more than %(n)d lines in the header: write it as "
                "the committee shortens it on its documents (e.g. BAN CHỈ ĐẠO 138 TỈNH "
                "LÂM ĐỒNG)."
            )
            % {"n": HEADER_MAX_LINES}
        )


def check_issued_on(day) -> None:
    if day and day > timezone.localdate() + datetime.timedelta(days=60):
        raise forms.ValidationError(_("The date is too far in the future."))


def part_field(key: str) -> str:
    return f"results_{key}"


def _words(text: str) -> list[str]:
    return (text or "").split()


def _digest(text: str) -> str:
    return hashlib.sha256(" ".join(_words(text)).encode()).hexdigest()[:16]


class ConferForm(forms.Form):
    """A decision whose recipients were commended at the review's conference."""

    decision = forms.ChoiceField(label=_("Decision"))

    def __init__(self, *args, decisions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.decisions = {d["key"]: d for d in decisions}
        self.fields["decision"].choices = [(d["key"], decision_label(d)) for d in decisions]

    def cleaned_decision(self) -> tuple[str, datetime.date]:
        chosen = self.decisions[self.cleaned_data["decision"]]
        return chosen["number"], chosen["day"]


def decision_label(decision: dict) -> str:
    """ "77/QĐ-CAT of 19/08/2026 — 2 collectives, 3 individuals"."""
    return _("%(number)s of %(date)s — %(collective)s collectives, %(individual)s individuals") % {
        "number": decision["number"],
        "date": formats.date_format(decision["day"], "SHORT_DATE_FORMAT"),
        "collective": decision["collective"],
        "individual": decision["individual"],
    }


class SignedCopyForm(forms.Form):
    """Bản ký: the signed copy of an issued version, a PDF — a scan of the signed paper or the
    digitally signed file. Its size is checked before a byte is read, then that it is a PDF."""

    file = LimitedFileField(
        label=_("Signed copy (PDF)"),
        limit=SIGNED_COPY,
        help_text=_("A scan of the signed document, or the digitally signed PDF."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content = signed_pdf_content(upload)
        return upload


def signed_pdf_content(upload) -> bytes:
    """The bytes of an uploaded signed copy (its size checked already), or the reason it is
    not a PDF that can be read."""
    upload.seek(0)
    content = upload.read()
    try:
        signatures.open_pdf(content)
    except signatures.NotAPdf as exc:
        if exc.kind == "magic":
            raise forms.ValidationError(
                _(
                    "This file is not a PDF. Attach the signed copy as a PDF: a scan saved "
                    "as PDF, or the digitally signed file."
                ),
                code="not_pdf",
            ) from exc
        raise forms.ValidationError(
            _(
                "This file starts like a PDF but cannot be read: it may be damaged or cut "
                "short. Save or scan it again."
            ),
            code="broken_pdf",
        ) from exc
    return content
