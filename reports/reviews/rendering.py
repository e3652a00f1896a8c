"""A review report's document rendered to HTML (the preview) and PDF (WeasyPrint): pure
functions of the document's data, reading only the portal's own static files."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def render_html(document: dict, *, for_print: bool = True) -> str:
    return render_to_string(
        "reports/review/print.html" if for_print else "reports/review/document.html",
        {"doc": document, "static_base": STATIC_DIR.as_uri() + "/"},
    )


class StaticOnlyFetcher:
    """WeasyPrint may read our own static files (the fonts and the stylesheet) and nothing
    else: no network, no redirects, no file outside ``static/`` (an SSRF through redirects was
    reported against WeasyPrint in 2025)."""

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._fetcher = URLFetcher(allowed_protocols={"file"}, allow_redirects=False)
        self._root = STATIC_DIR.resolve()

    def __call__(self, url: str, *args, **kwargs):
        return self.fetch(url)

    def fetch(self, url: str, headers=None):
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve()
        if parts.scheme != "file" or not path.is_relative_to(self._root):
            raise ValueError(f"Refused to fetch {url!r}: only the portal's static files.")
        return self._fetcher.fetch(url, headers)


def render_pdf(document: dict) -> tuple[bytes, int]:
    """The PDF of a document and its number of pages."""
    from weasyprint import HTML

    html = render_html(document)
    rendered = HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()
    ).render()
    buffer = io.BytesIO()
    rendered.write_pdf(buffer)
    return buffer.getvalue(), len(rendered.pages)
