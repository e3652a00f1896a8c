from django.contrib import admin

from areas.base.admin import CatalogueAdmin, ScopedAdmin
from models_registry.models import Camera, GrassrootsModel, Membership, ModelType, Person


@admin.register(ModelType)
class ModelTypeAdmin(CatalogueAdmin):
    list_display = [
        "name",
        "category",
        "is_statutory",
        "rating_scale",
        "rating_year",
        "is_active",
        "sort_order",
    ]
    list_filter = ["category", "is_active"]


@admin.register(GrassrootsModel)
class GrassrootsModelAdmin(ScopedAdmin):
    list_display = ["name", "model_type", "commune", "status", "established_on"]
    list_filter = ["status", "model_type"]
    search_fields = ["name"]
    raw_id_fields = ["commune", "villages"]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["full_name", "birth_year", "commune"]
    search_fields = ["full_name", "phone"]
    raw_id_fields = ["commune", "village"]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["person", "model", "role", "joined_on", "left_on"]
    raw_id_fields = ["person", "model"]


@admin.register(Camera)
class CameraAdmin(ScopedAdmin):
    list_display = ["code", "place", "model", "kind", "funding", "status"]
    raw_id_fields = ["model", "village"]
