"""Review reports (báo cáo sơ kết / tổng kết) and their rendered versions.

A ``ReviewReport`` is what the secretary writes: the document's header data and the prose of
sections I, III, IV and V. Section II is never stored on the report: it is generated from the
statistics engine each time the report is previewed or rendered. Each rendering is a
``ReportVersion`` — the job record (status, progress, attempts, error) and, once ready, the
snapshot of everything it printed and the PDF. An issued version never changes; the copy the
office signed and files is kept beside it (``SignedCopy``). The awards conferred at the
review's conference are linked to it (``ConferredAward``).
"""

from __future__ import annotations

import datetime
import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from areas.models import Area, AreaLevel, DomainModel, protect_hard_delete, track_history
from areas.scoping import ScopedManager
from awards.models import Award
from models_registry.models import GrassrootsModel, ModelType
from reports.statistics import Period


class ReviewKind(models.TextChoices):
    INTERIM = "interim", _("Interim review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")


class SigningMode(models.TextChoices):
    """How the signer signs for the body (Nghị định 30/2020): on its behalf, or as a deputy."""

    ON_BEHALF = "TM", _("On behalf of the body (TM.)")
    DEPUTY = "KT", _("As deputy of the head (KT.)")
    OWN = "", _("In own name")


# Sections the secretary writes, in document order: field name → section heading.
WRITTEN_SECTIONS = [
    "situation",
    "strengths",
    "limitations",
    "causes",
    "lessons",
    "directions",
    "proposals",
]


@track_history()
@pgtrigger.register(protect_hard_delete())
class ReviewReport(DomainModel):
    """Báo cáo sơ kết / tổng kết: a review report of a unit (province or commune), of one
    grassroots model, or of one model type across a unit, over a reporting period."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    unit = models.ForeignKey(
        Area,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="review_reports",
        limit_choices_to={"level__in": [AreaLevel.PROVINCE, AreaLevel.COMMUNE]},
    )
    model = models.ForeignKey(
        GrassrootsModel,
        verbose_name=_("grassroots model"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_reports",
        help_text=_("For the review of one model; leave empty for the whole unit."),
    )
    model_type = models.ForeignKey(
        ModelType,
        verbose_name=_("model type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_reports",
        help_text=_("For the review of one model type across the unit."),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))

    parent_body = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_("The line above the issuing body, e.g. UBND TỈNH LÂM ĐỒNG."),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=300)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, default="BC-BCĐ")
    place = models.CharField(_("place"), max_length=100)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("subject line"), max_length=400)
    signing_mode = models.CharField(
        _("signing"),
        max_length=2,
        choices=SigningMode.choices,
        default=SigningMode.ON_BEHALF,
        blank=True,
    )
    signing_body = models.CharField(
        _("signing for"), max_length=100, default="BAN CHỈ ĐẠO", blank=True
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, default="TRƯỞNG BAN")
    signer_name = models.CharField(_("signer"), max_length=100, blank=True)
    recipients = models.TextField(
        _("recipients (Nơi nhận)"), blank=True, help_text=_("One per line.")
    )

    situation = models.TextField(_("I. Situation"), blank=True)
    results_note = models.TextField(
        _("II. Notes to the results"),
        blank=True,
        help_text=_("Printed after the generated figures of section II."),
    )
    results_edits = models.JSONField(
        _("II. Rewritten parts"),
        default=dict,
        blank=True,
        help_text=_(
            "The parts of section II the secretary rewrote, by part; a part not here prints "
            "the text generated from the figures."
        ),
    )
    strengths = models.TextField(_("III.1. Strengths"), blank=True)
    limitations = models.TextField(_("III.2. Limitations"), blank=True)
    causes = models.TextField(_("III.3. Causes"), blank=True)
    lessons = models.TextField(_("III.4. Lessons learned"), blank=True)
    directions = models.TextField(_("IV. Directions and tasks"), blank=True)
    proposals = models.TextField(_("V. Proposals and recommendations"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    scheduled = models.BooleanField(_("drafted by the schedule"), default=False, editable=False)

    scope_lookup = "unit"

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["-period_end", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"
            ),
            # The schedule drafts one report per scope, kind and period, however often it runs.
            models.UniqueConstraint(
                fields=["unit", "kind", "period_start", "period_end"],
                condition=Q(scheduled=True, deleted_at__isnull=True),
                name="report_one_scheduled_draft",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)

    @property
    def is_issued(self) -> bool:
        """Ban hành: one of its versions was issued; the report can no longer change."""
        return self.versions.filter(issued_at__isnull=False).exists()

    @property
    def number_text(self) -> str:
        """ "Số: 12/BC-BCĐ", or "Số:      /BC-BCĐ" left blank to fill in by hand."""
        number = str(self.number) if self.number else "\u00a0" * 6
        return f"{number}/{self.symbol}" if self.symbol else number

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        if self.unit_id and self.unit.level not in (AreaLevel.PROVINCE, AreaLevel.COMMUNE):
            errors["unit"] = _("A review report is made for a province or a commune.")
        if self.model_id and self.unit_id and self.model.commune_id != self.unit_id:
            errors["model"] = _("The model must be in the report's commune.")
        if self.model_id and self.model_type_id:
            errors["model_type"] = _("Choose either one model or one model type, not both.")
        if errors:
            raise ValidationError(errors)


class RenderStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


FINISHED = (RenderStatus.READY, RenderStatus.FAILED)
# Shown instead of the status of a job that has neither finished nor moved for far longer
# than the time limit allows (``ReportVersion.is_stalled``); never stored.
STALLED = "stalled"


def version_path(version: ReportVersion, filename: str) -> str:
    return f"reports/{version.report_id}/{filename}"


@track_history(exclude=["progress"])
@pgtrigger.register(
    protect_hard_delete(),
    # An issued version is the document as sent out: the database refuses any change to it.
    pgtrigger.Protect(
        name="issued_is_final",
        operation=pgtrigger.Update,
        condition=pgtrigger.Q(old__issued_at__isnull=False),
    ),
)
class ReportVersion(DomainModel):
    """One rendering of a review report (phiên bản): the rendering job and, once ready, the
    snapshot of the figures and text it printed and the PDF, kept unchanged."""

    report = models.ForeignKey(
        ReviewReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=RenderStatus.choices, default=RenderStatus.REQUESTED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("reason"), blank=True)
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True, editable=False)
    # The numbers of rewritten text that are not among the version's figures and that the
    # secretary confirmed before issuing ("part:number" keys, see ``checks``).
    confirmed_numbers = models.JSONField(
        _("confirmed numbers"), default=list, blank=True, editable=False
    )
    # The default storage is private (settings.PRIVATE_MEDIA_ROOT): downloads go through a
    # scoped view, never a public URL.
    pdf = models.FileField(_("PDF"), upload_to=version_path, blank=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # When the job was last asked for (the version made, or a retry): a job still waiting is
    # measured from here.
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    render_ms = models.PositiveIntegerField(_("rendering time (ms)"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_lookup = "report__unit"

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number"),
            models.CheckConstraint(
                condition=Q(issued_at__isnull=True) | Q(status="ready"),
                name="report_version_issued_ready",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def last_moved_at(self) -> datetime.datetime:
        """When the job last moved: its start while rendering, its request while waiting."""
        if self.status == RenderStatus.RENDERING and self.started_at:
            return self.started_at
        return self.requested_at

    @property
    def is_stalled(self) -> bool:
        """Bị treo: waiting or rendering for far longer than a job may run (its message lost,
        or every worker gone), so it will not finish by itself; it can be retried."""
        if self.is_finished:
            return False
        limit = datetime.timedelta(seconds=settings.REPORT_RENDER_STALLED_AFTER)
        return timezone.now() - self.last_moved_at > limit

    @property
    def state(self) -> str:
        """The state the page shows: the status, or ``STALLED``."""
        return STALLED if self.is_stalled else self.status

    @property
    def state_label(self) -> str:
        return _("Stalled") if self.is_stalled else self.get_status_display()

    @property
    def is_running(self) -> bool:
        """Waiting or rendering, and expected to finish by itself."""
        return not self.is_finished and not self.is_stalled

    @property
    def can_retry(self) -> bool:
        return self.status == RenderStatus.FAILED or self.is_stalled

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def unconfirmed_count(self) -> int:
        """Numbers of rewritten text that are not among the figures and wait for the
        secretary's confirmation before this version can be issued."""
        if self.is_issued or not self.snapshot:
            return 0
        from reports.reviews.services import unconfirmed_numbers  # services build on models

        return len(unconfirmed_numbers(self))

    @property
    def filename(self) -> str:
        report = self.report
        number = f"{report.number}-" if report.number else ""
        return f"bao-cao-{number}{report.pk}-v{self.number}.pdf"


class SignatureReading(models.TextChoices):
    """What reading a signed copy's digital signatures found (``reviews.signatures``)."""

    SIGNED = "signed", _("Digitally signed")
    UNSIGNED = "unsigned", _("No digital signature (a scan)")
    UNREADABLE = "unreadable", _("Signatures could not be read")


def signed_copy_path(copy: SignedCopy, filename: str) -> str:
    # The uploaded name is not used: the stored name says nothing and cannot clash.
    return f"reports/{copy.version.report_id}/signed/v{copy.version.number}-{uuid.uuid4().hex}.pdf"


@track_history()
@pgtrigger.register(
    protect_hard_delete(),
    # The file as filed: a later copy is added beside it, never written over it.
    pgtrigger.Protect(
        name="signed_copy_is_final",
        operation=pgtrigger.Update,
        condition=pgtrigger.AnyChange("version", "file", "size", "sha256", "signatures"),
    ),
)
class SignedCopy(DomainModel):
    """Bản ký: the copy of an issued version that was signed and filed by the office — a scan
    of the signed paper, or a PDF bearing digital signatures, read with pyHanko when it was
    attached (``signatures``). Every copy attached is kept; the latest is the one shown."""

    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="signed_copies",
    )
    # Private storage (settings.PRIVATE_MEDIA_ROOT): downloaded through a scoped view only.
    file = models.FileField(_("file"), upload_to=signed_copy_path, max_length=200, editable=False)
    original_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    reading = models.CharField(
        _("digital signatures"), max_length=10, choices=SignatureReading.choices, editable=False
    )
    # One entry per signature, in the order they were applied: signer, signed_at, integrity
    # (intact / extended / modified), trusted (see ``reviews.signatures``).
    signatures = models.JSONField(_("signatures"), default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    scope_lookup = "version__report__unit"

    class Meta:
        verbose_name = _("signed copy")
        verbose_name_plural = _("signed copies")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version} — {self.original_name or self.pk}"

    @property
    def filename(self) -> str:
        return self.version.filename.replace(".pdf", f"-ban-ky-{self.pk}.pdf")

    @property
    def signature_list(self) -> list[dict]:
        """The signatures as read, each time as a datetime (kept as ISO 8601 text)."""
        return [
            {**sig, "signed_at": parse_datetime(sig["signed_at"]) if sig.get("signed_at") else None}
            for sig in self.signatures or []
        ]


@pghistory.track(pghistory.InsertEvent("award.confer"), pghistory.DeleteEvent("award.withdraw"))
class ConferredAward(models.Model):
    """Khen thưởng tại Hội nghị: a commendation conferred at a review's conference, which the
    report counts ("Tại Hội nghị, có 01 tập thể và 03 cá nhân được khen thưởng"). The link
    belongs to the review, above the register: the register knows nothing of reviews. An
    award is conferred at one review at most; a link is withdrawn by deleting it (recorded)."""

    report = models.ForeignKey(
        ReviewReport,
        verbose_name=_("review report"),
        on_delete=models.PROTECT,
        related_name="conferred",
    )
    award = models.OneToOneField(
        Award, verbose_name=_("commendation"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager()
    scope_lookup = "report__unit"

    class Meta:
        verbose_name = _("commendation conferred at the review")
        verbose_name_plural = _("commendations conferred at the review")
        ordering = ["award__decision_date", "award__decision_number", "award_id"]

    def __str__(self) -> str:
        return f"{self.report} — {self.award}"

    def clean(self) -> None:
        super().clean()
        if self.report_id and self.award_id and not self.report.unit.contains(self.award.unit):
            raise ValidationError(
                {"award": _("The review report must cover the recipient's unit.")}
            )
