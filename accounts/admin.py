from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin; a password an administrator sets for someone else — a new user's
    first one, or a new one — is a temporary password, as one province staff set
    (``services.mark_temporary``): changed at the next sign-in, valid for a few days."""

    list_display = ["username", "first_name", "last_name", "role", "scope_unit", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    autocomplete_fields = ["scope_unit"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "scope_unit", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "scope_unit", "phone")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            services.mark_temporary(obj)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        changed = (
            request.method == "POST"
            and response.status_code == 302
            and response.url != request.get_full_path()  # not "conflicting data, try again"
        )
        if changed and str(request.user.pk) != str(unquote(id)):
            user = User.objects.get(pk=unquote(id))
            if user.has_usable_password():
                services.mark_temporary(user)
        return response
