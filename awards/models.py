"""Commendations (khen thưởng) and the proposals that lead to them.

An ``Award`` is one recipient named in one decision: a decision that commends 191 collectives
and 385 individuals is 576 awards with the same number and date, so the statistics count
recipients as the reports do. A ``Proposal`` is a commune's request for commendation (tờ trình
đề nghị khen thưởng) for some of its teams, its police or its people; province staff decide it
once, and an approval creates the awards.

Which awards were conferred at a review's conference is recorded with the review
(``reports.ConferredAward``): this app knows nothing of the reports above it.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area, AreaLevel, DomainModel, protect_hard_delete, track_history
from areas.scoping import ScopedManager
from models_registry.models import GrassrootsModel, Person


class AwardForm(models.TextChoices):
    """Hình thức khen thưởng."""

    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Certificate of merit (giấy khen)")
    CERTIFICATE_OF_COMMENDATION = (
        "certificate_of_commendation",
        _("Certificate of commendation (bằng khen)"),
    )
    EMULATION_FLAG = "emulation_flag", _("Emulation flag (cờ thi đua)")
    MEDAL = "medal", _("Medal “Bảo vệ an ninh Tổ quốc” (kỷ niệm chương)")
    OTHER = "other", pgettext_lazy("award form", "Other")


class Issuer(models.TextChoices):
    """Cấp khen thưởng: who signs the decision."""

    MINISTER = "minister", _("Minister of Public Security")
    PROVINCE_CHAIRMAN = "province_chairman", _("Chairman of the provincial People's Committee")
    POLICE_DIRECTOR = "police_director", _("Director of the provincial police")
    COMMUNE_CHAIRMAN = "commune_chairman", _("Chairman of the commune People's Committee")
    COMMITTEE_HEAD = "committee_head", _("Head of the steering committee")
    OTHER = "other", pgettext_lazy("issuer", "Other")


class RecipientKind(models.TextChoices):
    """Who is commended: a collective (tập thể) or an individual (cá nhân)."""

    MODEL = "model", _("A grassroots model")
    COMMUNE_POLICE = "commune_police", _("The commune's police")
    BODY = "body", _("Another collective (named)")
    PERSON = "person", _("A member in the registry")
    NAMED_PERSON = "named_person", _("Another person (named, with their unit)")


COLLECTIVE_KINDS = [RecipientKind.MODEL, RecipientKind.COMMUNE_POLICE, RecipientKind.BODY]
INDIVIDUAL_KINDS = [RecipientKind.PERSON, RecipientKind.NAMED_PERSON]


class RecipientType(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


def recipient_type_q(recipient_type: str, prefix: str = "") -> Q:
    kinds = COLLECTIVE_KINDS if recipient_type == RecipientType.COLLECTIVE else INDIVIDUAL_KINDS
    return Q(**{f"{prefix}recipient_kind__in": kinds})


class RecipientMixin(models.Model):
    """The recipient fields shared by an award and a proposal's line, with their rules."""

    recipient_kind = models.CharField(_("recipient"), max_length=20, choices=RecipientKind.choices)
    model = models.ForeignKey(
        GrassrootsModel,
        verbose_name=_("grassroots model"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )

    class Meta:
        abstract = True

    @property
    def is_collective(self) -> bool:
        return self.recipient_kind in COLLECTIVE_KINDS

    @property
    def recipient_type(self) -> str:
        return RecipientType.COLLECTIVE if self.is_collective else RecipientType.INDIVIDUAL

    def get_recipient_type_display(self) -> str:
        return str(RecipientType(self.recipient_type).label)

    def recipient_errors(self, commune_id: int | None) -> dict[str, str]:
        """The recipient rules: a model or a person names one of ``commune_id``'s records."""
        errors: dict[str, str] = {}
        kind = self.recipient_kind
        if kind == RecipientKind.MODEL and not self.model_id:
            errors["model"] = _("Choose the grassroots model commended.")
        if kind == RecipientKind.PERSON and not self.person_id:
            errors["person"] = _("An individual award names a person: choose the member.")
        if kind != RecipientKind.MODEL and self.model_id:
            errors["model"] = _("Only an award to a grassroots model names a model.")
        if kind != RecipientKind.PERSON and self.person_id:
            errors["person"] = _("Only an award to a registered member names a member.")
        if commune_id is None:
            return errors
        if kind == RecipientKind.MODEL and self.model_id and self.model.commune_id != commune_id:
            errors["model"] = _("The model must be in the recipient's commune.")
        if kind == RecipientKind.PERSON and self.person_id and self.person.commune_id != commune_id:
            errors["person"] = _("The member must live in the recipient's commune.")
        return errors


@track_history()
@pgtrigger.register(protect_hard_delete())
class Award(RecipientMixin, DomainModel):
    """Khen thưởng: one collective or one individual commended by one numbered decision."""

    unit = models.ForeignKey(
        Area,
        verbose_name=_("commune or province"),
        on_delete=models.PROTECT,
        related_name="awards",
        limit_choices_to={"level__in": [AreaLevel.PROVINCE, AreaLevel.COMMUNE]},
        help_text=_("Where the recipient works: its commune, or the province for its bodies."),
    )
    recipient_name = models.CharField(
        _("recipient's name"),
        max_length=300,
        blank=True,
        help_text=_("For a collective or a person not in the registry."),
    )
    recipient_unit = models.CharField(
        _("recipient's unit"),
        max_length=300,
        blank=True,
        help_text=_("Where a named person works, e.g. Công an xã Hiệp Thạnh."),
    )
    form = models.CharField(_("form"), max_length=30, choices=AwardForm.choices)
    form_other = models.CharField(_("other form"), max_length=200, blank=True)
    issuer = models.CharField(_("issuer"), max_length=20, choices=Issuer.choices)
    issuer_other = models.CharField(_("other issuer"), max_length=200, blank=True)
    decision_number = models.CharField(
        _("decision number"), max_length=60, help_text=_("e.g. 1234/QĐ-UBND")
    )
    decision_date = models.DateField(_("decision date"))
    reason = models.TextField(_("reason"), help_text=_("The achievement commended."))
    proposal = models.ForeignKey(
        "Proposal",
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="awards",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    scope_lookup = "unit"

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-decision_date", "-pk"]
        indexes = [
            models.Index(
                fields=["unit", "decision_date"],
                include=["recipient_kind", "form", "issuer", "model"],
                condition=Q(deleted_at__isnull=True),
                name="award_stats_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.recipient}"

    def save(self, *args, **kwargs) -> None:
        # Whatever path writes it (form, API, service), the unit of a model or member award
        # is the model's or member's commune: an award cannot drift out of its commune.
        self._derive_unit()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "unit"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("awards:award_detail", args=[self.pk])

    @property
    def recipient(self) -> str:
        """The recipient as the decision names it."""
        if self.recipient_kind == RecipientKind.MODEL and self.model_id:
            return str(self.model)
        if self.recipient_kind == RecipientKind.PERSON and self.person_id:
            return str(self.person)
        if self.recipient_kind == RecipientKind.COMMUNE_POLICE and self.unit_id:
            return str(_("Police of %(unit)s") % {"unit": self.unit.name})
        if self.recipient_kind == RecipientKind.NAMED_PERSON and self.recipient_unit:
            return f"{self.recipient_name} ({self.recipient_unit})"
        return self.recipient_name

    @property
    def form_text(self) -> str:
        return self.form_other if self.form == AwardForm.OTHER else self.get_form_display()

    @property
    def issuer_text(self) -> str:
        return self.issuer_other if self.issuer == Issuer.OTHER else self.get_issuer_display()

    @property
    def decision(self) -> str:
        """ "Quyết định số 1234/QĐ-UBND ngày 05/12/2026"."""
        return _("Decision %(number)s of %(date)s") % {
            "number": self.decision_number,
            "date": formats.date_format(self.decision_date, "SHORT_DATE_FORMAT"),
        }

    def _derive_unit(self) -> None:
        """The unit follows the recipient where the recipient is a model or a member."""
        if self.recipient_kind == RecipientKind.MODEL and self.model_id:
            self.unit_id = self.model.commune_id
        elif self.recipient_kind == RecipientKind.PERSON and self.person_id:
            self.unit_id = self.person.commune_id

    def clean_fields(self, exclude=None) -> None:
        self._derive_unit()
        super().clean_fields(exclude)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        self._derive_unit()
        if not self.unit_id:
            errors["unit"] = _("Choose the recipient's commune or province.")
        elif self.unit.level not in (AreaLevel.COMMUNE, AreaLevel.PROVINCE):
            errors["unit"] = _("Choose a commune or a province.")
        commune_id = self.unit_id if self.unit_id and self.unit.is_commune else None
        errors.update(self.recipient_errors(commune_id))
        kind = self.recipient_kind
        if kind == RecipientKind.COMMUNE_POLICE and self.unit_id and not self.unit.is_commune:
            errors["unit"] = _("The commune's police are commended in their commune.")
        if kind in (RecipientKind.BODY, RecipientKind.NAMED_PERSON) and not (
            self.recipient_name.strip()
        ):
            errors["recipient_name"] = (
                _("An individual award names a person: enter their full name.")
                if kind == RecipientKind.NAMED_PERSON
                else _("Enter the name of the collective commended.")
            )
        if kind == RecipientKind.NAMED_PERSON and not self.recipient_unit.strip():
            errors["recipient_unit"] = _("Enter the unit where the person works.")
        if self.form == AwardForm.OTHER and not self.form_other.strip():
            errors["form_other"] = _("Name the form of commendation.")
        if self.issuer == Issuer.OTHER and not self.issuer_other.strip():
            errors["issuer_other"] = _("Name who signed the decision.")
        if self.decision_date and self.decision_date > timezone.localdate():
            errors["decision_date"] = _("The decision date cannot be in the future.")
        if (
            self.issuer == Issuer.COMMUNE_CHAIRMAN
            and self.unit_id
            and not self.unit.is_commune
            and "unit" not in errors
        ):
            errors["issuer"] = _("A commune chairman commends only recipients of the commune.")
        if errors:
            raise ValidationError(errors)


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


@track_history()
@pgtrigger.register(
    protect_hard_delete(),
    # A proposal is decided once: the database refuses any change to a decided proposal.
    pgtrigger.Protect(
        name="decided_is_final",
        operation=pgtrigger.Update,
        condition=pgtrigger.Q(old__decided_at__isnull=False),
    ),
)
class Proposal(DomainModel):
    """Đề nghị khen thưởng: a commune's request to commend some of its teams, its police or
    its members, with the reason and the achievements over a period."""

    commune = models.ForeignKey(
        Area,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="award_proposals",
        limit_choices_to={"level": AreaLevel.COMMUNE},
    )
    period_start = models.DateField(_("achievements from"))
    period_end = models.DateField(_("achievements to"))
    proposed_form = models.CharField(_("form proposed"), max_length=30, choices=AwardForm.choices)
    proposed_issuer = models.CharField(_("proposed to"), max_length=20, choices=Issuer.choices)
    reason = models.TextField(_("reason"))
    achievements = models.TextField(
        _("achievements"), help_text=_("Filled from the figures of the period; edit as needed.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
        editable=False,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_comment = models.TextField(_("comment"), blank=True, editable=False)

    scope_lookup = "commune"

    class Meta:
        verbose_name = _("commendation proposal")
        verbose_name_plural = _("commendation proposals")
        ordering = ["-created_at", "-pk"]
        permissions = [("decide_proposal", _("Can approve or return a commendation proposal"))]
        indexes = [models.Index(fields=["commune", "status"], name="proposal_commune_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="proposal_period_order",
            ),
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.SUBMITTED, decided_at__isnull=True)
                | (~Q(status=ProposalStatus.SUBMITTED) & Q(decided_at__isnull=False)),
                name="proposal_decided_when_not_submitted",
            ),
        ]

    def __str__(self) -> str:
        date = formats.date_format(timezone.localtime(self.created_at), "SHORT_DATE_FORMAT")
        return _("Proposal of %(commune)s, %(date)s") % {
            "commune": self.commune.name,
            "date": date,
        }

    def get_absolute_url(self) -> str:
        return reverse("awards:proposal_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status != ProposalStatus.SUBMITTED

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.commune_id and self.commune.level != AreaLevel.COMMUNE:
            errors["commune"] = _("Choose a commune, ward or special zone.")
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                errors["period_end"] = _("The end must not be before the start.")
            elif self.period_end > timezone.localdate():
                errors["period_end"] = _("The achievements cannot end in the future.")
        if self.proposed_issuer == Issuer.OTHER:
            errors["proposed_issuer"] = _("Choose who is asked to commend.")
        if self.proposed_form == AwardForm.OTHER:
            errors["proposed_form"] = _("Choose the form of commendation proposed.")
        if errors:
            raise ValidationError(errors)


@track_history()
class ProposalRecipient(RecipientMixin):
    """One team, the commune's police, or one member named in a proposal."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="recipients", editable=False
    )

    objects = ScopedManager()
    scope_lookup = "proposal__commune"

    class Meta:
        verbose_name = _("proposed recipient")
        verbose_name_plural = _("proposed recipients")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "model"], name="proposal_recipient_model_once"
            ),
            models.UniqueConstraint(
                fields=["proposal", "person"], name="proposal_recipient_person_once"
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(recipient_kind=RecipientKind.COMMUNE_POLICE),
                name="proposal_recipient_police_once",
            ),
            models.CheckConstraint(
                condition=Q(recipient_kind__in=["model", "commune_police", "person"]),
                name="proposal_recipient_kind",
            ),
        ]

    def __str__(self) -> str:
        if self.model_id:
            return str(self.model)
        if self.person_id:
            return str(self.person)
        return str(_("Police of %(unit)s") % {"unit": self.proposal.commune.name})
