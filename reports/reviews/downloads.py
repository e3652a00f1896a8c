"""The review's files as downloads, one answer for the pages and the API: a stored PDF (a
version's, a signed copy's), and a ready version's document in another format than its PDF, built on request from its
snapshot (the data its PDF printed, never figures computed again): the .docx in the PDF's
layout (``wordfile``) and its tables as .xlsx (``spreadsheet``). One answer for the page's
download and the API's."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse

from areas.base.xlsx import XLSX_TYPE, attachment
from reports.reviews import spreadsheet, wordfile
from reports.reviews.models import RenderStatus, ReportVersion

FORMATS = {
    "docx": (".docx", wordfile.DOCX_TYPE, wordfile.version_docx),
    "xlsx": (".xlsx", XLSX_TYPE, spreadsheet.version_xlsx),
}


def version_file_response(version: ReportVersion, kind: str) -> HttpResponse:
    """The file of ``kind`` ("docx", "xlsx") of a ready version, as a download; 404 before."""
    if version.status != RenderStatus.READY or not version.snapshot:
        raise Http404("This version is not ready.")
    suffix, content_type, build = FORMATS[kind]
    return attachment(build(version), Path(version.filename).with_suffix(suffix).name, content_type)


def pdf_download(file, filename: str, *, inline: bool = False) -> FileResponse:
    """A stored PDF (``file``: a FieldFile), as a download or, ``inline``, to open in the
    browser. A file gone from the disk (a database restored without its files) is a 404, not a
    server error."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as err:
        raise Http404("The file of this document is missing.") from err
    return FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type="application/pdf"
    )
