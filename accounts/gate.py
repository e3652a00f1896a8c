"""The steps of signing in after the password, held on every page of a signed-in session.

In order: a user with an authenticator app gives a code from it (or a recovery code); a user
for whom two-factor sign-in is required and who has none sets it up; a user with a temporary
password replaces it. Until then any other page — the admin site included — sends them to
that step (an API call with the session answers 403 in JSON). API calls with a token are
not sessions and pass: a token is issued to a signed-in user and dies with a password reset
only if they issue a new one, so scripts keep working (the reset is for people).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import two_factor

# Set at sign-in: whether the user had an authenticator app then (so that a page costs no
# query to know it).
HAS_APP_SESSION_KEY = "signin_has_app"


@receiver(user_logged_in, dispatch_uid="accounts.gate.note_app")
def note_app(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[HAS_APP_SESSION_KEY] = two_factor.has_two_factor(user)


def pending_step(request) -> str | None:
    """The URL name of the step the request's session must take next, or None."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    verified = user.is_verified() if hasattr(user, "is_verified") else False
    if not verified:
        if request.session.get(HAS_APP_SESSION_KEY):
            return "accounts:otp_verify"
        if two_factor.is_required_for(user):
            return "accounts:otp_setup"
    if user.must_change_password:
        return "accounts:password_change"
    return None


# Pages open at every step: signing out, and the language switch.
ALWAYS_OPEN = ("accounts:logout", "set_language")
# Pages open at a step besides the step itself.
ALSO_OPEN = {
    "accounts:otp_setup": ("accounts:otp_recovery_codes",),
    "accounts:password_change": ("accounts:password_change_done", "accounts:otp_recovery_codes"),
}


class SignInGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = pending_step(request)
        if step is None or self._is_open(request, step):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Finish signing in on the portal's pages first.")}, status=403
            )
        target = reverse(step)
        following = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(
            following, allowed_hosts={request.get_host()}
        ):
            target += "?" + urlencode({"next": following}) if following != "/" else ""
        return redirect(target)

    @staticmethod
    def _is_open(request, step: str) -> bool:
        static = request.path.startswith(("/static/", "/favicon"))
        paths = {reverse(name) for name in (step, *ALWAYS_OPEN, *ALSO_OPEN.get(step, ()))}
        return static or request.path in paths
