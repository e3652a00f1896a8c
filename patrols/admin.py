from django.contrib import admin

from areas.base.admin import CatalogueAdmin, ScopedAdmin
from patrols.models import Incident, IncidentCategory, Shift


@admin.register(IncidentCategory)
class IncidentCategoryAdmin(CatalogueAdmin):
    list_display = ["name", "code", "is_active", "sort_order"]


@admin.register(Shift)
class ShiftAdmin(ScopedAdmin):
    list_display = ["starts_at", "ends_at", "model", "commune", "turns"]
    raw_id_fields = ["model", "leader", "villages"]
    readonly_fields = ["turns"]


@admin.register(Incident)
class IncidentAdmin(ScopedAdmin):
    list_display = ["occurred_at", "category", "model", "outcome", "detected_by"]
    list_filter = ["category", "outcome", "detected_by"]
    raw_id_fields = ["model", "shift", "camera", "village", "solved_case"]
