"""The signed copy of an issued report, read: is it a PDF, and what do its digital signatures
say. Read with pyHanko once, when the copy is attached; what was found is kept on the row.

For each signature: who signed (the certificate's name), when (the time the signer's software
put in the signature, or a timestamp's), whether the document was changed after signing, and
whether the certificate is trusted. The integrity is what matters here and needs no trust: the
bytes the signature covers either hash to what was signed or not, and whatever was appended
later is judged by pyHanko's difference analysis:

- ``intact``: the signature covers the whole file, or only signature upkeep (a document
  timestamp, validation data) came after it;
- ``extended``: after it, only more signatures or form fields filled in — the usual case of a
  signer's signature followed by the office's (Nghị định 30/2020 signs twice);
- ``modified``: the signed bytes no longer match, or anything else was changed after signing.

Trust is reported, not required: a certificate is trusted only when it chains to a root listed
in ``settings.SIGNATURE_TRUST_ROOTS`` (a PEM file; none by default), and nothing is fetched
from the network (no revocation look-ups).
"""

from __future__ import annotations

import asyncio
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings

from reports.reviews.models import SignatureReading

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
INTACT, EXTENDED, MODIFIED, UNKNOWN = "intact", "extended", "modified", "unknown"


class NotAPdf(ValueError):
    """The file is not a PDF that can be read; ``kind`` says which: "magic" or "parse"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def open_pdf(data: bytes):
    """The pyHanko reader of ``data``, or ``NotAPdf``: a PDF starts with ``%PDF-`` and its
    objects must be found (its cross-reference table and catalogue read)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not data.startswith(PDF_MAGIC):
        raise NotAPdf("magic")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            reader.decrypt("")  # an owner password only: readable without one
        reader.root["/Pages"]  # noqa: B018 — reading the catalogue proves the file parses
    except Exception as exc:  # pyHanko raises many kinds for a damaged file
        log.info("Signed copy does not parse: %s", exc)
        raise NotAPdf("parse") from exc
    return reader


@dataclass
class Reading:
    """What was found: the kind of copy, and one dict per signature (``SignedCopy.signatures``)."""

    kind: str
    signatures: list[dict] = field(default_factory=list)


def read_signatures(data: bytes) -> Reading:
    """The digital signatures of the PDF ``data`` (which ``open_pdf`` accepts). A file without
    any is a scan; one whose signatures cannot be read at all is kept as a scan too."""
    try:
        reader = open_pdf(data)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:
        log.info("Signatures of a signed copy could not be read: %s", exc)
        return Reading(SignatureReading.UNREADABLE)
    if not embedded:
        return Reading(SignatureReading.UNSIGNED)
    return Reading(SignatureReading.SIGNED, [_read_one(sig) for sig in embedded])


def _validate(sig):
    """pyHanko's validation of one signature. Its synchronous form calls ``asyncio.run``,
    which fails in a thread that already runs an event loop (an async server, a browser
    test's): there it runs in a thread of its own."""
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return validate_pdf_signature(sig, signer_validation_context=_validation_context())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_validate, sig).result()


def _read_one(sig) -> dict:

    entry = {
        "field": sig.field_name,
        "signer": _signer_name(sig),
        "signed_at": None,
        "integrity": UNKNOWN,
        "trusted": False,
    }
    try:
        status = _validate(sig)
    except Exception as exc:  # an unsupported or damaged signature: say so, keep the others
        log.info("Signature %s could not be validated: %s", sig.field_name, exc)
        return entry
    signed_at = status.signer_reported_dt
    if status.timestamp_validity is not None and status.timestamp_validity.intact:
        signed_at = status.timestamp_validity.timestamp
    entry.update(
        signed_at=signed_at.isoformat() if signed_at else None,
        integrity=integrity(status),
        trusted=bool(status.trusted),
    )
    return entry


def integrity(status) -> str:
    """``intact`` / ``extended`` / ``modified`` (see the module's note) of a pyHanko status."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not (status.intact and status.valid):
        return MODIFIED
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return INTACT
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION or not status.docmdp_ok:
        return MODIFIED
    level = status.modification_level
    if level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        return INTACT
    if level == ModificationLevel.FORM_FILLING:
        return EXTENDED
    return MODIFIED


def _signer_name(sig) -> str:
    try:
        subject = sig.signer_cert.subject
    except Exception:  # no certificate found in the signature
        return ""
    return subject.native.get("common_name") or subject.human_friendly


def _validation_context():
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=list(trust_roots(settings.SIGNATURE_TRUST_ROOTS)),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


@cache
def trust_roots(path: str) -> tuple:
    """The certificates of the PEM file ``path`` (empty: none)."""
    if not path:
        return ()
    from asn1crypto import pem, x509

    with open(path, "rb") as handle:
        content = handle.read()
    return tuple(
        x509.Certificate.load(der) for _kind, _headers, der in pem.unarmor(content, multiple=True)
    )
