"""Notifications: the one service every sender calls, ``notify``, and the e-mail that follows.

A sender in its own layer (a report's rendering job, a proposal's decision, the weekly
digest) calls ``notify(kind=…, recipients=…, link=…, params=…)``; the wording of each kind is
here, in one table, rendered in Vietnamese when the notification is made. Each recipient gets
one row under the bell of the top bar; the recipients who chose that kind by e-mail, and have
an address, also get a message — sent by a Celery task enqueued once the transaction commits
(inline without a broker), and only when the portal has a mail server (``EMAIL_HOST``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification, NotificationKind, NotificationPreference, User
from accounts.roles import Role
from areas.scoping import unscoped

log = logging.getLogger(__name__)

# The service writes rows of other users than the one acting (the proposer's, not the
# deciding staff's); the e-mail task reads its own row by id.
OWN_ROWS = "notifications are written for their recipients and sent by id"


@dataclass(frozen=True)
class Kind:
    """How one kind of notification is worded, who may get it, and whether it comes by e-mail
    until the user says otherwise. ``titles`` maps a variant ("" by default) to its wording,
    filled in with the sender's ``params``."""

    titles: dict
    email_by_default: bool
    permission: str = ""  # who may get it: the holders of this permission …
    roles: tuple = ()  # … or of one of these roles

    def is_for(self, user) -> bool:
        if self.permission:
            return user.has_perm(self.permission)
        return user.role in self.roles


KINDS: dict[str, Kind] = {
    # The requester watches the page while a PDF is made: the bell is enough, unless they ask.
    NotificationKind.REPORT_READY: Kind(
        {"": _("The PDF of “%(report)s” (version %(number)s) is ready.")},
        email_by_default=False,
        permission="reports.add_reportversion",
    ),
    NotificationKind.REPORT_FAILED: Kind(
        {"": _("The PDF of “%(report)s” (version %(number)s) could not be made.")},
        email_by_default=True,
        permission="reports.add_reportversion",
    ),
    NotificationKind.PROPOSAL_DECIDED: Kind(
        {
            "approved": _("Your commendation proposal of %(date)s for %(commune)s was approved."),
            "returned": _("Your commendation proposal of %(date)s for %(commune)s was returned."),
        },
        email_by_default=True,
        permission="awards.add_proposal",
    ),
    # Sent by the monthly sign-off when the province returns a commune's month.
    NotificationKind.MONTH_RETURNED: Kind(
        {"": _("The figures of %(month)s of %(commune)s were returned for correction.")},
        email_by_default=True,
        roles=(Role.COMMUNE_OFFICER,),
    ),
    NotificationKind.SILENT_UNITS: Kind(
        {
            "teams": _(
                "%(unit)s: %(teams)s patrol teams logged no shift in the last %(days)s days."
            ),
            "communes": _(
                "%(unit)s: %(communes)s communes and %(teams)s patrol teams logged no shift in the "
                "last %(days)s days."
            ),
        },
        email_by_default=True,
        roles=(Role.PROVINCE_STAFF,),
    ),
}


def title_of(kind: str, params: dict, variant: str = "") -> str:
    """The kind's wording, in the portal's language (Vietnamese), with ``params`` filled in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(KINDS[kind].titles[variant]) % params


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    link: str = "",
    params: dict | None = None,
    variant: str = "",
    body: str = "",
    event: str = "",
) -> list[Notification]:
    """Tell each of ``recipients`` (inactive users and repeats left out) of one event: a row
    under their bell, and an e-mail to those who chose this kind. ``event`` names the event
    ("proposal:12"): a recipient already told of it is not told again. Runs in the caller's
    transaction; the e-mails leave after it commits. Returns the notifications made."""
    title = title_of(kind, params or {}, variant)
    made = []
    with unscoped(OWN_ROWS), transaction.atomic():
        seen = set()
        for user in recipients:
            if user is None or not user.is_active or user.pk in seen:
                continue
            seen.add(user.pk)
            fields = {"kind": kind, "title": title[:300], "body": body, "link": link}
            if event:
                note, created = Notification.objects.get_or_create(
                    recipient=user, event=event, defaults=fields
                )
                if not created:
                    continue
            else:
                note = Notification.objects.create(recipient=user, **fields)
            made.append(note)
            if wants_email(user, kind):
                transaction.on_commit(partial(enqueue_email, note.pk))
    return made


def officers_of(commune) -> list[User]:
    """The active commune police officers of ``commune``: whom a notification to "the commune"
    goes to (a month returned by the sign-off)."""
    return list(User.objects.filter(role=Role.COMMUNE_OFFICER, scope_unit=commune, is_active=True))


# --- e-mail -------------------------------------------------------------------------------


def email_configured() -> bool:
    """Whether the portal has a mail server to send through."""
    return bool(settings.EMAIL_HOST)


def kinds_for(user) -> list[str]:
    """The kinds of notification ``user``'s role may get, in the table's order."""
    return [kind for kind, spec in KINDS.items() if spec.is_for(user)]


def email_choices(user) -> dict[str, bool]:
    """For each kind ``user`` may get: whether it comes by e-mail (their choice, or the
    default)."""
    with unscoped(OWN_ROWS):
        chosen = dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "by_email")
        )
    return {kind: chosen.get(kind, KINDS[kind].email_by_default) for kind in kinds_for(user)}


def wants_email(user, kind: str) -> bool:
    """Whether a notification of ``kind`` goes to ``user`` by e-mail now: a mail server, an
    address, and their choice."""
    if not (email_configured() and user.email and user.is_active):
        return False
    return email_choices(user).get(kind, False)


@transaction.atomic
def save_email_choices(*, user, choices: dict[str, bool]) -> int:
    """Keep ``user``'s choice for each kind they may get; returns how many changed."""
    current = email_choices(user)
    changed = 0
    with unscoped(OWN_ROWS):
        for kind, by_email in choices.items():
            if kind not in current or current[kind] == by_email:
                continue
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"by_email": by_email}
            )
            changed += 1
    return changed


def enqueue_email(notification_id: int) -> None:
    """Hand the e-mail to the workers (inline without a broker). A broker that is down loses
    only the e-mail: the notification is under the bell already."""
    from accounts.tasks import send_notification_email

    try:
        send_notification_email.delay(notification_id)
    except Exception:
        log.exception("Could not send the e-mail of notification %s", notification_id)


def absolute(path: str) -> str:
    return f"{settings.PORTAL_URL.rstrip('/')}{path}" if settings.PORTAL_URL and path else path


def email_message(note: Notification) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            "accounts/notification_email.txt",
            {
                "note": note,
                "link": absolute(note.link),
                "kind": note.get_kind_display(),
                "settings_link": absolute(reverse("notifications:settings")),
            },
        )
    return EmailMessage(subject=note.title, body=text, from_email=None, to=[note.recipient.email])


def send_email(notification_id: int) -> str:
    """Send one notification's e-mail, once: the row says when it was sent. Returns what
    happened ("sent", "already sent", "not wanted", "gone")."""
    with unscoped(OWN_ROWS), transaction.atomic():
        note = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if note is None:
            return "gone"
        if note.emailed_at is not None:
            return "already sent"
        # Checked again when sending: the user may have changed their mind or their address.
        if not wants_email(note.recipient, note.kind):
            return "not wanted"
        email_message(note).send()
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return "sent"
