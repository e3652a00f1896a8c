"""The users of one's unit (tài khoản thuộc đơn vị), for province staff and administrators:
a new account (with a temporary password), a temporary password for a user who forgot theirs, and (administrators) a reset of a user's
two-factor sign-in. Mounted under ``users/``, apart from ``accounts/`` (the user's own
pages): these act on other users, read through the one scoping mechanism (``ManagedUser``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView
from django.views.generic.edit import FormMixin

from accounts import services, two_factor
from accounts.filters import ManagedUserFilterSet
from accounts.forms import ManagedUserCreateForm
from accounts.models import TEMPORARY_PASSWORD_SET, TWO_FACTOR_RESET, ManagedUser
from accounts.roles import Role
from areas.base.columns import Column
from areas.base.history import history_of
from areas.base.views import ScopedListView, ScopedViewMixin

# The temporary password just set, shown once on the user's page and then forgotten.
TEMPORARY_PASSWORD_SESSION_KEY = "temporary_password"
HISTORY_ACTIONS = {
    TEMPORARY_PASSWORD_SET: gettext_lazy("temporary password set"),
    TWO_FACTOR_RESET: gettext_lazy("two-factor sign-in reset"),
}


class ManagedUsersMixin(ScopedViewMixin):
    """The users inside the actor's unit; for anyone but an administrator, never an
    administrator (nor a superuser or admin-site staff), and never oneself (one's own
    password is changed on one's own page)."""

    model = ManagedUser
    permission_required = "accounts.view_manageduser"

    def get_queryset(self):
        actor = self.request.user
        users = super().get_queryset().exclude(pk=actor.pk)
        if actor.role != Role.ADMINISTRATOR:
            users = users.exclude(role=Role.ADMINISTRATOR).exclude(is_superuser=True)
            users = users.exclude(is_staff=True)
        return users.select_related("scope_unit")


class ManagedUserListView(ManagedUsersMixin, ScopedListView):
    filterset_class = ManagedUserFilterSet
    create_url = "users:create"
    title = gettext_lazy("Users of the unit")
    export_name = "nguoi-dung"
    columns = [
        Column(gettext_lazy("User name"), "username", link=True),
        Column(gettext_lazy("Full name"), "get_full_name"),
        Column(gettext_lazy("Role"), "role"),
        Column(gettext_lazy("Unit"), "scope_unit.name"),
        Column(gettext_lazy("Active"), "is_active"),
    ]

    def get_queryset(self):
        # The province's own users first, then the communes in Vietnamese order.
        return (
            super()
            .get_queryset()
            .order_by("scope_unit__level", "scope_unit__sort_name", "username")
        )


@method_decorator(never_cache, name="dispatch")
class ManagedUserDetailView(ManagedUsersMixin, DetailView):
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_context_data(self, **kwargs):
        account = self.object
        shown = self.request.session.pop(TEMPORARY_PASSWORD_SESSION_KEY, None)
        password = shown["password"] if shown and shown.get("user") == account.pk else None
        return super().get_context_data(
            temporary_password=password,
            has_two_factor=two_factor.has_two_factor(account),
            can_set_password=self.request.user.has_perm("accounts.set_temporary_password"),
            can_reset_two_factor=self.request.user.has_perm("accounts.reset_two_factor"),
            can_lock=self.request.user.has_perm("accounts.change_manageduser"),
            history=history_of(services.as_user(account), actions=HISTORY_ACTIONS),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class ManagedUserCreateView(ScopedViewMixin, FormView):
    """Province staff (and administrators) add an account of their unit: a commune officer,
    a secretary or province staff, with a temporary password shown once on its page."""

    model = ManagedUser
    permission_required = "accounts.add_manageduser"
    form_class = ManagedUserCreateForm
    template_name = "accounts/user_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New account"), **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            account = form.save(commit=False)
            account.set_unusable_password()
            account.save()
            password = services.set_temporary_password(user=account)
        self.request.session[TEMPORARY_PASSWORD_SESSION_KEY] = {
            "user": account.pk,
            "password": password,
        }
        messages.success(self.request, _("The account was created."))
        return HttpResponseRedirect(reverse("users:detail", args=[account.pk]))


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button confirms."""


class AccountActionView(ManagedUsersMixin, FormMixin, DetailView):
    """GET asks to confirm; POST does it, once, and goes back to the user's page. Each action
    says what it does in its ``act(account)``."""

    template_name = "accounts/user_confirm.html"
    context_object_name = "account"
    form_class = ConfirmForm
    question = ""
    button = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(question=self.question, button=self.button, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.act(self.object)
        return HttpResponseRedirect(self.object.get_absolute_url())


class SetTemporaryPasswordView(AccountActionView):
    permission_required = "accounts.set_temporary_password"
    question = gettext_lazy(
        "Set a temporary password for this user? Their current password stops working "
        "and they are signed out everywhere; at their next sign-in they must choose a new one."
    )
    button = gettext_lazy("Set a temporary password")

    def act(self, account) -> None:
        password = services.set_temporary_password(user=account)
        self.request.session[TEMPORARY_PASSWORD_SESSION_KEY] = {
            "user": account.pk,
            "password": password,
        }


class DeactivateAccountView(AccountActionView):
    """An officer transferred or retired: the account no longer signs in, its sessions and API
    token stop working at once; its records and history stay. Undone by reactivating."""

    permission_required = "accounts.change_manageduser"
    question = gettext_lazy(
        "Lock this account (a user transferred or retired)? It can no longer sign in; its "
        "open sessions and API token stop working at once. What it recorded stays."
    )
    button = gettext_lazy("Lock the account")

    def act(self, account) -> None:
        services.set_active(user=account, active=False)
        messages.success(self.request, _("The account was locked."))


class ReactivateAccountView(AccountActionView):
    permission_required = "accounts.change_manageduser"
    question = gettext_lazy("Unlock this account? It can sign in again with its password.")
    button = gettext_lazy("Unlock the account")

    def act(self, account) -> None:
        services.set_active(user=account, active=True)
        messages.success(self.request, _("The account was unlocked."))


class ResetTwoFactorView(AccountActionView):
    permission_required = "accounts.reset_two_factor"
    question = gettext_lazy(
        "Reset this user's two-factor sign-in (a lost or changed phone)? Their authenticator "
        "app and recovery codes stop working; they set it up again at their next sign-in."
    )
    button = gettext_lazy("Reset two-factor sign-in")

    def act(self, account) -> None:
        services.reset_two_factor(user=account)
        messages.success(self.request, _("Two-factor sign-in was reset for this user."))
