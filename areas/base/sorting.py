"""Vietnamese alphabetical order: one key function, ``vi_key``, and the stored column that keeps
it (``SortKeyField``), so that PostgreSQL orders and paginates names with its plain "C"
collation — the embedded PostgreSQL 18 wheel has no ICU, so no database collation can do it.

The order is ICU's Vietnamese collation (CLDR ``vi``) at secondary strength, with numbers in
numeric order:

- letters, case-insensitively: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v
  (w) x y (z) — "Bắc" < "Bình" (ă < i), "Dung" < "Đức" (đ is a letter after d), "ơ" < "p";
- the tone marks count only between names whose letters are all equal, first difference
  first, in the dictionary's order: ngang, huyền, hỏi, ngã, sắc, nặng (a < à < ả < ã < á < ạ);
- a space sorts before punctuation, punctuation before digits, digits before letters, so
  "An" < "An Bình" < "Ana" and "Ea H'leo" < "Ea Hleo";
- a run of digits is a number: "Thôn 2" < "Thôn 10" (leading zeros do not count, "Tổ 02" and
  "Tổ 2" tie); other characters (another script) come after the letters.

Why a hand-written key rather than a library: ICU gives this order, but its Python bindings
need a compiled libicu (``pyicu`` ships no wheels; ``icu4py`` has no collator) and ICU sort
keys change with ICU's version, so stored keys would silently disagree after an upgrade;
``pyuca`` knows only the untailored DUCET, which files đ under d and ă, â under a. The key
below is a few dozen lines, has no dependency and is checked against PostgreSQL's own ICU
``vi`` collation where the server has one (``tests/areas/test_sorting.py``). Where it departs
from ICU on purpose: whitespace runs count as one space and are trimmed, typographic quotes
and dashes count as their ASCII twins, and an Icelandic "Ð" typed for "Đ" is taken as "Đ".

The key is ASCII up to the "other" characters and compares code point by code point, which is
UTF-8 byte order: Python's ``sorted(key=vi_key)`` and PostgreSQL's ``ORDER BY … COLLATE "C"``
agree. Layout: one character per letter, space or punctuation mark, a length character and
the digits for a number; then ``!``; then one tone digit per letter, so that tones decide only
when everything before ``!`` is equal. A key is at most ``2 × len(text) + 1`` characters.
"""

from __future__ import annotations

import unicodedata

from django.db import models

# Letters in Vietnamese order, with the foreign f, j, w, z where the Latin alphabet has them.
LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# ASCII punctuation and symbols in ICU's order (root collation, as CLDR vi keeps it).
PUNCTUATION = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
MAX_DIGITS = 20  # a longer run of digits is read as several numbers of 20 digits

_END = "!"  # ends the letters; lower than anything in them, so "An" < "An Bình"
_SPACE = '"'
_FIRST_PUNCTUATION = 0x23
_OTHER_SYMBOL = chr(_FIRST_PUNCTUATION + len(PUNCTUATION))  # any other mark or symbol
_FIRST_NUMBER = ord(_OTHER_SYMBOL) + 1  # + the number of digits
_FIRST_LETTER = _FIRST_NUMBER + MAX_DIGITS
assert _FIRST_LETTER + len(LETTERS) <= 0x7F, "the key's own characters stay ASCII"

_LETTER_CODE = {letter: chr(_FIRST_LETTER + i) for i, letter in enumerate(LETTERS)}
_PUNCTUATION_CODE = {c: chr(_FIRST_PUNCTUATION + i) for i, c in enumerate(PUNCTUATION)}
# Typographic twins of ASCII marks, as phones and word processors type them.
_TWINS = {
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u02bc": "'",  # ʼ
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2013": "-",  # –
    "\u2014": "-",  # —
    "\u2026": ".",  # …
}
_PUNCTUATION_CODE.update({twin: _PUNCTUATION_CODE[ascii] for twin, ascii in _TWINS.items()})

# Marks that make a letter of the Vietnamese alphabet (NFD: ă = a + breve …).
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# The tones: huyền, hỏi, ngã, sắc, nặng (ngang, no mark, is 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_OTHER_MARKS = 6  # a mark no Vietnamese letter has (ö, ç): after the tones
_SAME_LETTER = {"ð": "đ"}  # Icelandic eth, often typed for Đ


def vi_key(text: str) -> str:
    """The Vietnamese sort key of ``text`` (see the module's docstring)."""
    letters: list[str] = []
    tones: list[str] = []
    chars = unicodedata.normalize("NFD", text.lower().strip())
    i, n = 0, len(chars)
    while i < n:
        char = chars[i]
        i += 1
        if char.isspace():
            while i < n and chars[i].isspace():
                i += 1
            letters.append(_SPACE)
        elif "0" <= char <= "9":
            start = i - 1
            while i < n and "0" <= chars[i] <= "9":
                i += 1
            _number(chars[start:i], letters)
        elif unicodedata.combining(char):
            continue  # a mark with no letter before it
        else:
            char = _SAME_LETTER.get(char, char)
            tone, other_mark = 0, False
            while i < n and unicodedata.combining(chars[i]):
                mark = chars[i]
                i += 1
                if (char, mark) in _LETTER_MARKS:
                    char = _LETTER_MARKS[char, mark]
                elif mark in _TONES and not tone:
                    tone = _TONES[mark]
                else:
                    other_mark = True
            if char in _LETTER_CODE:
                letters.append(_LETTER_CODE[char])
                tones.append(chr(ord("0") + tone + (_OTHER_MARKS if other_mark else 0)))
            elif char in _PUNCTUATION_CODE:
                letters.append(_PUNCTUATION_CODE[char])
            elif unicodedata.category(char)[0] == "C":
                continue  # control and format characters (a zero-width space) do not count
            elif unicodedata.category(char)[0] in "PSZ":
                letters.append(_OTHER_SYMBOL)
            else:
                letters.append(char)  # a letter of another script: after z, by code point
    return "".join(letters) + _END + "".join(tones)


def _number(digits: str, out: list[str]) -> None:
    for start in range(0, len(digits), MAX_DIGITS):
        chunk = digits[start : start + MAX_DIGITS]
        if start == 0:
            chunk = chunk.lstrip("0") or "0"
        out.append(chr(_FIRST_NUMBER + len(chunk) - 1))
        out.append(chunk)


def vi_person_key(full_name: str) -> str:
    """A person's key: given name first, then family and middle names ("Nguyễn Văn An" is
    filed under An), as Vietnamese rosters are — most people share a handful of family
    names, so the full name in its written order would file a third of a commune under
    Nguyễn."""
    words = full_name.split()
    return vi_key(" ".join(words[-1:] + words[:-1]))


def sort_key_length(source_length: int) -> int:
    """The longest key of a text of ``source_length`` characters."""
    return 2 * source_length + 1


class SortKeyField(models.CharField):
    """The Vietnamese sort key of the field ``source``: order by this column, not by the name.

    Filled from Python on every write that goes through the model — ``save()`` (an
    ``update_fields`` naming the source includes the key: ``areas.models`` bases) and
    ``bulk_create`` (both call ``pre_save``). Raw SQL inserts and ``QuerySet.update`` of the
    name must set it themselves (``refresh_sort_keys``). Stored with the "C" collation, whose
    byte order is the key's order, on every PostgreSQL; kept out of the change history, as it
    says nothing the name does not.
    """

    def __init__(self, source: str, *, person: bool = False, **kwargs):
        self.source = source
        self.person = person
        kwargs["editable"] = False
        kwargs.setdefault("db_collation", "C")
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if self.person:
            kwargs["person"] = True
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def key_of(self, value: str | None) -> str:
        if not value:
            return ""
        return vi_person_key(value) if self.person else vi_key(value)

    def pre_save(self, model_instance, add):
        value = self.key_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def sort_key_fields(model) -> list[SortKeyField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, SortKeyField)]


def with_sort_keys(model, update_fields):
    """``update_fields`` plus the keys of the fields it names (``save(update_fields=…)``)."""
    if update_fields is None:
        return None
    names = set(update_fields)
    return names | {f.name for f in sort_key_fields(model) if f.source in names}


def refresh_sort_keys(queryset, batch_size: int = 2000) -> int:
    """Recompute the stored keys of ``queryset``'s rows (a data migration, rows written by
    raw SQL, a change of ``vi_key``); writes only the keys that differ. Returns how many."""
    model = queryset.model
    fields = sort_key_fields(model)
    if not fields:
        return 0
    columns = ["pk", *{f.source for f in fields}, *(f.attname for f in fields)]
    changed = []
    for row in queryset.order_by().values(*columns).iterator(chunk_size=batch_size):
        obj = model(pk=row["pk"])
        stale = False
        for field in fields:
            key = field.key_of(row[field.source])
            setattr(obj, field.attname, key)
            stale = stale or key != row[field.attname]
        if stale:
            changed.append(obj)
    queryset.model._base_manager.bulk_update(
        changed, [f.attname for f in fields], batch_size=batch_size
    )
    return len(changed)
