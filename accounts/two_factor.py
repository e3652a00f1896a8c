"""Two-factor sign-in (xác thực hai lớp): an authenticator app's 6-digit code (django-otp's
TOTP device), or one of ten recovery codes (its static device), each good once.

Who must have it: province staff, secretaries and administrators, when ``OTP_REQUIRED`` is
on (by default when served for real); commune officers may turn it on. A failed code counts
twice: django-otp's throttle on the device (1 s, 2 s, 4 s … before the next try, kept across
sign-ins: signing in again with the password does not reset it) and django-axes' failure
count for the user name and address, the same count as a wrong password, so five failures
lock the account out for the cool-off time whichever step they were made at.
"""

from __future__ import annotations

import re
from base64 import b32encode
from xml.etree import ElementTree

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role

REQUIRED_ROLES = {Role.PROVINCE_STAFF, Role.SECRETARY, Role.ADMINISTRATOR}
RECOVERY_CODES = 10
APP_DEVICE = "app"
RECOVERY_DEVICE = "recovery"


def is_required_for(user) -> bool:
    """Whether ``user`` may not use the portal without two-factor sign-in."""
    return bool(settings.OTP_REQUIRED) and (user.role in REQUIRED_ROLES or user.is_superuser)


def has_two_factor(user) -> bool:
    """Whether ``user`` has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app(user) -> TOTPDevice:
    """The app being set up (a new secret, unconfirmed until a code from it is given)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=APP_DEVICE).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The app's set-up link as an inline SVG QR code (drawn here: no request leaves)."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=8,
        border=2,
    )
    root = image.get_image()
    root.set("role", "img")
    root.set("class", "otp-qr")
    # A fixed size in the viewBox only: the page scales it to the screen.
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    return ElementTree.tostring(root, encoding="unicode")


@transaction.atomic
def confirm_app(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app being set up with a code from it: it replaces any earlier app, and ten
    new recovery codes replace the old ones. Returns the codes (shown once), or None for a
    wrong code."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(normalized(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user)


def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return codes


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalized(code: str) -> str:
    """What the user typed, without spaces or dashes, in lower case (recovery codes)."""
    return re.sub(r"[\s-]", "", code or "").lower()


def verify(user, code: str):
    """The device that accepts ``code`` — the app for six digits, else a recovery code, which
    is then used up — or None. Each device's throttle counts a failure."""
    code = normalized(code)
    if not code:
        return None
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, kind) and device.verify_token(code):
                return device
    return None


@transaction.atomic
def remove_all(user) -> None:
    """The user's app and recovery codes, gone (turned off, or reset by an administrator)."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
