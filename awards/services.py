"""Writes that touch several rows: a proposal with its recipients, and its decision."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import NotificationKind
from accounts.notifications import notify
from awards.models import Award, Proposal, ProposalRecipient, ProposalStatus, RecipientKind


def _recipients(models, persons, commune_police: bool) -> list[ProposalRecipient]:
    # A team or member named twice (an API client's repeat) is one recipient.
    models, persons = list(dict.fromkeys(models)), list(dict.fromkeys(persons))
    recipients = [ProposalRecipient(recipient_kind=RecipientKind.MODEL, model=m) for m in models]
    if commune_police:
        recipients.append(ProposalRecipient(recipient_kind=RecipientKind.COMMUNE_POLICE))
    recipients += [
        ProposalRecipient(recipient_kind=RecipientKind.PERSON, person=p) for p in persons
    ]
    return recipients


def recipient_errors(
    *, commune_id: int | None, models=(), persons=(), commune_police: bool = False
) -> dict[str, list[str]]:
    """What is wrong with the recipients of a proposal of ``commune_id``: none named, or one
    of another commune. Also run on a form with other errors, so all come back at once."""
    recipients = _recipients(models, persons, commune_police)
    if not recipients:
        return {"models": [_("Name at least one team, the police or a member.")]}
    errors: dict[str, list[str]] = {}
    for recipient in recipients:
        for field, message in recipient.recipient_errors(commune_id).items():
            errors.setdefault("models" if field == "model" else "persons", []).append(message)
    return errors


@transaction.atomic
def submit_proposal(
    *,
    user,
    proposal: Proposal,
    models=(),
    persons=(),
    commune_police: bool = False,
) -> Proposal:
    """Save a new proposal and its recipients (teams, the commune's police, members), all of
    the proposal's commune, or nothing."""
    if proposal.pk is not None:
        raise ValidationError(_("A proposal is submitted once."))
    proposal.proposed_by = user
    proposal.status = ProposalStatus.SUBMITTED
    errors = recipient_errors(
        commune_id=proposal.commune_id,
        models=models,
        persons=persons,
        commune_police=commune_police,
    )
    try:
        proposal.full_clean(exclude=["proposed_by"])
    except ValidationError as err:
        for field, messages in err.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    recipients = _recipients(models, persons, commune_police)
    proposal.save()
    for recipient in recipients:
        recipient.proposal = proposal
    ProposalRecipient.objects.bulk_create(recipients)
    return proposal


def _claim_undecided(proposal: Proposal) -> Proposal:
    """The proposal, locked until the transaction ends; refused if already decided."""
    locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    if locked.is_decided:
        raise ValidationError(
            _("This proposal was already decided (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _decision_awards(*, user, proposal: Proposal, **decision) -> list[Award]:
    return [
        Award(
            unit_id=proposal.commune_id,
            recipient_kind=recipient.recipient_kind,
            model=recipient.model,
            person=recipient.person,
            reason=proposal.reason,
            proposal=proposal,
            created_by=user,
            **decision,
        )
        for recipient in proposal.recipients.select_related("model", "person")
    ]


def approval_errors(
    *, user, proposal: Proposal, form, issuer, decision_number, decision_date
) -> dict[str, list[str]]:
    """Every rule the decision breaks for any of the proposal's recipients (the award rules,
    a recipient deactivated since the proposal), each message once. Values the form could not
    read are ``None``: the rules that need them say nothing."""
    awards = _decision_awards(
        user=user,
        proposal=proposal,
        form=form or "",
        issuer=issuer or "",
        decision_number=decision_number or "",
        decision_date=decision_date,
    )
    return _award_errors(awards)


def _award_errors(awards: list[Award]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        if message not in errors.setdefault(field, []):
            errors[field].append(message)

    for award in awards:
        named = award.model or award.person
        if named is not None and named.is_deleted:
            add(
                NON_FIELD_ERRORS,
                _("%(name)s has been deactivated since the proposal: return the proposal.")
                % {"name": named},
            )
        try:
            award.full_clean(exclude=["proposal", "created_by"])
        except ValidationError as err:
            for field, messages in err.message_dict.items():
                for message in messages:
                    add(field, message)
    return errors


@transaction.atomic
def approve_proposal(
    *,
    user,
    proposal: Proposal,
    form: str,
    issuer: str,
    decision_number: str,
    decision_date: datetime.date,
    comment: str = "",
) -> list[Award]:
    """Approve a proposal with the decision that commends its recipients: one award for each
    recipient, every award checked by the award rules, all saved or none."""
    proposal = _claim_undecided(proposal)
    decision = {
        "form": form,
        "issuer": issuer,
        "decision_number": decision_number,
        "decision_date": decision_date,
    }
    awards = _decision_awards(user=user, proposal=proposal, **decision)
    errors = _award_errors(awards)
    if errors:
        raise ValidationError(errors)
    Award.objects.bulk_create(awards)
    proposal.status = ProposalStatus.APPROVED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decision_comment = comment
    proposal.save(
        update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"]
    )
    with translation.override(settings.LANGUAGE_CODE):
        decided = _("Decision %(number)s of %(date)s.") % {
            "number": decision_number,
            "date": formats.date_format(decision_date, "SHORT_DATE_FORMAT"),
        }
    _tell_proposer(proposal, "approved", "\n".join(filter(None, [decided, comment.strip()])))
    return awards


@transaction.atomic
def return_proposal(*, user, proposal: Proposal, comment: str) -> Proposal:
    """Return a proposal to its commune with the reason; it stays in the records, decided."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say why the proposal is returned.")})
    proposal = _claim_undecided(proposal)
    proposal.status = ProposalStatus.RETURNED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decision_comment = comment.strip()
    proposal.save(
        update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"]
    )
    _tell_proposer(proposal, "returned", proposal.decision_comment)
    return proposal


def _tell_proposer(proposal: Proposal, decision: str, body: str) -> None:
    """The proposer learns the decision (a proposal is decided once)."""
    with translation.override(settings.LANGUAGE_CODE):
        date = formats.date_format(timezone.localtime(proposal.created_at), "SHORT_DATE_FORMAT")
    notify(
        kind=NotificationKind.PROPOSAL_DECIDED,
        variant=decision,
        recipients=[proposal.proposed_by],
        link=proposal.get_absolute_url(),
        params={"commune": proposal.commune.name, "date": date},
        body=body,
        event=f"proposal:{proposal.pk}",
    )
