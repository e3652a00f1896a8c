"""What one user does to another's account: a temporary password, a reset of two-factor
sign-in. Each is one transaction and leaves a row in the user's history naming who did it
(the request's pghistory context) — never the password."""

from __future__ import annotations

import datetime
import secrets

import pghistory
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import two_factor
from accounts.models import TEMPORARY_PASSWORD_SET, TWO_FACTOR_RESET, User

# Letters and digits nobody confuses when reading them out over the phone (no 0/o, 1/l/i).
_READABLE = "abcdefghjkmnpqrstuvwxyz23456789"


def readable_password() -> str:
    """A temporary password such as ``k7mp-4xqe-9twn``: 12 random characters (about 59 bits),
    lower case, in three groups, easy to read out and type on a phone."""
    groups = ("".join(secrets.choice(_READABLE) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def as_user(user: User) -> User:
    """``user`` as a plain ``User`` (not the ``ManagedUser`` proxy the pages read it as):
    its history is recorded under ``User``."""
    if type(user) is User:
        return user
    return User(**{f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields})


@transaction.atomic
def set_temporary_password(*, user: User) -> str:
    """Give ``user`` a new password that they must change at their next sign-in; their other
    sessions end (the password hash changes); it signs in for ``TEMPORARY_PASSWORD_HOURS``
    only. Returns the password, to be shown once."""
    user = as_user(user)
    password = readable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    mark_temporary(user)
    return password


@transaction.atomic
def mark_temporary(user: User) -> None:
    """The password ``user`` has now was set by someone else (province staff here, an
    administrator in the admin site): it signs in for ``TEMPORARY_PASSWORD_HOURS``, and the
    user must choose their own at the next sign-in. Recorded in the user's history."""
    user = as_user(user)
    user.must_change_password = True
    user.temporary_password_expires_at = timezone.now() + datetime.timedelta(
        hours=settings.TEMPORARY_PASSWORD_HOURS
    )
    user.save(update_fields=["must_change_password", "temporary_password_expires_at"])
    pghistory.create_event(user, label=TEMPORARY_PASSWORD_SET)


@transaction.atomic
def reset_two_factor(*, user: User) -> None:
    """Remove ``user``'s authenticator app and recovery codes (a lost phone): they set it up
    again at their next sign-in where it is required."""
    user = as_user(user)
    two_factor.remove_all(user)
    pghistory.create_event(user, label=TWO_FACTOR_RESET)


@transaction.atomic
def set_active(*, user: User, active: bool) -> None:
    """Lock (``active=False``) or unlock an account. A locked user cannot sign in, and
    Django's backend and DRF's token check refuse their open sessions and token at once; the
    change is a row of the user's history."""
    user = as_user(user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
