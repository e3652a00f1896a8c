"""Bases for HTML views: login, role permission and the one scoping mechanism."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from accounts.forms import ScopedFormMixin


class ScopedViewMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Reads ``model`` only through ``for_user``: an object outside the user's unit is a 404.

    Subclasses set ``model`` and ``permission_required``; forms get the user so their choice
    lists are scoped too (see ``accounts.forms.ScopedFormMixin``).
    """

    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            # Authenticated but the role lacks the permission: 403, not a login loop.
            self.raise_exception = True
        return super().handle_no_permission()

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), ScopedFormMixin):
            kwargs["user"] = self.request.user
        return kwargs


class SoftDeleteViewMixin:
    """POST hides the object (soft delete, recorded in its history); GET asks to confirm."""

    success_message = ""

    def form_valid(self, form):
        self.object.soft_delete()
        messages.success(self.request, self.success_message or _("Deleted."))
        return HttpResponseRedirect(self.get_success_url())
