"""DRF's defaults for every endpoint (``settings.REST_FRAMEWORK``): permissions from the
user's role and paging. DRF imports this module while it loads its settings, so it imports
nothing of DRF's views."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissions


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
