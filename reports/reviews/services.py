"""Writes of the review reports: drafting a report, issuing a version, attaching its signed
copy, and the scheduled drafts. Views, tasks and commands call these; nothing else writes the rows. The rendering job
is in ``jobs``."""

from __future__ import annotations

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from areas.models import Area, AreaLevel
from awards.models import Award, RecipientType, recipient_type_q
from patrols.models import Incident, Shift
from reports.reviews import checks, signatures
from reports.reviews.drafting import draft_defaults, scheduled_period
from reports.reviews.models import (
    ConferredAward,
    RenderStatus,
    ReportVersion,
    ReviewReport,
    SignedCopy,
)
from reports.reviews.wording import HEADER_MAX_LINES
from reports.statistics import Period


class ReviewError(Exception):
    """An action on a review report that cannot be done; its message is shown on the page."""


@transaction.atomic
def create_report(
    *,
    user,
    kind: str,
    unit,
    period: Period,
    model=None,
    model_type=None,
    scheduled: bool = False,
    **overrides,
) -> ReviewReport:
    values = draft_defaults(kind, unit, period, model, model_type)
    values.update({k: v for k, v in overrides.items() if v not in (None, "")})
    report = ReviewReport(**values, created_by=user, scheduled=scheduled)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def restore_generated_part(*, report: ReviewReport, key: str) -> None:
    """Section II's part ``key`` prints the text generated from the figures again."""
    _unchanged(report)
    edits = dict(report.results_edits or {})
    if edits.pop(key, None) is not None:
        report.results_edits = edits
        report.save(update_fields=["results_edits", "updated_at"])


def issue_problems(version: ReportVersion) -> list[str]:
    """Why ``version`` cannot be issued yet, in the secretary's words; none when it can.
    Read from what the version printed: a missing number, date or signer, or a prompt left,
    is fixed on the report and rendered again; a number of rewritten text that is not among
    the figures is confirmed on the issuing page."""
    if version.status != RenderStatus.READY or not version.snapshot:
        return [_("Only a ready version can be issued.")]
    found = checks.of_document(version.snapshot)
    problems = []
    if not found["numbered"]:
        problems.append(_("The document has no number: fill it in on the report, then render."))
    if not found["dated"]:
        problems.append(_("The document has no date: fill it in on the report, then render."))
    if not found["signed"]:
        problems.append(_("The signer's name is missing: fill it in on the report, then render."))
    if found.get("header_lines", 0) > HEADER_MAX_LINES:
        problems.append(
            _(
                "The issuing body takes more than %(n)d lines in the header: shorten it on "
                "the report, then render."
            )
            % {"n": HEADER_MAX_LINES}
        )
    if found["prompts"]:
        problems.append(
            ngettext(
                "%(n)d bracketed prompt is left in the text (%(first)s): replace it, then render.",
                "%(n)d bracketed prompts are left in the text (%(first)s …): replace them, "
                "then render.",
                len(found["prompts"]),
            )
            % {"n": len(found["prompts"]), "first": found["prompts"][0]}
        )
    unconfirmed = unconfirmed_numbers(version)
    if unconfirmed:
        problems.append(
            ngettext(
                "%(n)d number of the rewritten text is not among the figures and is not confirmed.",
                "%(n)d numbers of the rewritten text are not among the figures and are not "
                "confirmed.",
                len(unconfirmed),
            )
            % {"n": len(unconfirmed)}
        )
    return problems


def unconfirmed_numbers(version: ReportVersion) -> list[dict]:
    confirmed = set(version.confirmed_numbers or [])
    found = checks.of_document(version.snapshot)["numbers"] if version.snapshot else []
    return [n for n in found if n["key"] not in confirmed]


@transaction.atomic
def confirm_numbers(*, version: ReportVersion, keys: list[str]) -> int:
    """The secretary confirms numbers of rewritten text that are not among the figures (they
    stand behind them); returns how many were newly confirmed."""
    version = ReportVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if version.is_issued:
        raise ReviewError(_("This report has been issued; it can no longer be changed."))
    flagged = {n["key"] for n in checks.of_document(version.snapshot or {})["numbers"]}
    confirmed = set(version.confirmed_numbers or [])
    new = (set(keys) & flagged) - confirmed
    if new:
        version.confirmed_numbers = sorted(confirmed | new)
        version.save(update_fields=["confirmed_numbers", "updated_at"])
    return len(new)


@transaction.atomic
def issue_version(*, version: ReportVersion, user) -> ReportVersion:
    """Ban hành: the version becomes the report as sent out and never changes again. Refused
    while anything of ``issue_problems`` is left."""
    version = ReportVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if version.report.is_issued:
        raise ReviewError(_("This report already has an issued version."))
    problems = issue_problems(version)
    if problems:
        raise ReviewError(" ".join(problems))
    version.issued_at = timezone.now()
    version.issued_by = user
    version.save(update_fields=["issued_at", "issued_by", "updated_at"])
    return version


@transaction.atomic
def attach_signed_copy(
    *, version: ReportVersion, user, content: bytes, name: str = ""
) -> SignedCopy:
    """File the signed copy of an issued version: the PDF ``content`` (checked by the form or
    serializer: a PDF that parses, within its size) with what its digital signatures say. A
    copy attached before is kept; the latest is the one shown. The version itself is not
    touched (it is final)."""
    version = ReportVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if not version.is_issued:
        raise ReviewError(_("A signed copy can be attached to the issued version only."))
    reading = signatures.read_signatures(content)
    copy = SignedCopy(
        version=version,
        original_name=name[:200],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        reading=reading.kind,
        signatures=reading.signatures,
        uploaded_by=user,
    )
    # Saved with its file in one step: the row is inserted once, with its final values (the
    # row's trigger refuses any later change to them). Should the transaction fail, the
    # stored file stays unreferenced, as a rendering's would.
    copy.file.save("signed.pdf", ContentFile(content), save=False)
    copy.save()
    return copy


def draft_scheduled_reports(today: datetime.date) -> list[ReviewReport]:
    """Draft the due review for every province and commune that had activity in the period
    (a shift or an incident logged); none for a unit without. Running it again drafts nothing
    new (one scheduled draft per unit, kind and period)."""
    due = scheduled_period(today)
    if due is None:
        return []
    kind, period = due
    country = Area.objects.get(level=AreaLevel.COUNTRY)
    # The schedule acts for the whole country: it reads through the scoping mechanism at the
    # country's unit, like a national user would.
    active = set(
        Shift.objects.in_unit(country)
        .filter(day__range=(period.start, period.end))
        .values_list("commune_id", flat=True)
        .distinct()
    ) | set(
        Incident.objects.in_unit(country)
        .filter(day__range=(period.start, period.end))
        .values_list("commune_id", flat=True)
        .distinct()
    )
    communes = list(Area.objects.filter(pk__in=active).select_related("parent"))
    provinces = {c.parent for c in communes if c.parent and c.parent.level == AreaLevel.PROVINCE}
    existing = set(
        ReviewReport.objects.filter(
            scheduled=True, kind=kind, period_start=period.start, period_end=period.end
        ).values_list("unit_id", flat=True)
    )
    drafted = []
    with transaction.atomic():
        for unit in sorted(provinces, key=lambda a: a.code) + sorted(
            communes, key=lambda a: a.code
        ):
            if unit.pk in existing:
                continue
            drafted.append(
                create_report(user=None, kind=kind, unit=unit, period=period, scheduled=True)
            )
    return drafted


# --- commendations conferred at the review ------------------------------------------------


def _decision_awards(report: ReviewReport, user, number: str, day: datetime.date):
    """The awards of one decision inside the report's unit, as ``user`` sees them."""
    return (
        Award.objects.for_user(user)
        .in_unit(report.unit)
        .filter(decision_number=number, decision_date=day)
    )


def _unchanged(report: ReviewReport) -> None:
    ReviewReport.objects.select_for_update(of=("self",)).filter(pk=report.pk).first()
    if report.is_issued:
        raise ReviewError(_("This report has been issued; it can no longer be changed."))


@transaction.atomic
def confer_decision(*, report: ReviewReport, user, number: str, day: datetime.date) -> int:
    """Record that the recipients of one decision (inside the report's unit) were commended at
    this review's conference; returns how many. An award is conferred at one review only."""
    _unchanged(report)
    awards = list(_decision_awards(report, user, number, day).exclude(_conferred_anywhere()))
    if not awards:
        raise ReviewError(_("No commendation of this decision is left to record at this review."))
    try:
        with transaction.atomic():
            ConferredAward.objects.bulk_create(
                [ConferredAward(report=report, award=award) for award in awards]
            )
    except IntegrityError as exc:  # another review took them at the same moment
        raise ReviewError(
            _("Some of these commendations were just recorded at another review.")
        ) from exc
    return len(awards)


@transaction.atomic
def withdraw_decision(*, report: ReviewReport, user, number: str, day: datetime.date) -> int:
    """Take one decision's recipients off this review's conference (recorded in history)."""
    _unchanged(report)
    links = ConferredAward.objects.for_user(user).filter(
        report=report, award__in=_decision_awards(report, user, number, day)
    )
    deleted, _counts = links.delete()
    return deleted


def conferred_decisions(report: ReviewReport, user) -> list[dict]:
    """The decisions conferred at this review, each with its collectives and individuals."""
    return _decisions(
        Award.objects.for_user(user).filter(
            pk__in=ConferredAward.objects.for_user(user).filter(report=report).values("award")
        )
    )


def decisions_to_confer(report: ReviewReport, user) -> list[dict]:
    """Decisions with recipients in the report's unit not yet conferred at any review, taken
    from the start of the report's period on (newest first)."""
    return _decisions(
        Award.objects.for_user(user)
        .in_unit(report.unit)
        .filter(decision_date__gte=report.period_start)
        .exclude(_conferred_anywhere())
    )


def _conferred_anywhere() -> Exists:
    """Whether an award was conferred at any review, the reader's or one above it: an award
    is conferred once, whoever looks."""
    return Exists(ConferredAward.objects.correlated().filter(award=OuterRef("pk")))


def _decisions(awards) -> list[dict]:
    rows = (
        awards.values("decision_number", "decision_date")
        .annotate(
            collective=Count("pk", filter=recipient_type_q(RecipientType.COLLECTIVE)),
            individual=Count("pk", filter=recipient_type_q(RecipientType.INDIVIDUAL)),
        )
        .order_by("-decision_date", "decision_number")
    )
    return [
        {
            "number": row["decision_number"],
            "day": row["decision_date"],
            "key": f"{row['decision_date'].isoformat()}|{row['decision_number']}",
            "collective": row["collective"],
            "individual": row["individual"],
        }
        for row in rows
    ]
