"""The portal's answer when a request fails (``config/urls.py``'s ``handler400`` … ``handler500``
and ``CSRF_FAILURE_VIEW``): a page in Vietnamese, in the portal's layout, with a way back home;
under the API's prefix, a JSON body as DRF's (``{"detail": …}``), worded by the same catalogue.

Django's CSRF view renders ``403_csrf.html`` without the request: the layout would lose the
user's menu, the language buttons' token and the page's address; this one renders it with the
request. The 500 page stands alone on purpose: ``500.html`` needs no ``base.html``, no
request, no context processor and no lookup that can fail, because whatever broke the request
may break those too; if even that fails, a fixed page in the catalogue's words goes out.
"""

import logging

from django.http import HttpResponseServerError, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

logger = logging.getLogger(__name__)


def is_api(request) -> bool:
    """Whether ``request`` is for the API (its router's root and below)."""
    try:
        return request.path.startswith(reverse("api-root"))
    except Exception:  # a broken URL conf must not break the error page as well
        return False


def _api_error(exc_class, status: int) -> JsonResponse:
    # UTF-8 as DRF writes it, not \u escapes: shorter on a phone's link, readable in a log.
    return JsonResponse(
        {"detail": str(exc_class.default_detail)},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


@requires_csrf_token
def bad_request(request, exception=None):
    if is_api(request):
        return _api_error(exceptions.ParseError, 400)
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if is_api(request):
        return _api_error(exceptions.PermissionDenied, 403)
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if is_api(request):
        return _api_error(exceptions.NotFound, 404)
    return render(request, "404.html", status=404)


def server_error(request):
    if is_api(request):
        return _api_error(exceptions.APIException, 500)
    try:
        return HttpResponseServerError(loader.render_to_string("500.html"))
    except Exception:
        logger.exception("500.html could not be rendered; the fixed page is sent instead")
        return HttpResponseServerError(fallback_server_error_page())


def fallback_server_error_page() -> str:
    """A page that needs nothing but the catalogue: the same words as ``500.html``."""
    title = escape(_("Server error"))
    text = escape(
        _(
            "Something went wrong on the server, and what you just did may not have been "
            "saved. Try again in a few minutes; if it happens again, tell the portal's "
            "administrator."
        )
    )
    home = escape(_("Back to the overview"))
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>"
        f'<p><a href="/">{home}</a></p></body></html>'
    )


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: nothing was saved; say why in the officer's
    words (a page left open too long, a login in another tab, cookies blocked) and offer the
    form again. The page itself carries a fresh token, so the language buttons work."""
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "again": request.get_full_path()}
    return render(request, "403_csrf.html", context, status=403)
