"""Uploads: the one table of limits, the size check at the file field, and a previewed file
kept on the server until it is confirmed.

Every file the portal accepts has its row in ``LIMITS`` (README, "Uploads"); nginx's
``client_max_body_size`` (deploy/nginx.conf) is the largest file plus ``REQUEST_MARGIN``, so a
file a little over its limit still reaches the page and is refused there, in Vietnamese, at its
field. Sizes are checked before a byte of the file is parsed.

A spreadsheet checked on its preview page is kept under ``PRIVATE_MEDIA_ROOT/previews/`` for
``PREVIEW_TTL``; the page carries only a signed token naming the file, the user who uploaded
it and the page it was uploaded to, so confirming sends the token, not the file. A token is
used once: confirming claims the file (an atomic rename), and an import that saved its rows
deletes it; files older than ``PREVIEW_TTL`` are swept whenever a preview is kept.
"""

from __future__ import annotations

import datetime
import math
import os
import re
import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import formats
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadLimit:
    """What one kind of upload may be: its largest file and, for a spreadsheet, its rows and
    how large its contents may grow when unpacked (an .xlsx is a zip of XML)."""

    what: Promise
    max_bytes: int
    advice: Promise | str = ""  # what to do with a file too large
    max_rows: int | None = None
    max_unpacked_bytes: int | None = None

    @property
    def max_mb(self) -> int:
        return self.max_bytes // MB

    def check_size(self, file) -> None:
        """Refuse ``file`` larger than the limit, by its size alone (nothing is read)."""
        if file.size > self.max_bytes:
            message = _("The file is %(size)s MB, more than the %(limit)s MB allowed for %(what)s.")
            message %= {"size": _mb(file.size), "limit": self.max_mb, "what": self.what}
            raise ValidationError(f"{message} {self.advice}".strip(), code="file_too_big")

    def help_text(self) -> str:
        if self.max_rows is None:
            return _("At most %(limit)s MB.") % {"limit": self.max_mb}
        return _("At most %(limit)s MB and %(rows)s rows a sheet.") % {
            "limit": self.max_mb,
            "rows": formats.number_format(self.max_rows, force_grouping=True),
        }


def _mb(size: int) -> str:
    # Rounded up, so a file one byte over 5 MB reads 5,1 MB, never "5,0 MB, more than 5 MB".
    return formats.number_format(math.ceil(size * 10 / MB) / 10, 1)


# The table of limits (README, "Uploads"): one row per kind of file the portal accepts.
SPREADSHEET = UploadLimit(
    what=gettext_lazy("an imported spreadsheet"),
    max_bytes=5 * MB,
    advice=gettext_lazy("Split it into several smaller files."),
    max_rows=5000,
    max_unpacked_bytes=50 * MB,
)
# The signed copy of an issued review report (a scan or a signed PDF): issue 18 adds its
# upload; its limit is set here so that nginx lets it through.
SIGNED_COPY = UploadLimit(what=gettext_lazy("a signed copy of a report"), max_bytes=30 * MB)
LIMITS = {"spreadsheet": SPREADSHEET, "signed_copy": SIGNED_COPY}
# Room in a request for the multipart headers and the form's other fields, beside the file.
REQUEST_MARGIN = 1 * MB
PREVIEW_TTL = datetime.timedelta(hours=1)


def largest_request() -> int:
    """The largest request body an upload needs: nginx's ``client_max_body_size``."""
    return max(limit.max_bytes for limit in LIMITS.values()) + REQUEST_MARGIN


class LimitedFileField(forms.FileField):
    """A file field that refuses a file over its ``limit`` (the file is not read) and says
    the limit under the field."""

    def __init__(self, *, limit: UploadLimit, help_text="", **kwargs):
        self.limit = limit
        # Lazy: worded in the language of the request that shows the field.
        kwargs["help_text"] = format_lazy("{} {}", help_text, lazy(limit.help_text, str)())
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            self.limit.check_size(value)


# --- previews kept on the server -------------------------------------------------------------

_SALT = "areas.base.uploads.preview"
_NAME = re.compile(r"[0-9a-f]{32}")


class PreviewRefused(Exception):
    """A confirmation that cannot go ahead; ``str()`` says why, for the user."""


@dataclass
class Preview:
    """The bytes of a claimed preview; set ``used`` once its rows are saved."""

    content: bytes
    used: bool = False


def _folder() -> Path:
    folder = Path(default_storage.path("previews"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _expired(path: Path, now: float) -> bool:
    return now - path.stat().st_mtime > PREVIEW_TTL.total_seconds()


def sweep() -> int:
    """Delete the previews older than ``PREVIEW_TTL`` (claimed ones too: a crash mid-import
    leaves one); the number deleted."""
    now, swept = time.time(), 0
    for path in _folder().iterdir():
        try:
            if _expired(path, now):
                path.unlink()
                swept += 1
        except FileNotFoundError:  # confirmed or swept meanwhile
            pass
    return swept


def keep_preview(*, user, purpose: str, content: bytes) -> str:
    """Keep ``content`` for ``user`` to confirm on the page ``purpose``; the token to confirm
    it with."""
    sweep()
    name = secrets.token_hex(16)
    folder = _folder()
    fd, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    os.replace(temporary, folder / name)
    return signing.dumps({"u": user.pk, "p": purpose, "f": name}, salt=_SALT)


@contextmanager
def claimed_preview(*, user, purpose: str, token: str) -> Iterator[Preview]:
    """The preview named by ``token``, claimed for this confirmation alone: deleted when the
    block sets ``used``, put back for another try otherwise. Raises ``PreviewRefused``."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature as exc:
        raise PreviewRefused(_("This confirmation is damaged: upload the file again.")) from exc
    if data.get("u") != user.pk:
        raise PreviewRefused(
            _("This file was checked by another user: upload it yourself to import it.")
        )
    if data.get("p") != purpose or not _NAME.fullmatch(str(data.get("f"))):
        raise PreviewRefused(_("This file was checked for another import: upload it here."))
    kept = _folder() / data["f"]
    claimed = kept.with_suffix(".claimed")
    try:
        os.rename(kept, claimed)
    except FileNotFoundError as exc:
        raise PreviewRefused(
            _(
                "This file is no longer kept: it was imported already, or checked more than "
                "%(minutes)s minutes ago. Upload it again."
            )
            % {"minutes": int(PREVIEW_TTL.total_seconds() // 60)}
        ) from exc
    if _expired(claimed, time.time()):
        claimed.unlink(missing_ok=True)
        raise PreviewRefused(
            _(
                "This file was checked more than %(minutes)s minutes ago and is no longer "
                "kept: upload it again."
            )
            % {"minutes": int(PREVIEW_TTL.total_seconds() // 60)}
        )
    preview = Preview(content=claimed.read_bytes())
    try:
        yield preview
    finally:
        if preview.used:
            claimed.unlink(missing_ok=True)
        else:
            os.rename(claimed, kept)  # a rename keeps its age
