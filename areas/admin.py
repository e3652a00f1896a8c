from django.contrib import admin

from areas.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "short_name", "code"]
    raw_id_fields = ["parent"]
    filter_horizontal = []
    readonly_fields = ["path", "level"]
    exclude = ["successors"]

    def get_queryset(self, request):
        # Administrators see every unit they are scoped to, deleted ones included.
        return Area.all_objects.for_user(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # domain rows are soft-deleted through the portal
