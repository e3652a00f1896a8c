from django.contrib import admin

from areas.base.admin import ScopedAdmin
from areas.models import Area


@admin.register(Area)
class AreaAdmin(ScopedAdmin):
    list_display = ["name", "code", "kind", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "short_name", "code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "level"]
    exclude = ["successors"]
