"""Admin bases: owned rows through the one scoping mechanism, deleted ones included; nothing is
deleted from the admin (domain rows are soft-deleted through the portal)."""

from django.contrib import admin


class ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return self.model.all_objects.for_user(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class CatalogueAdmin(admin.ModelAdmin):
    """A national catalogue: the same for everyone; entries are retired, not deleted."""

    list_display = ["name", "is_active", "sort_order"]
    list_filter = ["is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False
