from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView
from rest_framework.authtoken.models import Token

from accounts import notifications, two_factor
from accounts.filters import NotificationFilterSet
from accounts.forms import EmailChoicesForm, LoginForm
from accounts.models import Notification, NotificationPreference
from areas.base.columns import Column
from areas.base.views import ScopedListView, ScopedViewMixin


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
            form.user.temporary_password_expires_at = None
            form.user.save(update_fields=["must_change_password", "temporary_password_expires_at"])
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
        form.user.temporary_password_expires_at = None
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


# --- notifications ------------------------------------------------------------------------


class NotificationListView(ScopedListView):
    """The user's notifications, newest first; POST marks them all read."""

    model = Notification
    permission_required = "accounts.view_notification"
    filterset_class = NotificationFilterSet
    template_name = "accounts/notification_list.html"
    paginate_by = 20
    title = gettext_lazy("Notifications")
    export_name = "thong-bao"
    columns = [
        Column(gettext_lazy("Time"), "created_at"),
        Column(gettext_lazy("Notification"), "title", link=True),
        Column(gettext_lazy("Read at"), "read_at"),
    ]

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "-pk")

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("accounts.change_notification"):
            raise PermissionDenied
        count = self.get_queryset().filter(read_at__isnull=True).update(read_at=timezone.now())
        if count:
            messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications:list")


class NotificationDetailView(ScopedViewMixin, DetailView):
    """One notification; opening it marks it read."""

    model = Notification
    permission_required = "accounts.view_notification"
    template_name = "accounts/notification_detail.html"

    def get_object(self, queryset=None):
        note = super().get_object(queryset)
        if note.read_at is None and self.request.user.has_perm("accounts.change_notification"):
            note.read_at = timezone.now()
            Notification.objects.for_user(self.request.user).filter(
                pk=note.pk, read_at__isnull=True
            ).update(read_at=note.read_at)
        return note


class NotificationSettingsView(ScopedViewMixin, FormView):
    """Which kinds of notification also come by e-mail."""

    model = NotificationPreference
    permission_required = "accounts.change_notificationpreference"
    form_class = EmailChoicesForm
    template_name = "accounts/notification_settings.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(email_configured=notifications.email_configured(), **kwargs)

    def form_valid(self, form):
        changed = notifications.save_email_choices(
            user=self.request.user, choices=form.cleaned_data
        )
        if changed:
            messages.success(self.request, _("Saved."))
        else:
            messages.info(self.request, _("Nothing to save: nothing was changed."))
        return redirect("notifications:settings")
