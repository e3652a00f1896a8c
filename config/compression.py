"""Pages and API answers compressed on their way to a phone.

Static files are compressed once, by ``collectstatic`` (whitenoise's ``.br`` and ``.gz``), and
served by whitenoise before this middleware sees them. What Django renders — the pages, the
API's JSON — is compressed here: the shift entry page is about 30 KB of HTML and 5 KB gzipped,
which on a 400 kbit/s line is half a second saved on every open. Only text is compressed:
a PDF or a workbook is compressed already, and compressing it as a stream would only drop its
Content-Length (the download's progress bar).

Django's ``GZipMiddleware`` pads each compressed answer with random bytes (“Heal The
Breach”), so a page's secrets (the CSRF token, itself masked anew on every page) cannot be
read off the compressed length (BREACH).
"""

from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/problem+json",
    "application/vnd.oai.openapi",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(TEXT_TYPES):
            return response
        return super().process_response(request, response)
