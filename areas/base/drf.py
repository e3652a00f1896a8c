"""DRF's defaults for every endpoint (``settings.REST_FRAMEWORK``): authentication, permissions
from the user's role, paging, ordering and the answer to a failed request. DRF imports this
module while it loads its settings, so it imports nothing of DRF's views."""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissions

from areas.base.sorting import sort_key_fields


class ScopedModelPermissions(DjangoModelPermissions):
    """Model permissions from the user's role, reads included.

    Scope is not checked here: viewsets read through ``for_user``, so an object outside the
    user's unit is simply not found (404), while a user whose role lacks the permission gets 403.
    A viewset's extra actions may name their own permissions (``action_permissions``).
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        # An action that is not the model's own create / update (render a report, issue a
        # version) names its permissions on the view: ``action_permissions[action]``.
        required = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if required is None:
            return super().has_permission(request, view)
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(required))


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


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, the user read with their unit, which every request reads to
    open its scope (``areas.scoping``): one query, not two."""

    def authenticate_credentials(self, key):
        token = self.get_model().objects.select_related("user__scope_unit").filter(key=key).first()
        if token is None or not token.user.is_active:
            return super().authenticate_credentials(key)  # DRF's refusal, in its words
        return (token.user, token)


class CsrfSessionAuthentication(SessionAuthentication):
    """The browser's session, as DRF's: a write without the CSRF token is refused (403), with a
    message in Vietnamese instead of ``CSRF Failed: CSRF token missing.``.

    Listed after ``TokenAuthentication`` in the settings: DRF takes the ``WWW-Authenticate``
    header of the first class, and a session has none, so with the session first a missing or
    invalid token came back as 403 instead of 401.
    """

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(
                _("The security check (CSRF) failed: reload the page and send again."),
                code="csrf_failed",
            ) from exc


class CsrfSessionScheme(SessionScheme):
    """The schema names the session as it names DRF's own (``cookieAuth``)."""

    target_class = CsrfSessionAuthentication


_JSON_POSITION = re.compile(r"line (\d+) column (\d+)")


def exception_handler(exc, context):
    """DRF's answer to a failed request, in Vietnamese and naming nothing of the code.

    A 404 is "Không tìm thấy." whatever raised it: Django's ``get_object_or_404`` says, in
    English, "No GrassrootsModel matches the given query.", which DRF passed on. A body that is
    not JSON is told so in Vietnamese, with where the parser stopped (DRF passes the parser's
    English). The rest is DRF's own handler; its messages are in the catalogue.
    """
    from rest_framework.views import exception_handler as drf_handler  # see the module's note

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, exceptions.ParseError) and str(exc.detail).startswith("JSON parse error"):
        position = _JSON_POSITION.search(str(exc.detail))
        if position:
            message = _("The request body is not valid JSON (line %(line)s, column %(column)s).")
            exc = exceptions.ParseError(message % {"line": position[1], "column": position[2]})
        else:
            exc = exceptions.ParseError(_("The request body is not valid JSON."))
    return drf_handler(exc, context)
