"""Vietnamese first: the portal's pages are in Vietnamese whatever language the browser asks for
(a phone set to English still gets the Vietnamese portal), unless the user has chosen English
with the switch in the page's footer (Django's language cookie). The API keeps honouring
``Accept-Language``, so a script may ask for English messages."""

from __future__ import annotations


class VietnameseFirstMiddleware:
    """Drops the browser's ``Accept-Language`` from page requests before ``LocaleMiddleware``
    reads it, so that the language is the user's choice (the cookie) or ``LANGUAGE_CODE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
