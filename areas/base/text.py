"""Text as it is stored: one function, ``clean_text``, that every way in applies to what users
type before it is validated or saved — the forms (``areas.base.forms.PlainTextMixin``), the API
(``areas.base.api.ScopedViewSetMixin``) and the .xlsx imports (``areas.base.sheets.cell_text``).

Why at the doors and not in ``Model.save``: a form's or a serializer's length limit and the
model's clash checks (one current leader, a unique name) run before ``save`` and must see the
text that will be stored — a name in NFD is up to a third longer than in NFC, and "Nguyễn" in
NFD is not equal to "Nguyễn" in NFC, so a duplicate would pass the check and fail in the
database. A save hook would also miss ``bulk_create`` and ``QuerySet.update``.

Why NFC: phones (iOS keyboards, Unikey's "Unicode tổ hợp") and copy-paste from PDFs send
decomposed diacritics ("e" + U+0302 + U+0303 for "ễ"); the same word in two forms would be two
names to ``=``, ``unique`` and a search.
"""

from __future__ import annotations

import unicodedata

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict


def clean_text(value: str) -> str:
    """``value`` in Unicode NFC, with "\\n" line ends ("\\r\\n" from a textarea, "\\r" from an
    old Mac), without leading and trailing whitespace."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value).strip()


def clean_data(data):
    """A submitted document with every string in it through ``clean_text``: a form's
    ``QueryDict``, a JSON body's dicts and lists at any depth (a shift's incidents). Anything
    else — numbers, uploaded files — is left as it is. Returns a new object; ``data`` is not
    changed."""
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, MultiValueDict):
        # Not data.copy(): that deep-copies the values, uploaded files with their handles.
        if isinstance(data, QueryDict):
            cleaned = QueryDict(mutable=True, encoding=data.encoding)
        else:
            cleaned = MultiValueDict()
        for key, values in data.lists():
            cleaned.setlist(key, [clean_data(v) for v in values])
        return cleaned
    if isinstance(data, dict):
        return {key: clean_data(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(clean_data(value) for value in data)
    return data
