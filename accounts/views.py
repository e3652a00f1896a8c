from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rest_framework.authtoken.models import Token

from accounts import two_factor
from accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(reset_by_email=bool(settings.EMAIL_HOST), **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page; a new password ends the temporary one's "must change" flag."""

    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.user.must_change_password:
            form.user.must_change_password = False
            form.user.save(update_fields=["must_change_password"])
        return response


class EmailResetMixin:
    """The reset link by e-mail exists only where a mail server is configured."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.EMAIL_HOST:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(EmailResetMixin, auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(EmailResetMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(EmailResetMixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # The user chose this password themselves: a temporary one is replaced.
        form.user.must_change_password = False
        return super().form_valid(form)


class PasswordResetCompleteView(EmailResetMixin, auth_views.PasswordResetCompleteView):
    pass


class ProfileView(LoginRequiredMixin, TemplateView):
    """The user's own page: role, scope, two-factor sign-in, and the API token for scripts
    and apps."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["token"] = Token.objects.filter(user=user).first()
        context["has_two_factor"] = two_factor.has_two_factor(user)
        context["two_factor_required"] = two_factor.is_required_for(user)
        context["recovery_codes_left"] = two_factor.remaining_recovery_codes(user)
        return context

    def post(self, request, *args, **kwargs):
        Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
        messages.success(request, _("A new API token was issued; the old one no longer works."))
        return redirect("accounts:profile")
