"""The user's own two-factor pages: the code after the password, setting up the app, the
recovery codes shown once, turning it off (where not required). See accounts.two_factor."""

from __future__ import annotations

from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, View

from accounts import two_factor
from accounts.gate import HAS_APP_SESSION_KEY
from areas.base.forms import PlainTextMixin

# The recovery codes just made, shown once on the next page and then forgotten.
NEW_CODES_SESSION_KEY = "otp_new_recovery_codes"


class CodeForm(PlainTextMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "autofocus": True,
            }
        ),
    )


def _next_url(request, default: str = "home") -> str:
    following = request.POST.get("next") or request.GET.get("next") or ""
    if following and url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return following
    return reverse(default)


@method_decorator(never_cache, name="dispatch")
class OtpVerifyView(LoginRequiredMixin, FormView):
    """After the password: a code from the app, or a recovery code (then used up)."""

    template_name = "accounts/otp_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            if user.is_verified():
                return HttpResponseRedirect(_next_url(request))
            if not two_factor.has_two_factor(user):
                # Reset by an administrator meanwhile: nothing to verify against.
                request.session[HAS_APP_SESSION_KEY] = False
                return HttpResponseRedirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request), **kwargs)

    def post(self, request, *args, **kwargs):
        credentials = {"username": request.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            logout(request)
            return get_lockout_response(request, credentials=credentials)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        request = self.request
        user = request.user
        device = two_factor.verify(user, form.cleaned_data["code"])
        if device is None:
            credentials = {"username": user.get_username()}
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return get_lockout_response(request, credentials=credentials)
            form.add_error(
                "code",
                _(
                    "This code is wrong or has expired. Type the 6 digits the app shows now, "
                    "or one of your recovery codes."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=422)
        django_otp.login(request, device)
        if device.name == two_factor.RECOVERY_DEVICE:
            left = two_factor.remaining_recovery_codes(user)
            messages.warning(
                request,
                _(
                    "You signed in with a recovery code; it cannot be used again. "
                    "%(left)s codes are left."
                )
                % {"left": left},
            )
        return HttpResponseRedirect(_next_url(request))


@method_decorator(never_cache, name="dispatch")
class OtpSetupView(LoginRequiredMixin, FormView):
    """Set up the authenticator app: scan the QR code (or type the secret), give a code."""

    template_name = "accounts/otp_setup.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and two_factor.has_two_factor(user) and not user.is_verified():
            # An app already set up is changed only after signing in with it.
            return redirect("accounts:otp_verify")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = two_factor.pending_app(self.request.user)
        return super().get_context_data(
            qr_svg=two_factor.qr_svg(device),
            secret=two_factor.secret_text(device),
            required=two_factor.is_required_for(self.request.user),
            replacing=two_factor.has_two_factor(self.request.user),
            next=_next_url(self.request),
            **kwargs,
        )

    def form_valid(self, form):
        request = self.request
        device = two_factor.pending_app(request.user)
        codes = two_factor.confirm_app(
            user=request.user, device=device, code=form.cleaned_data["code"]
        )
        if codes is None:
            form.add_error(
                "code",
                _("This code is wrong. Type the 6 digits the app shows now for this portal."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=422)
        device.refresh_from_db()
        django_otp.login(request, device)
        request.session[HAS_APP_SESSION_KEY] = True
        request.session[NEW_CODES_SESSION_KEY] = codes
        messages.success(request, _("Two-factor sign-in is on."))
        codes_page = reverse("accounts:otp_recovery_codes")
        return HttpResponseRedirect(f"{codes_page}?{urlencode({'next': _next_url(request)})}")


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(LoginRequiredMixin, TemplateView):
    """The recovery codes just made, once; POST makes ten new ones (the old ones stop
    working)."""

    template_name = "accounts/otp_recovery_codes.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            return redirect("accounts:otp_setup")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        codes = self.request.session.pop(NEW_CODES_SESSION_KEY, None)
        return super().get_context_data(
            codes=codes,
            next=_next_url(self.request),
            left=two_factor.remaining_recovery_codes(self.request.user),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not two_factor.has_two_factor(request.user):
            return redirect("accounts:otp_setup")
        request.session[NEW_CODES_SESSION_KEY] = two_factor.new_recovery_codes(request.user)
        return redirect("accounts:otp_recovery_codes")


class OtpDisableView(LoginRequiredMixin, View):
    """Turn two-factor sign-in off: only where it is not required."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if two_factor.is_required_for(request.user):
            messages.error(request, _("Two-factor sign-in is required for your role."))
            return redirect("accounts:profile")
        two_factor.remove_all(request.user)
        request.session[HAS_APP_SESSION_KEY] = False
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:profile")
