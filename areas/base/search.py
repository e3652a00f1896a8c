"""The one search of the portal: every list's search box (``SearchFilter``, the ``q`` of its
FilterSet, shared with the API) and the API's ``?search=`` (``ApiSearchFilter``, a DRF
filter backend in ``settings.REST_FRAMEWORK``) find names with or without their diacritics,
whatever Unicode form they were typed in: "nguyen van an", "Nguyễn Văn An" and its NFD form
all find "Nguyễn Văn An", and "đ" matches "d".

Both sides of the comparison go through the same database function, ``vi_search(text)``
(areas migration 0004): PostgreSQL's ``unaccent`` (its rules map đ to d and drop the marks,
combining ones included, so text in NFD comes out as in NFC), then ``lower`` — applied after
``unaccent``, so it has only ASCII letters to fold and works under the "C" collation too. The
term is put in NFC first, as stored text is (``areas.base.text.clean_text``). The function is
IMMUTABLE, so it could back a trigram index if a list ever needs one; without, the largest
list searched (persons, ~35,000 at province scale, a few hundred inside one commune's scope)
takes about 80 ms a word for province staff on this machine.

A term matches a row when each of its words is found in one of the fields (so "an nguyen"
finds "Nguyễn Văn An"); ``exact`` fields (a unit's code) match the whole term as it is.
The search narrows the queryset it is given, which the list or the viewset has already
scoped to the user's unit: it never widens what a user may see.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.lookups import Contains
from rest_framework.exceptions import ValidationError
from rest_framework.filters import SearchFilter as DrfSearchFilter

from areas.base.text import clean_text


class SearchText(Func):
    """``vi_search(expression)``: text as a search compares it."""

    function = "vi_search"
    output_field = TextField()


def search_words(term: str) -> list[str]:
    """The words of a typed search term, in NFC (``clean_text``)."""
    return clean_text(term).split()


def search(queryset: QuerySet, term: str, fields: list[str], exact: list[str] = ()) -> QuerySet:
    """``queryset``'s rows that ``term`` finds in ``fields`` (see the module's docstring);
    all of them for an empty term."""
    words = search_words(term or "")
    if not words:
        return queryset
    found = reduce(
        and_,
        (
            reduce(or_, (Q(Contains(SearchText(F(f)), SearchText(Value(w)))) for f in fields))
            for w in words
        ),
    )
    for field in exact:
        found |= Q(**{field: " ".join(words)})
    return queryset.filter(found)


class SearchFilter(django_filters.CharFilter):
    """The search box of a list: ``q = SearchFilter(["name", "motto"])``."""

    def __init__(self, fields: list[str], *, exact: list[str] = (), **kwargs):
        self.search_fields = list(fields)
        self.exact_fields = list(exact)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return search(qs, value, self.search_fields, self.exact_fields)


def view_search(view) -> SearchFilter | None:
    """The search box of ``view``'s FilterSet, if it has one."""
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is None:
        return None
    for declared in filterset_class.base_filters.values():
        if isinstance(declared, SearchFilter):
            return declared
    return None


class ApiSearchFilter(DrfSearchFilter):
    """``?search=`` of a list endpoint: the same search as its FilterSet's search box
    (``?q=``). The fields are declared there, once, for the page and the API; a viewset's
    own ``search_fields`` are not read."""

    def filter_queryset(self, request, queryset, view):
        box = view_search(view)
        if box is None:
            return queryset
        term = request.query_params.get(self.search_param, "")
        try:  # as the search box's own field does: PostgreSQL's text cannot hold a NUL
            ProhibitNullCharactersValidator()(term)
        except DjangoValidationError as err:
            raise ValidationError({self.search_param: err.messages}) from err
        return search(queryset, term, box.search_fields, box.exact_fields)

    def get_schema_operation_parameters(self, view):
        return super().get_schema_operation_parameters(view) if view_search(view) else []
