"""DRF's defaults for every endpoint (``settings.REST_FRAMEWORK``): permissions from the
user's role, paging and ordering. DRF imports this module while it loads its settings, so it
imports nothing of DRF's views."""

from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissions

from areas.base.sorting import sort_key_fields


class ScopedModelPermissions(DjangoModelPermissions):
    """Model permissions from the user's role, reads included.

    Scope is not checked here: viewsets read through ``for_user``, so an object outside the
    user's unit is simply not found (404), while a user whose role lacks the permission gets 403.
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class StandardPagination(PageNumberPagination):
    """50 rows a page; clients on a slow link may ask for fewer (``page_size``), up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class VietnameseOrderingFilter(OrderingFilter):
    """``?ordering=name`` (or ``-full_name``): a name is ordered by its Vietnamese sort key
    (``areas.base.sorting``), not by the bytes of the name."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        keys = {field.source: field.name for field in sort_key_fields(queryset.model)}
        terms = []
        for term in ordering:
            name = term.lstrip("-")
            terms.append(term[: len(term) - len(name)] + keys.get(name, name))
        return terms
