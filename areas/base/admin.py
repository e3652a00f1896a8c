"""Admin bases: owned rows through the one scoping mechanism, deleted ones included; nothing is
deleted from the admin (domain rows are soft-deleted through the portal)."""

from django.contrib import admin

from areas.base.search import search


class SearchMixin:
    """The admin's search box and its autocompletes (a user's unit) search as every list
    does (``areas.base.search``)."""

    def get_search_results(self, request, queryset, search_term):
        fields = list(self.get_search_fields(request))
        if not fields:
            return queryset, False
        return search(queryset, search_term, fields), False


class ScopedAdmin(SearchMixin, admin.ModelAdmin):
    def get_queryset(self, request):
        return self.model.all_objects.for_user(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class CatalogueAdmin(SearchMixin, admin.ModelAdmin):
    """A national catalogue: the same for everyone; entries are retired, not deleted."""

    list_display = ["name", "is_active", "sort_order"]
    list_filter = ["is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False
